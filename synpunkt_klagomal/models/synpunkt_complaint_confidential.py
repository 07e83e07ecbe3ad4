"""Confidential cases (OSL 26 kap. 1 §): the flag with its legal ground and
stamp, and what no mail about such a case may contain. Who may read a case is
decided by the record rules (security/synpunkt_rules.xml); who receives its
content, by synpunkt_complaint_readers.py."""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext
from odoo.tools.mail import html_to_inner_content

from .synpunkt_complaint import DEFAULT_CONFIDENTIALITY_GROUND


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    is_confidential = fields.Boolean(string="Confidential", tracking=True, index=True)
    confidentiality_ground = fields.Char(
        string="Legal ground",
        tracking=True,
        help="The provision of the Public Access to Information and Secrecy Act, "
        "e.g. 'OSL 26 kap. 1 §'.",
    )
    confidentiality_date = fields.Datetime(
        string="Marked confidential on", readonly=True, copy=False
    )
    confidentiality_user_id = fields.Many2one(
        "res.users", string="Marked confidential by", readonly=True, copy=False
    )

    @api.constrains("is_confidential", "confidentiality_ground")
    def _check_confidentiality_ground(self):
        for case in self:
            if case.is_confidential and not (case.confidentiality_ground or "").strip():
                raise ValidationError(
                    _(
                        "A confidential case needs its legal ground, e.g. 'OSL 26 kap. "
                        "1 §'."
                    )
                )

    @api.onchange("is_confidential")
    def _onchange_is_confidential(self):
        if self.is_confidential and not self.confidentiality_ground:
            self.confidentiality_ground = DEFAULT_CONFIDENTIALITY_GROUND

    def _confidentiality_stamp(self):
        return {
            "confidentiality_date": fields.Datetime.now(),
            "confidentiality_user_id": self.env.uid,
        }

    def _confidential_secrets(self):
        """What no mail about this confidential case may contain: what was
        written and who wrote it. Lines of the description count on their
        own, so a template quoting one line is caught too; the answer, when
        it may not leave (the same rule as for sending it and for the status
        page), counts whole and by every line of 8 characters or more."""
        self.ensure_one()
        texts = [
            self.submitter_name,
            self.submitter_phone,
            self.submitter_email,
            self.submitter_street,
            self.submitter_zip,
            self.submitter_city,
            self.event_time,
            self.suggestion,
        ]
        texts_by_line = [self.description, self.suggestion, self.redirect_note]
        if not self._synpunkt_answer_may_leave():
            texts.append(html_to_inner_content(self.answer or ""))
            texts += [
                line.strip()
                for line in html2plaintext(self.answer or "").splitlines()
                if len(line.strip()) >= 8
            ]
        for text in texts_by_line:
            texts += [
                line.strip()
                for line in (text or "").splitlines()
                if len(line.strip()) >= 20
            ]
        return [text for text in texts if text and len(text.strip()) >= 4]

    def _confidential_notice_body(self):
        return Markup("<p>%s</p>") % _(
            "There is news in the confidential case %s. Log in to read it.", self.name
        )
