from odoo import fields, models

EXTRACT_ACTIONS = [("search", "Search"), ("print", "Printed extract")]


class SynpunktExtractLog(models.Model):
    """Who searched the cases for a person (register extract, GDPR art. 15),
    for what, and when. Such a search touches secret data (that someone is a
    client of the social services), so it is logged, readable by
    administrators only, and written only by the wizard (sudo)."""

    _name = "synpunkt.extract.log"
    _description = "Register extract log"
    _order = "date desc, id desc"
    _rec_name = "search_term"

    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Searched by", required=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    action = fields.Selection(EXTRACT_ACTIONS, required=True, readonly=True)
    search_term = fields.Char(string="Searched for", required=True, readonly=True)
    references = fields.Text(string="Cases found", readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True)
