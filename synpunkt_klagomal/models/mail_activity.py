from odoo import _, api, models
from odoo.exceptions import UserError

from .document_access import CASE_MODEL


class MailActivity(models.Model):
    """An activity shows its summary, note and the case's reference to the
    person it is assigned to, even without access to the case (Odoo lets the
    assignee read it, and mails it): an activity of a case is assigned only to
    someone who can read the case. Activities of other models are Odoo's."""

    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._synpunkt_check_assignees()
        return activities

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "res_id", "res_model_id", "res_model"} & vals.keys():
            self._synpunkt_check_assignees()
        return result

    def _synpunkt_check_assignees(self):
        case_activities = self.sudo().filtered(
            lambda activity: activity.res_model == CASE_MODEL and activity.user_id
        )
        # One search per assignee, not per activity (escalation makes many).
        for user, activities in case_activities.grouped("user_id").items():
            cases = self.env[CASE_MODEL].sudo().browse(set(activities.mapped("res_id")))
            readable = cases._synpunkt_readable_by(user)
            for case in cases - readable:
                raise UserError(
                    _(
                        "%(user)s cannot read case %(ref)s, so the activity cannot be "
                        "assigned to them.",
                        user=user.name,
                        ref=case.name,
                    )
                )
