from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    synpunkt_head_user_id = fields.Many2one(
        related="company_id.synpunkt_head_user_id", readonly=False
    )
    synpunkt_ack_days = fields.Integer(
        related="company_id.synpunkt_ack_days", readonly=False
    )
    synpunkt_response_days = fields.Integer(
        related="company_id.synpunkt_response_days", readonly=False
    )
    synpunkt_day_type = fields.Selection(
        related="company_id.synpunkt_day_type", readonly=False
    )
    synpunkt_alias_name = fields.Char(
        related="company_id.synpunkt_alias_id.alias_name",
        readonly=False,
        string="E-mail alias",
    )
    synpunkt_alias_domain = fields.Char(
        related="company_id.synpunkt_alias_id.alias_domain"
    )
    synpunkt_retention_months = fields.Integer(
        related="company_id.synpunkt_retention_months", readonly=False
    )
    synpunkt_retention_decision = fields.Char(
        related="company_id.synpunkt_retention_decision", readonly=False
    )
    synpunkt_retention_user_id = fields.Many2one(
        related="company_id.synpunkt_retention_user_id"
    )
    synpunkt_retention_config_date = fields.Datetime(
        related="company_id.synpunkt_retention_config_date"
    )
