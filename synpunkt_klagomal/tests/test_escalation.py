"""Escalation by the automation engine itself (base.automation._check),
with frozen time. Response deadline of a case received Monday 2 November
2026 at 10:00 (Stockholm): Monday 16 November."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import activate_swedish
from .test_deadlines import AutomationCase

RECEIVED = datetime(2026, 11, 2, 9, 0)  # UTC
DEADLINE = date(2026, 11, 16)


@tagged("post_install", "-at_install")
class TestEscalation(AutomationCase):
    def make_cases(self):
        with freeze_time(RECEIVED):
            overdue = self.received(RECEIVED, submitter_email="anna@example.com")
            answered = self.received(RECEIVED)
            answered.write(
                {"ack_date": date(2026, 11, 3), "response_date": date(2026, 11, 10)}
            )
        with freeze_time("2026-11-17 08:00:00"):
            fresh = self.received(datetime(2026, 11, 17, 8, 0))
        self.assertEqual(overdue.response_deadline, DEADLINE)
        return overdue, answered, fresh

    def test_overdue_case_escalated_once(self):
        overdue, answered, fresh = self.make_cases()
        with freeze_time("2026-11-17 09:00:00"):  # Tuesday 10:00 in Stockholm
            self.run_engine(datetime(2026, 11, 16, 9, 0))
        self.assertEqual(overdue.escalation_level, 2, "both its deadlines passed")
        self.assertTrue(overdue.response_escalation_date)
        self.assertTrue(overdue.ack_escalation_date)
        notices = overdue.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
            )
        )
        self.assertEqual(len(notices), 2)
        for notice in notices:
            self.assertIn(self.own_manager.partner_id, notice.partner_ids)
            self.assertIn(self.head.partner_id, notice.partner_ids)
            self.assertNotIn(overdue.description, str(notice.body))
        escalation_type = self.env.ref(
            "synpunkt_klagomal.mail_activity_type_escalation"
        )
        self.assertEqual(
            overdue.activity_ids.filtered(
                lambda a: a.activity_type_id == escalation_type
            ).user_id,
            self.own_manager | self.head,
        )
        self.assertEqual(answered.escalation_level, 0)
        self.assertEqual(fresh.escalation_level, 0)

        # The next runs, later that week, do not escalate the same deadlines again.
        with freeze_time("2026-11-18 09:00:00"):
            self.run_engine(datetime(2026, 11, 17, 9, 0))
        with freeze_time("2026-11-20 09:00:00"):
            self.run_engine(datetime(2026, 11, 16, 9, 0))
        self.assertEqual(overdue.escalation_level, 2)
        self.assertEqual(
            len(
                overdue.message_ids.filtered(
                    lambda m: (
                        m.subtype_id
                        == self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
                    )
                )
            ),
            2,
        )

    def test_not_escalated_on_the_deadline_day(self):
        overdue, _answered, _fresh = self.make_cases()
        with freeze_time("2026-11-16 14:00:00"):  # the deadline day itself, afternoon
            self.run_engine(datetime(2026, 11, 16, 9, 0))
        self.assertEqual(overdue.escalation_level, 0)

    def test_reminder_before_deadline(self):
        overdue, answered, _fresh = self.make_cases()
        answer_type = self.env.ref("synpunkt_klagomal.mail_activity_type_answer")
        # Thursday 12 November: three working days before Monday 16 November.
        with freeze_time("2026-11-12 09:00:00"):
            self.run_engine(datetime(2026, 11, 11, 9, 0))
        reminder = overdue.activity_ids.filtered(
            lambda a: a.activity_type_id == answer_type
        )
        self.assertEqual(reminder.user_id, self.own_manager)
        self.assertEqual(reminder.date_deadline, DEADLINE)
        self.assertFalse(answered.activity_ids)
        # Answering closes the reminder.
        overdue.response_date = date(2026, 11, 13)
        self.assertFalse(
            overdue.activity_ids.filtered(lambda a: a.activity_type_id == answer_type)
        )

    def test_delay_notice_by_email_once(self):
        overdue, _answered, _fresh = self.make_cases()
        overdue.write({"feedback_method": "email"})
        # Friday 13 November: the last working day before the deadline.
        with freeze_time("2026-11-13 09:00:00"):
            self.run_engine(datetime(2026, 11, 12, 9, 0))
            self.run_engine(datetime(2026, 11, 12, 9, 0))
        self.assertTrue(overdue.delay_notice_date)
        mails = (
            self.env["mail.mail"]
            .search([("model", "=", "synpunkt.complaint"), ("res_id", "=", overdue.id)])
            .filtered(lambda m: m.email_to == "anna@example.com")
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(overdue.name, mails.subject)
        self.assertNotIn(overdue.description, mails.body_html)
        self.assertFalse(mails.recipient_ids, "no partner for the person")

    def test_delay_notice_by_phone_is_a_todo(self):
        overdue, _answered, _fresh = self.make_cases()
        with freeze_time("2026-11-13 09:00:00"):
            self.run_engine(datetime(2026, 11, 12, 9, 0))
        todo = overdue.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("synpunkt_klagomal.mail_activity_type_delay_notice")
            )
        )
        self.assertEqual(todo.user_id, self.own_manager)

    def test_automations_are_shipped_editable_with_working_days(self):
        self.assertEqual(len(self.our_automations), 5)
        for automation in self.our_automations:
            self.assertEqual(automation.trg_date_range_type, "day")
            self.assertTrue(automation.trg_date_calendar_id)
            self.assertTrue(automation.action_server_ids)

    def test_job_writes_in_the_municipality_language(self):
        """The scheduled job runs without a language (ir.cron gives none):
        what it writes for staff is in Swedish, the municipality's language,
        and each digest in its recipient's language."""
        activate_swedish(self.env)
        self.own_manager.lang = "sv_SE"
        self.head.lang = "en_US"
        overdue, _answered, _fresh = self.make_cases()
        self.env.flush_all()
        messages_before = self.env["mail.message"].search([])
        as_cron = self.Automation.with_env(self.env(context={}))
        self.assertFalse(as_cron.env.lang)
        with freeze_time("2026-11-17 09:00:00"):
            self.our_automations.last_run = datetime(2026, 11, 16, 9, 0)
            as_cron._check()
            self.env.flush_all()
        escalated = self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        notices = overdue.message_ids.filtered(lambda m: m.subtype_id == escalated)
        self.assertEqual(len(notices), 2)
        for notice in notices:
            self.assertEqual(
                notice.subject, f"Tidsfrist passerad: ärende {overdue.name}"
            )
        escalation_type = self.env.ref(
            "synpunkt_klagomal.mail_activity_type_escalation"
        )
        for activity in overdue.activity_ids.filtered(
            lambda a: a.activity_type_id == escalation_type
        ):
            self.assertEqual(activity.summary, f"Tidsfrist passerad: {overdue.name}")
        # Demo data, if installed, may add other cases to the head's digests.
        prefixes = {"sv_SE": "Tidsfrist passerad: ", "en_US": "Deadline passed: "}
        digests = (self.env["mail.message"].search([]) - messages_before).filtered(
            lambda m: (
                m.message_type == "user_notification"
                and m.subject.startswith(tuple(prefixes.values()))
            )
        )
        for user in (self.own_manager, self.head):
            theirs = digests.filtered(
                lambda m, user=user: (
                    m.partner_ids == user.partner_id and overdue.name in str(m.body)
                )
            )
            self.assertEqual(len(theirs), 2, "one per deadline rule")
            for digest in theirs:
                self.assertTrue(
                    digest.subject.startswith(prefixes[user.lang]), digest.subject
                )
        self.assertEqual(
            set(
                digests.filtered(
                    lambda m: m.partner_ids == self.own_manager.partner_id
                    and overdue.name in str(m.body)
                ).mapped("subject")
            ),
            {f"Tidsfrist passerad: ärende {overdue.name}"},
            "one case: its reference in the subject",
        )
