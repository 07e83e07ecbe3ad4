from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    synpunkt_unit_ids = fields.Many2many(
        "synpunkt.unit",
        "synpunkt_unit_member_rel",
        "user_id",
        "unit_id",
        string="Complaint units",
        help="Units whose cases this user works.",
    )
    synpunkt_managed_unit_ids = fields.One2many(
        "synpunkt.unit", "manager_id", string="Managed complaint units"
    )
    synpunkt_access_unit_ids = fields.Many2many(
        "synpunkt.unit",
        compute="_compute_synpunkt_access_unit_ids",
        string="Units worked",
        help="The units whose cases the user works: those they belong to or manage. "
        "Record rules take sub-units too (child_of).",
    )

    @api.depends("synpunkt_unit_ids", "synpunkt_managed_unit_ids")
    @api.depends_context("uid")
    def _compute_synpunkt_access_unit_ids(self):
        for user in self:
            user_sudo = user.sudo()
            user.synpunkt_access_unit_ids = (
                user_sudo.synpunkt_unit_ids | user_sudo.synpunkt_managed_unit_ids
            )
