"""The answer to the person, given the way they asked for it, and the notice
to a private provider (never who complained)."""

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools.swedish_time import swedish_today


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    answer = fields.Html(copy=False, help="The answer given to the person.")
    answer_sent_date = fields.Datetime(
        string="Answer sent on",
        readonly=True,
        copy=False,
        help="When the answer went out by the way the person asked for.",
    )
    provider_notice_date = fields.Datetime(
        string="Provider notified on", readonly=True, copy=False
    )

    def action_send_answer(self):
        """Give the answer the way the person asked for: by e-mail it goes
        out now (queued); by letter the case waits in "Answers to post"
        until the letter is marked sent; by phone the handler confirms."""
        for case in self:
            if not html2plaintext(case.answer or "").strip():
                raise UserError(
                    _("Write the answer of case %s before sending it.", case.name)
                )
            if (
                case.feedback_method == "email"
                and not case._synpunkt_answer_may_leave()
            ):
                raise UserError(
                    _(
                        "Case %s is confidential: its answer cannot go by e-mail. "
                        "Answer by letter or phone and change 'Feedback wanted'.",
                        case.name,
                    )
                )
            if case.feedback_method == "email":
                self.env.ref("synpunkt_klagomal.mail_template_answer").send_mail(
                    case.id
                )
                note = _("Answer sent by e-mail.")
            elif case.feedback_method == "letter":
                note = _("Answer sent by letter.")
            elif case.feedback_method == "phone":
                note = _("Answer given by phone.")
            else:
                note = _("Answer recorded; the person did not ask for feedback.")
            case.write(
                {
                    "answer_sent_date": fields.Datetime.now(),
                    "response_date": case.response_date or swedish_today(),
                }
            )
            case.message_post(body=note, subtype_xmlid="mail.mt_note")
        return True

    def action_notify_provider(self):
        """Tell a private provider what the case is about, never who sent
        it; for a confidential case, not even that."""
        template = self.env.ref("synpunkt_klagomal.mail_template_provider_notice")
        for case in self:
            if case.provider_type != "private" or not case.provider_id.partner_id.email:
                raise UserError(
                    _(
                        "Case %s concerns no private provider with an e-mail address.",
                        case.name,
                    )
                )
            template.send_mail(case.id)
            case.provider_notice_date = fields.Datetime.now()
            case.message_post(
                body=_("Notice sent to the provider %s.", case.provider_id.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_print_answer_letters(self):
        """The answer letters of the selected cases in one PDF (the batch
        of "Answers to post")."""
        return self.env.ref(
            "synpunkt_klagomal.action_report_answer_letter"
        ).report_action(self)
