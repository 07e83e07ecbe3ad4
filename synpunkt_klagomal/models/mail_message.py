from odoo import api, models
from odoo.osv import expression

from .document_access import forbid_unreadable_documents

GUARDED_MODEL = "synpunkt.complaint"


class MailMessage(models.Model):
    """Odoo lets the author and every notified recipient of a message read it
    even when they cannot read its document. A case's messages hold its
    content, so for cases the document's access alone decides: a handler who
    lost a case, or a manager notified about a case later made confidential,
    no longer reads its history."""

    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and not _pins_other_model(domain):
            readable_cases = self.env[GUARDED_MODEL]._search([])
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("model", "!=", GUARDED_MODEL),
                        ("res_id", "in", readable_cases),
                    ],
                ]
            )
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self, operation, super()._check_access(operation), (GUARDED_MODEL,),
            lambda forbidden: forbidden._make_access_error(operation),
            model_column="model",
        )


def _pins_other_model(domain):
    """True when the domain itself keeps to another model's messages (a
    chatter of another document): no need to filter cases out of it. Only a
    plain conjunction is read this way; with '|' or '!' the filter stays."""
    if any(isinstance(term, str) and term != "&" for term in domain):
        return False
    return any(
        isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0] == "model"
        and leaf[1] == "=" and leaf[2] != GUARDED_MODEL
        for leaf in domain
    )
