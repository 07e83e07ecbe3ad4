from odoo import models

from .document_access import CASE_MODEL


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template(self, res_ids, render_fields, find_or_create_partners=False):
        """A template about a case without its own Reply-To asks for replies
        at the case's reply address (the company's intake alias, see
        synpunkt.complaint._notify_get_reply_to), not at the sender's
        address, which Odoo does not read. Other models are left alone."""
        results = super()._generate_template(
            res_ids, render_fields, find_or_create_partners=find_or_create_partners
        )
        if "reply_to" not in render_fields or set(self.mapped("model")) != {CASE_MODEL}:
            return results
        missing = [
            res_id
            for res_id in res_ids
            if res_id and not results.get(res_id, {}).get("reply_to")
        ]
        if missing:
            reply_to = (
                self.env[CASE_MODEL].browse(missing)._notify_get_reply_to(default=False)
            )
            for res_id in missing:
                if reply_to.get(res_id):
                    results.setdefault(res_id, {})["reply_to"] = reply_to[res_id]
        return results
