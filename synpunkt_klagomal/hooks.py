def post_init_hook(env):
    """Give every existing company its own series of case references and its
    own e-mail alias."""
    companies = env["res.company"].search([])
    companies._synpunkt_ensure_sequence()
    companies._synpunkt_ensure_alias()
