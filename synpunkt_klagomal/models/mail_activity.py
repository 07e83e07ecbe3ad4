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
        for activity in case_activities:
            case = self.env[CASE_MODEL].sudo().browse(activity.res_id)
            if not case._synpunkt_readable_by(activity.user_id):
                raise UserError(_(
                    "%(user)s cannot read case %(ref)s, so the activity cannot be assigned to them.",
                    user=activity.user_id.name, ref=case.name,
                ))
