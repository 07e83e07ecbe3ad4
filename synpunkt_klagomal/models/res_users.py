from odoo import api, fields, models

GROUP_FIELDS_PREFIXES = ("groups_id", "in_group_", "sel_groups_")


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

    def write(self, vals):
        """Taking a user out of a unit, archiving them or removing their
        groups must not leave a unit's open cases with nobody to work them
        (see synpunkt.unit._check_cases_workable)."""
        watched = "synpunkt_unit_ids" in vals or "active" in vals or any(
            key.startswith(GROUP_FIELDS_PREFIXES) for key in vals
        )
        units = self.env["synpunkt.unit"]
        if watched:
            own = self.sudo()
            units = own.synpunkt_unit_ids | own.synpunkt_managed_unit_ids | self.env[
                "synpunkt.complaint"
            ].sudo().search([("user_id", "in", self.ids), ("is_closed", "=", False)]).unit_id
        result = super().write(vals)
        if units:
            units._check_cases_workable()
        return result
