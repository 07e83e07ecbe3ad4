from odoo import api, fields, models

# Writes of res.users that can change which cases a user may read: groups
# (also as Odoo's reified in_group_/sel_groups_ fields), companies, units,
# being active or internal.
READER_KEYS = (
    "groups_id",
    "in_group_",
    "sel_groups_",
    "company_ids",
    "company_id",
    "active",
    "share",
    "synpunkt_unit_ids",
)
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
        (see synpunkt.unit._check_cases_workable); and follows of cases the
        user can no longer read end."""
        watched = (
            "synpunkt_unit_ids" in vals
            or "active" in vals
            or any(key.startswith(GROUP_FIELDS_PREFIXES) for key in vals)
        )
        units = self.env["synpunkt.unit"]
        if watched:
            own = self.sudo()
            units = (
                own.synpunkt_unit_ids
                | own.synpunkt_managed_unit_ids
                | self.env["synpunkt.complaint"]
                .sudo()
                .search([("user_id", "in", self.ids), ("is_closed", "=", False)])
                .unit_id
            )
        result = super().write(vals)
        if "synpunkt_unit_ids" in vals:
            # The handler rule reads the user's units; Odoo caches evaluated
            # rule domains (see synpunkt.unit._invalidate_access_cache).
            self.env["synpunkt.unit"]._invalidate_access_cache()
        if units:
            units._check_cases_workable()
        if any(key.startswith(READER_KEYS) for key in vals):
            self._synpunkt_prune_case_followers()
        return result

    def _synpunkt_prune_case_followers(self):
        """A user whose groups, companies or units changed may no longer read
        cases they follow, hold activities of or were told of: those follows
        end, the activities are handed on (SPEC §3) and the unread
        notifications are marked read."""
        followed = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "synpunkt.complaint"),
                    ("partner_id", "in", self.partner_id.ids),
                ]
            )
        )
        assigned = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "synpunkt.complaint"),
                    ("user_id", "in", self.ids),
                ]
            )
        )
        # Told of a case without following it (mentioned): its unread
        # notifications would stay in Discuss's counter.
        unread = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("res_partner_id", "in", self.partner_id.ids),
                    ("notification_type", "=", "inbox"),
                    ("is_read", "=", False),
                    ("mail_message_id.model", "=", "synpunkt.complaint"),
                ]
            )
        )
        cases = (
            self.env["synpunkt.complaint"]
            .sudo()
            .browse(
                set(followed.mapped("res_id"))
                | set(assigned.mapped("res_id"))
                | set(unread.mail_message_id.mapped("res_id"))
            )
        )
        cases._synpunkt_prune_followers(partners=self.partner_id)


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        # Those who leave a group lose rights too: take them before the write.
        before = (
            self.users
            if {"users", "implied_ids"} & vals.keys()
            else self.env["res.users"]
        )
        result = super().write(vals)
        if {"users", "implied_ids"} & vals.keys():
            (before | self.users)._synpunkt_prune_case_followers()
        return result
