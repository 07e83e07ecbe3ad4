"""Mail intake of cases: a mail to the company's alias opens a case, a reply
finds its case, and every mail about a case asks for replies at the alias.

Who may add to a case by mail: the address on the case, and the internal
users who can read it. A mail naming a case (threading headers of a
confidential case, or its reference in the subject) from anyone else opens a
new case linked to the old one: the sender learns nothing of the old case,
and a confidential case's thread never takes in a stranger's mail."""

import logging
import re

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import html2plaintext
from odoo.tools.mail import email_normalize, parse_contact_from_email

_logger = logging.getLogger(__name__)

# Headers by which mail robots (vacation replies, list servers) announce
# themselves: such mail must not open a case (RFC 3834, common practice).
AUTO_REPLY_HEADERS = {
    "Auto-Submitted": lambda v: v.strip().lower() != "no",
    "X-Autoreply": lambda v: True,
    "X-Autorespond": lambda v: True,
    "X-Auto-Response-Suppress": lambda v: "oof" in v.lower() or "all" in v.lower(),
    "Precedence": lambda v: v.strip().lower() in ("auto_reply", "bulk", "junk", "list"),
}
# A registration number as the sequences make them (SK-2026-00042), anywhere
# in a subject ("SV: SK-2026-00042", "Fwd: Ärende SK-2026-00042 igen").
REFERENCE_RE = re.compile(
    r"(?<![\w-])([A-ZÅÄÖ]{1,10}-\d{4}-\d{3,})(?![\w-])", re.IGNORECASE
)


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    related_case_id = fields.Many2one(
        "synpunkt.complaint",
        string="Linked to case",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The case this e-mail named (by its reference or as a reply) although it "
        "came from another address than the one on that case. Check whether it belongs "
        "there.",
    )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the alias opens a case with the sender's address on it:
        no contact is looked up or created (OSL 26 kap. 1 §)."""
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        subject = (msg_dict.get("subject") or "").strip()
        text = html2plaintext(msg_dict.get("body") or "").strip()
        description = "\n\n".join(part for part in (subject, text) if part)
        values = {
            "kind": "complaint",
            "submitter_role": "other",
            "channel": "email",
            "description": description or _("(empty e-mail)"),
            "submitter_name": name or False,
            "submitter_email": email or False,
            "feedback_method": "email" if email else "none",
            "received_date": msg_dict.get("date") or fields.Datetime.now(),
            **(custom_values or {}),
        }
        case = self.with_context(mail_create_nosubscribe=True).create(values)
        if case.related_case_id:
            # For the registrar, on the new case only: the old case learns nothing.
            case.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "This e-mail names case %s but does not come from the address on "
                    "that case. It was registered as a new case: check whether it "
                    "belongs to the other case.",
                    case.related_case_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return case

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        # Bounces are Odoo's business already; auto-replies are not, for new cases.
        if route and not route[1] and _is_auto_reply(message):
            # No sender address in the log: personal data has no use there.
            _logger.info(
                "Auto-reply %s does not open a case", message_dict.get("message_id")
            )
            return ()
        return super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )

    @api.model
    def _synpunkt_route_incoming(self, message_dict, route):
        """Decide where an incoming mail routed to this model goes.

        :param route: Odoo's route (model, thread_id, custom_values, uid, alias)
        :return: the route: the same, to the case the subject names (sender on
            that case), or to a new case linked to the named case (another
            sender)"""
        model, thread_id, custom_values, user_id, alias = route
        # Odoo marks the alias valid or bounces through it with the route's
        # alias as the gateway user, who need not manage aliases (the module's
        # administrator does not): only the alias's status is written.
        alias = alias.sudo() if alias else alias
        route = (model, thread_id, custom_values, user_id, alias)
        # sudo: the mail gateway may run as any user (often the module's
        # administrator, without confidential access). What is read here only
        # decides the route; nothing of a case goes back to the caller or
        # into the mail's sender's view but the id inside the route.
        cases = self.sudo()
        sender = email_normalize(message_dict.get("email_from") or "")
        if thread_id:
            case = cases.browse(thread_id).exists()
            if not case or case._synpunkt_is_correspondent(sender):
                return route
        else:
            case = cases._synpunkt_named_case(
                message_dict.get("subject"), custom_values
            )
            if not case:
                return route
            if case._synpunkt_is_correspondent(sender):
                _logger.info(
                    "Mail %s joins case %s by its subject",
                    message_dict.get("message_id"),
                    case.id,
                )
                return (model, case.id, custom_values, user_id, alias)
        values = dict(custom_values or {}, related_case_id=case.id)
        values.setdefault("company_id", case.company_id.id)
        if case.is_confidential:
            # A reply to a confidential case may be about it: secret until read.
            values.update(
                is_confidential=True, confidentiality_ground=case.confidentiality_ground
            )
        _logger.info(
            "Mail %s names case %s from another address: new linked case",
            message_dict.get("message_id"),
            case.id,
        )
        return (model, False, values, user_id, alias)

    @api.model
    def _synpunkt_named_case(self, subject, custom_values=None):
        """The case whose reference the subject names (in the alias's company
        when the alias sets one), or an empty recordset."""
        references = {ref.upper() for ref in REFERENCE_RE.findall(subject or "")}
        if not references:
            return self.browse()
        domain = [("name", "in", list(references))]
        if (custom_values or {}).get("company_id"):
            domain.append(("company_id", "=", custom_values["company_id"]))
        return self.with_context(active_test=False).search(
            domain, limit=1, order="id desc"
        )

    def _synpunkt_is_correspondent(self, email):
        """True when ``email`` (normalized) may add to this case by mail: it
        is the address on the case, the provider's (who got the provider
        notice), or an internal user's who can read it."""
        self.ensure_one()
        if not email:
            return False
        if email_normalize(self.submitter_email or "") == email:
            return True
        # The provider answering the notice it was sent (action_notify_provider).
        if email_normalize(self.provider_id.partner_id.email or "") == email:
            return True
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [("share", "=", False), ("partner_id.email_normalized", "=", email)]
            )
        )
        return any(self._synpunkt_readable_by(user) for user in users)

    @api.model
    def _synpunkt_allowed_recipients(self, partner_ids, routes):
        """Of the partners an incoming mail was also addressed to (To, Cc),
        those that may become recipients of its message on the cases of
        ``routes``: internal users who can read every existing case the mail
        goes to. None for a new case: the registrar routes it first."""
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        for _model, thread_id, *_rest in routes:
            case = (
                self.sudo().browse(thread_id).exists() if thread_id else self.browse()
            )
            partners = partners.filtered(
                lambda p, case=case: (
                    case
                    and any(case._synpunkt_readable_by(user) for user in p.user_ids)
                )
            )
        return partners.ids

    def _notify_get_reply_to(self, default=None):
        """Replies go to the company's intake alias, the address Odoo
        receives cases at: with the reference in the subject or the
        threading headers, they find their case (see message_route)."""
        reply_to = super()._notify_get_reply_to(default=default)
        for case in self.sudo():
            alias = case.company_id.synpunkt_alias_id
            if alias.alias_name and alias.alias_domain_id:
                reply_to[case.id] = self._notify_get_reply_to_formatted_email(
                    alias.alias_full_name, case.name, company=case.company_id
                )
        return reply_to

    def mail_allowed_qweb_expressions(self):
        # The escalation notice's field paths: rendered without compiling
        # QWeb per case (issue 12); none of them is content of the case.
        return super().mail_allowed_qweb_expressions() + (
            "object.unit_id.name",
            "object.notice_deadline_label",
            "object.notice_deadline_date",
        )

    def _synpunkt_mail_lang(self):
        """Mails to the person are in Swedish when Swedish is installed."""
        lang = self.env["res.lang"]._lang_get("sv_SE")
        return "sv_SE" if lang and lang.active else self.env.lang

    def _send_acknowledgement(self):
        """Receipt by e-mail to the address on the case. Queued, not sent now:
        a slow or failing mail server never blocks nor loses anything."""
        template = self.env.ref("synpunkt_klagomal.mail_template_acknowledgement")
        for case in self.filtered("submitter_email"):
            template.send_mail(case.id)
            case.message_post(
                body=_("Acknowledgement of receipt sent by e-mail."),
                subtype_xmlid="mail.mt_note",
            )

    def _send_stage_template(self):
        """A stage may carry a mail to the person (e.g. "Answered"). It goes
        to the address on the case when they want feedback by e-mail, sent
        as a plain mail: never through a contact."""
        for case in self.filtered(
            lambda c: (
                c.stage_id.mail_template_id
                and c.feedback_method == "email"
                and c.submitter_email
            )
        ):
            if case.is_confidential:
                # A stage mail is written by an administrator and may quote
                # anything; a confidential case's news reaches the person by
                # letter or phone (the same rule as for its answer).
                case.message_post(
                    body=_(
                        "The stage's e-mail was not sent: the case is confidential."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            case.stage_id.mail_template_id.send_mail(case.id)

    def _notify_by_email_prepare_rendering_context(
        self,
        message,
        msg_vals=False,
        model_description=False,
        force_email_company=False,
        force_email_lang=False,
    ):
        """A notification about a confidential case carries no content: not
        the message, not the tracked changes; only the reference and the
        link to the case, for those allowed to open it."""
        context = super()._notify_by_email_prepare_rendering_context(
            message,
            msg_vals=msg_vals,
            model_description=model_description,
            force_email_company=force_email_company,
            force_email_lang=force_email_lang,
        )
        if len(self) == 1 and self.is_confidential:
            context.update(
                message=message.new(
                    {
                        "body": self._confidential_notice_body(),
                        "model": self._name,
                        "res_id": self.id,
                        "record_name": self.name,
                        "subject": self.name,
                        "message_type": message.message_type,
                        "subtype_id": message.subtype_id.id,
                        "author_id": message.author_id.id,
                        "email_from": message.email_from,
                        "date": message.date,
                    }
                ),
                tracking_values=[],
                subtitles=[self.name],
                record_name=self.name,
            )
        return context

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        # The assigned handler gets this module's notice, not Odoo's generic one.
        followers = super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
        return [
            (
                partner_id,
                subtype_ids,
                "synpunkt_klagomal.message_case_assigned" if template else False,
            )
            for partner_id, subtype_ids, template in followers
        ]

    def _notify_by_email_get_base_mail_values(self, message, additional_values=None):
        values = super()._notify_by_email_get_base_mail_values(
            message, additional_values=additional_values
        )
        if len(self) == 1 and self.is_confidential:
            values["subject"] = self.name
        return values

    def _creation_message(self):
        # Odoo's "<model name> created" names the model as ir.model has it when
        # the case is made; during an install (the demo) that is still English,
        # as the module's terms load at its end. Our own string reads the
        # module's translations at once.
        return _("Case registered")

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("synpunkt_klagomal.mt_complaint_stage")
        return super()._track_subtype(init_values)

    def _message_get_suggested_recipients(self):
        # Suggesting a partner would create one for the person: never.
        return []

    def _mail_get_partner_fields(self, introspect_fields=False):
        return []


def _is_auto_reply(message):
    return any(
        message.get(header) is not None and test(str(message.get(header)))
        for header, test in AUTO_REPLY_HEADERS.items()
    )
