"""Deadline rules act on every case whose trigger has passed, not only on
those whose trigger falls between the engine's last run and now (issue 16
item 1): cases registered late, received dates corrected backwards, a job
stopped or restarted. Each rule fires once. Time frozen as in
test_escalation.py; the engine itself (base.automation._check) runs."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .test_deadlines import AutomationCase

FOUR_HOURS = timedelta(hours=4)


@tagged("post_install", "-at_install")
class TestDeadlineCatchUp(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalated = cls.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        cls.types = {
            name: cls.env.ref(f"synpunkt_klagomal.mail_activity_type_{name}")
            for name in ("acknowledge", "answer", "delay_notice", "escalation")
        }

    def activities(self, case, name):
        return case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.types[name]
        )

    def notices(self, case):
        return case.message_ids.filtered(lambda m: m.subtype_id == self.escalated)

    def delay_mails(self, case):
        return (
            self.env["mail.mail"]
            .search(
                [
                    ("model", "=", case._name),
                    ("res_id", "=", case.id),
                    ("email_to", "=", case.submitter_email),
                ]
            )
            .filtered(lambda m: "longer" in m.subject or "längre" in m.subject)
        )

    def test_letter_registered_thirty_days_late(self):
        """Every rule fires once for a letter opened a month late."""
        now = datetime(2026, 11, 20, 9, 0)  # Friday, 10:00 in Stockholm
        with freeze_time(now):
            case = self.create_case(
                unit=self.unit_own,
                channel="letter",
                received_date=now - timedelta(days=30),
                feedback_method="letter",
                submitter_street="Storgatan 1",
            )
            self.assertTrue(
                case.ack_deadline < now.date() and case.response_deadline < now.date()
            )
            self.run_engine(last_run=now - FOUR_HOURS)
        with freeze_time(now + FOUR_HOURS):
            self.run_engine()
        with freeze_time(now + timedelta(days=3)):
            self.run_engine(last_run=now + timedelta(days=2))
        self.assertEqual(
            case.escalation_level, 2, "both deadlines escalated, once each"
        )
        self.assertTrue(case.ack_escalation_date and case.response_escalation_date)
        self.assertEqual(len(self.notices(case)), 2)
        self.assertEqual(
            self.activities(case, "escalation").user_id, self.own_manager | self.head
        )
        self.assertEqual(
            len(self.activities(case, "escalation")), 4, "2 deadlines x 2 managers"
        )
        self.assertEqual(len(self.activities(case, "acknowledge")), 1)
        self.assertEqual(len(self.activities(case, "answer")), 1)
        self.assertEqual(
            len(self.activities(case, "delay_notice")), 1, "letter: a to-do to write"
        )
        self.assertTrue(case.delay_notice_date)

    def test_registered_shortly_before_the_response_deadline(self):
        """Received Monday 2 November, registered Friday 13 November (the
        deadline is Monday 16 November): the reminder and the delay notice
        come at once, once."""
        now = datetime(2026, 11, 13, 9, 0)
        with freeze_time(now):
            by_mail = self.create_case(
                unit=self.unit_own,
                received_date=datetime(2026, 11, 2, 9, 0),
                feedback_method="email",
                submitter_email="anna@example.com",
            )
            by_phone = self.received(datetime(2026, 11, 2, 9, 0))
            self.run_engine(last_run=now - FOUR_HOURS)
            self.run_engine()
        with freeze_time(now + timedelta(hours=2)):
            self.run_engine(last_run=now - FOUR_HOURS)
        for case in by_mail | by_phone:
            self.assertEqual(len(self.activities(case, "answer")), 1)
            self.assertEqual(self.activities(case, "answer").user_id, self.own_manager)
            self.assertTrue(case.delay_notice_date)
            self.assertEqual(case.escalation_level, 0, "the deadline has not passed")
        self.assertEqual(len(self.delay_mails(by_mail)), 1)
        self.assertEqual(len(self.activities(by_phone, "delay_notice")), 1)

    def test_received_date_corrected_backwards(self):
        now = datetime(2026, 11, 20, 9, 0)
        with freeze_time(now):
            case = self.received(now)
            self.run_engine(last_run=now - FOUR_HOURS)
            self.assertEqual(case.escalation_level, 0)
        with freeze_time(now + timedelta(hours=1)):
            case.received_date = now - timedelta(days=30)
            self.run_engine()
            self.run_engine()
        self.assertEqual(case.escalation_level, 2)
        self.assertEqual(len(self.notices(case)), 2)

    def test_job_stopped_or_restarted(self):
        """The job did not run for days, or its last run is later than the
        trigger (restart, clock change): the case is still acted on once."""
        now = datetime(2026, 11, 20, 9, 0)
        with freeze_time(now - timedelta(days=30)):
            stopped = self.received(now - timedelta(days=30))
            restarted = self.received(now - timedelta(days=30))
        with freeze_time(now):
            self.run_engine(last_run=now)  # a run "just now", none before
            self.run_engine(last_run=now + timedelta(hours=1))  # clock set back
        for case in stopped | restarted:
            self.assertEqual(case.escalation_level, 2)
            self.assertEqual(len(self.notices(case)), 2)

    def test_reminder_done_is_not_given_again(self):
        now = datetime(
            2026, 11, 12, 9, 0
        )  # Thursday: three working days before the deadline
        with freeze_time(now):
            case = self.received(datetime(2026, 11, 2, 9, 0))
            self.run_engine(last_run=now - FOUR_HOURS)
            reminder = self.activities(case, "answer")
            self.assertEqual(len(reminder), 1)
            self.assertTrue(case.response_reminder_date)
            reminder.action_feedback(feedback="Ringer i morgon.")
        with freeze_time(now + timedelta(hours=5)):
            self.run_engine()
        self.assertFalse(self.activities(case, "answer"), "not reminded a second time")

    def test_unassigned_case_is_reminded_once_it_has_a_handler(self):
        now = datetime(2026, 11, 13, 9, 0)
        with freeze_time(now):
            case = self.create_case(
                received_date=datetime(2026, 11, 2, 9, 0),
                feedback_method="none",
            )
            self.assertFalse(case.user_id)
            self.run_engine(last_run=now - FOUR_HOURS)
            self.assertFalse(case.response_reminder_date)
            case.user_id = self.own_manager
            self.run_engine()
            self.run_engine()
        self.assertEqual(len(self.activities(case, "answer")), 1)
