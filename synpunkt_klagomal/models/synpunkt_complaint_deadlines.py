"""Deadline actions of a case, run by the base.automation records of
data/base_automation_data.xml (SPEC §4).

Each action fires once per deadline: the case carries a stamp of it
(``<deadline>_reminder_date``, ``<deadline>_escalation_date``,
``delay_notice_date``). The rules' filters exclude stamped cases, so that a
run costs in proportion to the cases still due, and the engine may look at
a case whose trigger lies far in the past (see models/base_automation.py)."""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.misc import format_date

from ..tools.swedish_time import swedish_today

DEADLINE_STATES = [
    ("on_time", "On time"),
    ("due_soon", "Due soon"),
    ("overdue", "Overdue"),
    ("done", "Done"),
]
DUE_SOON_DAYS = 2
# A notice template that reads the render context (PostgreSQL regex).
LEGACY_CONTEXT = r"\mctx\s*[.\[]"


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    ack_deadline = fields.Date(
        string="Acknowledgement deadline",
        compute="_compute_deadlines",
        store=True,
        index=True,
        help="By this day the person learns how the case will be handled.",
    )
    response_deadline = fields.Date(
        string="Response deadline", compute="_compute_deadlines", store=True, index=True
    )
    next_deadline = fields.Date(
        compute="_compute_next_deadline",
        store=True,
        index=True,
        help="The earliest deadline not yet met.",
    )
    deadline_state = fields.Selection(
        DEADLINE_STATES,
        compute="_compute_deadline_state",
        store=True,
        index=True,
        string="Deadline",
    )
    ack_in_time = fields.Boolean(
        string="Acknowledged in time",
        compute="_compute_in_time",
        store=True,
        help="The person was told how the case is handled by its deadline.",
    )
    response_in_time = fields.Boolean(
        string="Answered in time", compute="_compute_in_time", store=True
    )
    escalation_level = fields.Integer(
        default=0, tracking=True, copy=False, readonly=True
    )
    escalation_date = fields.Datetime(readonly=True, copy=False)
    # What the escalation notice (mail_template_escalation) says of the
    # deadline given by the context key ``synpunkt_deadline`` ("ack" or
    # "response"): plain fields, so that the template is rendered without
    # QWeb compiled per case (issue 12).
    notice_deadline_label = fields.Char(compute="_compute_notice_deadline")
    notice_deadline_date = fields.Char(compute="_compute_notice_deadline")
    ack_escalation_date = fields.Datetime(
        string="Acknowledgement deadline escalated on", readonly=True, copy=False
    )
    response_escalation_date = fields.Datetime(
        string="Response deadline escalated on", readonly=True, copy=False
    )
    delay_notice_date = fields.Datetime(
        string="Delay notice on",
        readonly=True,
        copy=False,
        help="When the person was told that the case will be late (förvaltningslagen "
        "11 §).",
    )
    ack_reminder_date = fields.Datetime(
        string="Acknowledgement reminder on",
        readonly=True,
        copy=False,
        help="When the responsible handler got the to-do to acknowledge the case.",
    )
    response_reminder_date = fields.Datetime(
        string="Response reminder on",
        readonly=True,
        copy=False,
        help="When the responsible handler got the to-do to answer the case.",
    )

    def _synpunkt_remind(self, deadline):
        """Give the responsible handler a to-do for ``deadline`` ("ack" or
        "response"), once: stamped in ``<deadline>_reminder_date``. A case
        without a handler waits, unstamped, until it has one. A to-do of the
        same type already on the case (e.g. scheduled by hand) counts."""
        activity_type = self._deadline_activity_type(deadline)
        stamp = f"{deadline}_reminder_date"
        now = fields.Datetime.now()
        for case in self.filtered(
            lambda c: c._deadline_is_open(deadline) and c.user_id and not c[stamp]
        ):
            case.sudo()[stamp] = now
            if case.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ):
                continue
            case.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=case.user_id.id,
                date_deadline=case[f"{deadline}_deadline"],
            )

    @api.depends("received_date", "company_id", "feedback_method")
    def _compute_deadlines(self):
        for company, cases in self.grouped("company_id").items():
            company = company or self.env.company
            dated = cases.filtered("received_date")
            (cases - dated).ack_deadline = False
            (cases - dated).response_deadline = False
            if not dated:
                continue
            start_days = {
                case: company._synpunkt_local_date(case.received_date) for case in dated
            }
            ack = company._synpunkt_add_days(
                start_days.values(),
                company.synpunkt_ack_days,
                company.synpunkt_day_type,
            )
            response = company._synpunkt_add_days(
                start_days.values(),
                company.synpunkt_response_days,
                company.synpunkt_day_type,
            )
            for case, start in start_days.items():
                # Only a person who wants feedback is told how the case will be handled.
                case.ack_deadline = (
                    ack[start] if case.feedback_method != "none" else False
                )
                case.response_deadline = response[start]

    @api.depends("ack_deadline", "response_deadline")
    @api.depends_context("synpunkt_deadline", "lang")
    def _compute_notice_deadline(self):
        deadline = self.env.context.get("synpunkt_deadline")
        if deadline not in ("ack", "response"):
            self.notice_deadline_label = self.notice_deadline_date = False
            return
        self.notice_deadline_label = self._deadline_label(deadline)
        # A run's cases share few deadline days: each formatted once.
        formatted = {
            day: format_date(self.env, day)
            for day in set(self.mapped(f"{deadline}_deadline"))
        }
        for case in self:
            case.notice_deadline_date = formatted[case[f"{deadline}_deadline"]]

    @api.depends(
        "ack_deadline", "ack_date", "response_deadline", "response_date", "is_closed"
    )
    def _compute_next_deadline(self):
        for case in self:
            if case.is_closed or case.response_date:
                case.next_deadline = False
            elif case.ack_deadline and not case.ack_date:
                case.next_deadline = case.ack_deadline
            else:
                case.next_deadline = case.response_deadline

    @api.depends("ack_date", "ack_deadline", "response_date", "response_deadline")
    def _compute_in_time(self):
        for case in self:
            case.ack_in_time = bool(
                case.ack_date
                and case.ack_deadline
                and case.ack_date <= case.ack_deadline
            )
            case.response_in_time = bool(
                case.response_date
                and case.response_deadline
                and case.response_date <= case.response_deadline
            )

    @api.depends("next_deadline")
    def _compute_deadline_state(self):
        today = swedish_today()
        for case in self:
            case.deadline_state = case._deadline_state_on(today)

    def _deadline_state_on(self, day):
        self.ensure_one()
        if not self.next_deadline:
            return "done"
        if self.next_deadline < day:
            return "overdue"
        if self.next_deadline <= day + timedelta(days=DUE_SOON_DAYS):
            return "due_soon"
        return "on_time"

    @api.model
    def _cron_refresh_deadline_state(self):
        """Deadline states depend on today: refresh only the cases whose state
        can have changed since yesterday (indexed domain, not a full scan)."""
        today = swedish_today()
        stale = self.search(
            [
                ("deadline_state", "in", ("on_time", "due_soon")),
                ("next_deadline", "<=", today + timedelta(days=DUE_SOON_DAYS)),
            ]
        )
        self.env.add_to_compute(self._fields["deadline_state"], stale)
        stale.flush_recordset(["deadline_state"])
        return len(stale)

    def _deadline_label(self, deadline):
        return {
            "ack": _("acknowledgement"),
            "response": _("response"),
        }[deadline]

    def _deadline_activity_type(self, deadline):
        return self.env.ref(
            "synpunkt_klagomal.mail_activity_type_acknowledge"
            if deadline == "ack"
            else "synpunkt_klagomal.mail_activity_type_answer"
        )

    def _deadline_is_open(self, deadline):
        self.ensure_one()
        if self.is_closed or self.redirect_reason:
            return False
        if deadline == "ack":
            return bool(
                self.ack_deadline and not self.ack_date and not self.response_date
            )
        return bool(self.response_deadline and not self.response_date)

    def _synpunkt_escalate(self, deadline):
        """A deadline passed unmet: the unit manager and the head of
        administration are told, once per deadline. No case content goes
        into the notice, only the reference.

        Each case gets its notice (chatter, with the recipients) and an
        activity per recipient, but a recipient gets one digest per run
        (inbox or e-mail, as they chose) instead of a mail per case and per
        activity. The change of ``escalation_level`` is tracked in the
        notice. Set-based: one search per person for the run
        (:meth:`_synpunkt_notice_recipients_by_case`, remembered for the
        activities' check), the notices rendered and created at once, the
        recipients subscribed and their activities created at once, the
        digests created at once; the cost of a run follows the due cases
        (issue 12: 20 due cases take 139 queries, 2,000 take 360)."""
        # Nothing here is meant to change who may read a case: each person is
        # checked once for the run (recipients, activities' assignees). An
        # automated action that does empties the memo (prune of followers).
        with self._synpunkt_readers_memo():
            self._synpunkt_escalate_run(deadline)

    def _synpunkt_escalate_run(self, deadline):
        now = fields.Datetime.now()
        stamp = f"{deadline}_escalation_date"
        cases = self.filtered(lambda c: c._deadline_is_open(deadline) and not c[stamp])
        if not cases:
            return
        # The level's change goes into the notice (as message_post does with
        # a tracked subtype), not into a message of its own per case.
        tracking = cases._synpunkt_level_tracking()
        for level, same_level in cases.grouped("escalation_level").items():
            same_level.sudo().with_context(mail_notrack=True).write(
                {stamp: now, "escalation_level": level + 1, "escalation_date": now}
            )
        # Recipients after the write: automated actions on saving a case
        # (the municipality's own) may have changed who can read it.
        recipients = cases._synpunkt_notice_recipients_by_case(
            lambda case: case.unit_id.manager_id | case.company_id.synpunkt_head_user_id
        )
        template = self.env.ref("synpunkt_klagomal.mail_template_escalation")
        subtype = self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        label = cases._deadline_label(deadline)
        digested = {
            partner.id for users in recipients.values() for partner in users.partner_id
        }
        subjects, bodies = {}, {}
        for day, same_day in cases._synpunkt_render_batches(template, deadline):
            # deadline_label and deadline_date: for a template edited before
            # synpunkt_deadline existed (the record is noupdate).
            rendered = template.with_context(
                synpunkt_deadline=deadline, deadline_label=label, deadline_date=day
            )
            subjects.update(
                rendered._render_field("subject", same_day.ids, compute_lang=True)
            )
            bodies.update(
                rendered._render_field("body_html", same_day.ids, compute_lang=True)
            )
        cases._synpunkt_post_notices(
            subjects, bodies, recipients, subtype, digested, tracking=tracking
        )
        # Followers as Odoo makes the assignees of activities, but for the
        # run at once; the activities then need not subscribe them one by one.
        cases._synpunkt_subscribe_each(
            {case: users.partner_id for case, users in recipients.items()}
        )
        escalation_type = self.env.ref(
            "synpunkt_klagomal.mail_activity_type_escalation"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        today = swedish_today()
        activities = []
        for case in cases:
            summary = _("Deadline passed: %s", case.name)
            activities += [
                {
                    "activity_type_id": escalation_type.id,
                    "summary": summary,
                    "automated": True,
                    "date_deadline": today,
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "user_id": user.id,
                }
                for user in recipients[case]
            ]
        # The digest below tells each recipient once: no assignment mail per activity.
        self.env["mail.activity"].with_context(
            mail_activity_quick_update=True, synpunkt_followers_set=True
        ).create(activities)
        cases._synpunkt_escalation_digest(recipients, deadline)

    def _synpunkt_level_tracking(self):
        """{case id: [mail.tracking.value values]}: the change of
        ``escalation_level`` by one, as Odoo's tracking would record it."""
        col_info = self.fields_get(
            ["escalation_level"],
            attributes=("string", "type", "selection", "currency_field"),
        )["escalation_level"]
        Tracking = self.env["mail.tracking.value"]
        return {
            case.id: [
                Tracking._create_tracking_values(
                    case.escalation_level,
                    case.escalation_level + 1,
                    "escalation_level",
                    col_info,
                    case,
                )
            ]
            for case in self
        }

    def _synpunkt_render_batches(self, template, deadline):
        """[(day, cases)]: the cases whose notice ``template`` can render in
        one go. The shipped template reads the deadline from the case; one
        edited before that (noupdate data) reads ``ctx['deadline_date']``,
        so a template that reads the context, in any language, is rendered
        per deadline day."""
        self.env.cr.execute(
            """
            SELECT 1 FROM mail_template
             WHERE id = %s AND (subject::text ~ %s OR body_html::text ~ %s)""",
            [template.id, LEGACY_CONTEXT, LEGACY_CONTEXT],
        )
        if not self.env.cr.rowcount:
            return [(False, self)]
        return list(self.grouped(lambda c: c[f"{deadline}_deadline"]).items())

    def _synpunkt_post_notices(
        self, subjects, bodies, recipients, subtype, digested, tracking=None
    ):
        """Post on each case of ``self`` the notice ``message_post`` would
        (a comment of ``subtype`` by the current user to ``recipients[case]``,
        subject and body by case id), in one create instead of one post per
        case (issue 12). The recipients hear of it by the digest
        (``digested`` partner ids); the other followers of ``subtype`` are
        notified as by ``message_post`` (``_notify_thread``, through the
        readers' filter), looked up for the whole batch in one query.
        ``tracking`` ({case id: [mail.tracking.value values]}) is added to
        each case's notice."""
        if not self:
            return
        author_id, email_from = self._message_compute_author(raise_on_email=True)
        alias_domains = self.sudo()._mail_get_alias_domains(
            default_company=self.env.company
        )
        companies = self._mail_get_companies(default=self.env.company)
        reply_to = self._notify_get_reply_to(default=email_from)
        # The thread's first message is the parent (flat threads), as
        # _message_compute_parent_id finds it for each post.
        self.env["mail.message"].flush_model()
        self.env.cr.execute(
            """
            SELECT res_id, min(id) FROM mail_message
             WHERE model = %s AND res_id = ANY(%s)
               AND message_type != 'user_notification'
             GROUP BY res_id""",
            [self._name, self.ids],
        )
        parents = dict(self.env.cr.fetchall())
        values = [
            {
                "email_add_signature": True,
                "record_name": case.sudo().display_name,
                "author_id": author_id,
                "author_guest_id": False,
                "email_from": email_from,
                "model": self._name,
                "res_id": case.id,
                "body": escape(bodies[case.id]),
                "message_type": "comment",
                "parent_id": parents.get(case.id, False),
                "subject": subjects[case.id] or False,
                "subtype_id": subtype.id,
                "partner_ids": recipients[case].partner_id.ids,
                "record_alias_domain_id": alias_domains[case.id].id,
                "record_company_id": companies[case.id].id,
                "reply_to": reply_to[case.id],
            }
            for case in self
        ]
        messages = self._message_create(values)
        if tracking:
            self.env["mail.tracking.value"].sudo().create(
                [
                    dict(tracking_values, mail_message_id=message.id)
                    for case, message in zip(self, messages, strict=True)
                    for tracking_values in tracking.get(case.id, ())
                ]
            )
        # message_post subscribes the author of a comment (our
        # _message_subscribe keeps only those who can read the case).
        if not self.env.context.get("mail_create_nosubscribe"):
            author = (
                self.env.user.partner_id
                if self.env.user.active
                else self.env["res.partner"].browse(author_id)
            )
            if author.active:
                self._message_subscribe(partner_ids=author.ids)
        self.env["mail.followers"].flush_model()
        self.env.cr.execute(
            """
            SELECT DISTINCT f.res_id FROM mail_followers f
              JOIN mail_followers_mail_message_subtype_rel r
                ON r.mail_followers_id = f.id AND r.mail_message_subtype_id = %s
             WHERE f.res_model = %s AND f.res_id = ANY(%s)
               AND NOT f.partner_id = ANY(%s)""",
            [subtype.id, self._name, self.ids, list(digested) or [0]],
        )
        followed = {row[0] for row in self.env.cr.fetchall()}
        notifying = self.with_context(synpunkt_digested_partner_ids=digested)
        for case, message, msg_values in zip(notifying, messages, values, strict=True):
            case._message_post_after_hook(message, msg_values)
            if case.id in followed:
                case._notify_thread(message, msg_values)

    def _synpunkt_escalation_digest(self, recipients, deadline):
        """One message per recipient for this run, in their language: the
        references of the cases escalated to them (only cases they can
        read), no content. What ``message_notify`` would send to each, but
        the messages are created in one go (issue 12); each is then notified
        as Odoo does (inbox or e-mail, as the person chose; the mail queue
        sends it)."""
        by_user = defaultdict(lambda: self.browse())
        for case, users in recipients.items():
            for user in users:
                by_user[user] |= case
        if not by_user:
            return
        Thread = self.env["mail.thread"].sudo()
        author_id, email_from = Thread._message_compute_author(raise_on_email=True)
        reply_to = Thread._notify_get_reply_to(default=email_from)[False]
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        values = []
        for user, cases in by_user.items():
            subject, body = cases.with_context(
                lang=user.lang or self.env.lang
            )._synpunkt_digest_text(deadline)
            values.append(
                {
                    "author_id": author_id,
                    "email_from": email_from,
                    "model": False,
                    "res_id": False,
                    "record_name": False,
                    "body": body,
                    "is_internal": True,
                    "message_type": "user_notification",
                    "subject": subject,
                    "subtype_id": note,
                    "message_id": generate_tracking_message_id("message-notify"),
                    "partner_ids": user.partner_id.ids,
                    "email_add_signature": True,
                    "reply_to": reply_to,
                    # none: spares the notification a search for them
                    "tracking_value_ids": [],
                }
            )
        messages = Thread._message_create(values)
        for message, msg_values in zip(messages, values, strict=True):
            Thread._fallback_lang()._notify_thread(
                message, msg_values, force_send=False
            )

    def _synpunkt_digest_text(self, deadline):
        """(subject, body) of an escalation digest listing ``self``, in the
        environment's language: references and deadline days only."""
        days = {
            day: format_date(self.env, day)
            for day in set(self.mapped(f"{deadline}_deadline"))
        }
        lines = Markup("").join(
            Markup("<li>%s (%s)</li>") % (case.name, days[case[f"{deadline}_deadline"]])
            for case in self.sorted("name")
        )
        intro = _(
            "The %(deadline)s deadline of these cases has passed without "
            "being met. Each case has an activity for you.",
            deadline=self._deadline_label(deadline),
        )
        if len(self) == 1:
            subject = _("Deadline passed: case %s", self.name)
        else:
            subject = _("Deadline passed: %(count)s cases", count=len(self))
        return subject, Markup("<p>%s</p><ul>%s</ul>") % (intro, lines)

    def _synpunkt_delay_notice(self):
        """Förvaltningslagen 11 §: a person whose case will be late is told so,
        with the reason and when an answer can be expected. By e-mail when
        that is how the person wants feedback; otherwise the handler gets a
        to-do to phone or write."""
        template = self.env.ref("synpunkt_klagomal.mail_template_delay_notice")
        todo_type = self.env.ref("synpunkt_klagomal.mail_activity_type_delay_notice")
        now = fields.Datetime.now()
        for case in self.filtered(
            lambda c: (
                c._deadline_is_open("response")
                and not c.delay_notice_date
                and c.feedback_method != "none"
            )
        ):
            case.sudo().delay_notice_date = now
            if case.feedback_method == "email" and case.submitter_email:
                template.send_mail(case.id)
                case.message_post(
                    body=_("Delay notice sent by e-mail (förvaltningslagen 11 §)."),
                    subtype_xmlid="mail.mt_note",
                )
            elif case.user_id:
                case.activity_schedule(
                    activity_type_id=todo_type.id,
                    user_id=case.user_id.id,
                    date_deadline=case.response_deadline,
                )

    def _close_deadline_activities(self, deadline):
        activity_type = self._deadline_activity_type(deadline)
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=_("Deadline met."))
