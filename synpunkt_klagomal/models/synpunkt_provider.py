from odoo import fields, models


class SynpunktProvider(models.Model):
    """Who runs a service: the municipality itself or a private provider
    under a LOV/LOU contract. Cases about a private provider show it and the
    municipality's contract owner, who follows up the contract."""

    _name = "synpunkt.provider"
    _description = "Service provider"
    _order = "provider_type, name"

    name = fields.Char(required=True, translate=False)
    active = fields.Boolean(default=True)
    provider_type = fields.Selection(
        [("municipal", "Municipal (own operation)"), ("private", "Private provider")],
        string="Type",
        required=True,
        default="municipal",
    )
    contract_form = fields.Selection(
        [
            ("lov", "LOV (free choice)"),
            ("lou", "LOU (procurement)"),
            ("other", "Other"),
        ],
        help="The legal form of the contract with a private provider.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        help="The provider's organisation or contact person. Never a complainant.",
    )
    contract_owner_id = fields.Many2one(
        "res.users",
        string="Contract owner",
        domain=[("share", "=", False)],
        help="The municipality's officer responsible for the contract.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    unit_ids = fields.One2many("synpunkt.unit", "provider_id", string="Units")
    note = fields.Html()
