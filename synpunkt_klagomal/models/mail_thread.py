from odoo import api, models

from .document_access import CASE_MODEL


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        """Routes to cases are decided by the case model (a reply from
        another address to a confidential case, a reference in the subject:
        see synpunkt_complaint_mail.py), and the internal users the mail was
        also addressed to become its recipients only where they can read the
        case. Routes to other models are left as they are."""
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        if not any(route[0] == CASE_MODEL for route in routes or ()):
            return routes
        Cases = self.env[CASE_MODEL]
        routes = [
            Cases._synpunkt_route_incoming(message_dict, route)
            if route[0] == CASE_MODEL
            else route
            for route in routes
        ]
        if message_dict.get("partner_ids"):
            message_dict["partner_ids"] = Cases._synpunkt_allowed_recipients(
                message_dict["partner_ids"],
                [route for route in routes if route[0] == CASE_MODEL],
            )
        return routes
