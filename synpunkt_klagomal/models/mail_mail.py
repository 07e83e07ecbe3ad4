import html
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import html2plaintext
from odoo.tools.mail import html_to_inner_content

from .document_access import (
    CASE_MODEL,
    apply_message_document_guard,
    forbid_unreadable_documents,
    message_link,
)

_logger = logging.getLogger(__name__)

# How long mails about cases are retried when the mail server is unreachable.
REQUEUE_DAYS = 7


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _apply_ir_rules(self, query, mode="read"):
        """Only system administrators read outgoing mails (Settings >
        Technical > Emails); those about a case, only if they may read the
        case too: a notification's stored body is the message's own."""
        res = super()._apply_ir_rules(query, mode)
        if mode == "read":
            apply_message_document_guard(self, query)
        return res

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self,
            operation,
            super()._check_access(operation),
            lambda forbidden: forbidden._make_access_error(operation),
            message_link(self._table),
        )

    @api.model_create_multi
    def create(self, vals_list):
        """Not even the stored copy of a mail about a confidential case
        (Settings > Technical > Emails) keeps its content: neither the mail's
        HTML body and subject nor the body of the message stored with it
        (mail.mail inherits mail.message, and a template's mail sets both)."""
        for vals in vals_list:
            if vals.get("model") == CASE_MODEL and vals.get("res_id"):
                case = self.env[CASE_MODEL].sudo().browse(vals["res_id"]).exists()
                if case.is_confidential and _quotes_secret(
                    case, vals.get("body_html"), vals.get("body"), vals.get("subject")
                ):
                    _logger.info(
                        "A mail about confidential case %s was replaced by a notice",
                        case.name,
                    )
                    notice = case._confidential_notice_body()
                    vals.update(body_html=notice, subject=case.name)
                    if "body" in vals or not vals.get("mail_message_id"):
                        vals["body"] = notice
        return super().create(vals_list)

    def _prepare_outgoing_list(
        self, mail_server=False, recipients_follower_status=None
    ):
        """Checked again when the mail leaves, not only when it was queued
        (the case may have moved or become confidential meanwhile, and
        failed mails are retried for days): a recipient who is a contact
        (staff) gets it only if they can read the case now; a mail about a
        confidential case carries no attachments (not as files, nor as the
        download links Odoo puts in place of large files), and to staff only
        the notice; to the person (an address, no contact) it is replaced
        by the notice if it quotes the case's content or the person's data."""
        results = super()._prepare_outgoing_list(
            mail_server=mail_server,
            recipients_follower_status=recipients_follower_status,
        )
        if not (self.model == CASE_MODEL and self.res_id):
            return results
        case = self.env[CASE_MODEL].sudo().browse(self.res_id).exists()
        if not case:
            return results
        readable = [
            values
            for values in results
            if not _staff(values.get("partner_id"))
            or any(
                case._synpunkt_readable_by(user)
                for user in _staff(values["partner_id"])
            )
        ]
        if results and not readable:
            # Nobody left to send it to: cancelled, not retried for ever.
            self.sudo().write(
                {
                    "state": "cancel",
                    "failure_reason": _(
                        "None of the recipients can read the case any longer."
                    ),
                }
            )
        results = readable
        if not case.is_confidential:
            return results
        redacted_body, redacted_subject = _redact(
            case, self._prepare_outgoing_body(), self.subject
        )
        for values in results:
            body, subject = redacted_body, redacted_subject
            if _staff(values.get("partner_id")):
                body, subject = case._confidential_notice_body(), case.name
            personal = self._personalize_outgoing_body(
                body, values["partner_id"], recipients_follower_status
            )
            values.update(
                attachments=[],
                body=personal,
                body_alternative=html2plaintext(personal),
                subject=subject,
            )
        return results

    @api.model
    def _cron_synpunkt_requeue_unsent(self):
        """Odoo gives up on a mail when the mail server cannot be reached.
        Mails about cases (acknowledgements, answers, delay notices) are put
        back in the queue, so they go out once the server is back."""
        failed = self.sudo().search(
            [
                ("model", "=", CASE_MODEL),
                ("state", "=", "exception"),
                # Unreachable server: Odoo leaves failure_type empty (or mail_smtp);
                # wrong addresses have their own failure types and are not retried.
                ("failure_type", "in", (False, "mail_smtp")),
                (
                    "create_date",
                    ">=",
                    fields.Datetime.now() - timedelta(days=REQUEUE_DAYS),
                ),
            ]
        )
        failed.write(
            {"state": "outgoing", "failure_reason": False, "failure_type": False}
        )
        return len(failed)


def _staff(partner):
    """The users behind a recipient contact; none for an outside contact
    (e.g. a provider's), which is addressed on purpose and never follows."""
    if not partner:
        return partner
    return partner.sudo().with_context(active_test=False).user_ids


def _normalized(text):
    """Text as a reader sees it: without tags and entities, case or spacing,
    so that a template's formatting does not hide a quote."""
    text = html_to_inner_content(text) if "<" in text else html.unescape(text)
    return " ".join(text.replace("*", " ").split()).casefold()


def _quotes_secret(case, *texts):
    haystack = " ".join(_normalized(str(text)) for text in texts if text)
    return any(
        _normalized(secret) in haystack for secret in case._confidential_secrets()
    )


def _redact(case, body, subject):
    """Last line of defence, e.g. against a template an administrator wrote:
    a mail quoting a confidential case's content or the person's data becomes
    a notice with the reference only."""
    if _quotes_secret(case, body, subject):
        _logger.info(
            "A mail about confidential case %s was replaced by a notice", case.name
        )
        return case._confidential_notice_body(), case.name
    return body, subject
