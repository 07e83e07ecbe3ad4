from odoo import fields, models


class SynpunktCategory(models.Model):
    """What a case is about (bemötande, handläggning, mat, ...). Used for
    statistics to the social committee."""

    _name = "synpunkt.category"
    _description = "Case category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", index=True,
        help="Leave empty to share the category between all companies.",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A category with this name already exists."),
    ]
