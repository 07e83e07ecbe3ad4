"""Working-day deadlines (SPEC §4): Swedish public holidays from the
`holidays` package in the company's calendar, the receipt day not counted,
days counted in Stockholm time."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SynpunktCase


class DeadlineCase(SynpunktCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Explicit years, so the tests do not depend on the year they run in.
        cls.company._synpunkt_sync_public_holidays(years=[2026, 2027])

    def received(self, moment, **values):
        """A case received at ``moment`` (UTC) by phone from someone who
        wants to be called back."""
        return self.create_case(
            unit=self.unit_own,
            received_date=moment,
            feedback_method="phone",
            submitter_phone="070-1740600",
            **values,
        )


class AutomationCase(DeadlineCase):
    """Only this module's time-based automations run, by the engine itself
    (base.automation._check)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Automation = cls.env["base.automation"]
        cls.our_automations = cls.Automation.search(
            [("model_id.model", "=", "synpunkt.complaint"), ("trigger", "=", "on_time")]
        )
        (
            cls.Automation.search(
                [("trigger", "in", ("on_time", "on_time_created", "on_time_updated"))]
            )
            - cls.our_automations
        ).active = False

    def run_engine(self, last_run=None):
        """One run of the scheduled job; ``last_run`` as the job left it
        (by default: what the previous run wrote)."""
        if last_run is not None:
            self.our_automations.last_run = last_run
        self.Automation._check()


@tagged("post_install", "-at_install")
class TestWorkingDays(DeadlineCase):
    def assertDeadlines(self, moment, expected):
        case = self.received(moment)
        self.assertEqual(case.response_deadline, expected, f"received {moment} (UTC)")
        self.assertEqual(case.ack_deadline, expected)

    @freeze_time("2026-04-01 08:00:00")
    def test_easter(self):
        # Wed 1 April 2026; 3 and 6 April are holidays.
        self.assertDeadlines(datetime(2026, 4, 1, 8, 0), date(2026, 4, 17))

    @freeze_time("2026-04-30 08:00:00")
    def test_first_of_may_and_ascension(self):
        self.assertDeadlines(datetime(2026, 4, 30, 8, 0), date(2026, 5, 18))

    @freeze_time("2026-06-15 08:00:00")
    def test_midsummer_eve(self):
        self.assertDeadlines(datetime(2026, 6, 15, 8, 0), date(2026, 6, 30))

    @freeze_time("2026-12-21 09:00:00")
    def test_christmas_to_epiphany(self):
        # The issue's own example: Monday 21 December 2026 -> Monday 11 January 2027.
        self.assertDeadlines(datetime(2026, 12, 21, 9, 0), date(2027, 1, 11))

    @freeze_time("2026-12-30 09:00:00")
    def test_year_end(self):
        self.assertDeadlines(datetime(2026, 12, 30, 9, 0), date(2027, 1, 18))

    @freeze_time("2026-11-21 12:00:00")
    def test_received_on_a_weekend(self):
        self.assertDeadlines(datetime(2026, 11, 21, 12, 0), date(2026, 12, 4))

    def test_late_evening_utc_is_next_day_in_stockholm(self):
        # 23:30 UTC on Sunday is 00:30 on Monday in Stockholm (winter time).
        self.assertDeadlines(datetime(2026, 11, 22, 23, 30), date(2026, 12, 7))
        # 22:30 UTC on Sunday is still Sunday in Stockholm.
        self.assertDeadlines(datetime(2026, 11, 22, 22, 30), date(2026, 12, 4))
        # Summer time: 22:30 UTC on 18 June is 00:30 on midsommarafton.
        self.assertDeadlines(datetime(2026, 6, 18, 22, 30), date(2026, 7, 3))

    def test_changed_company_setting(self):
        self.company.write({"synpunkt_response_days": 5, "synpunkt_ack_days": 2})
        case = self.received(datetime(2026, 11, 23, 9, 0))
        self.assertEqual(case.response_deadline, date(2026, 11, 30))
        self.assertEqual(case.ack_deadline, date(2026, 11, 25))
        self.company.synpunkt_day_type = "calendar"
        # 5 calendar days after Tuesday 22 December is Sunday 27: moved to Monday 28.
        case = self.received(datetime(2026, 12, 22, 9, 0))
        self.assertEqual(case.response_deadline, date(2026, 12, 28))
        # 2 calendar days after 22 December is julafton: moved past Christmas to
        # Monday 28.
        self.assertEqual(case.ack_deadline, date(2026, 12, 28))

    def test_settings_page_writes_company(self):
        settings = self.env["res.config.settings"].create(
            {
                "synpunkt_response_days": 15,
                "synpunkt_day_type": "calendar",
                "synpunkt_head_user_id": self.own_manager.id,
            }
        )
        settings.execute()
        self.assertEqual(self.company.synpunkt_response_days, 15)
        self.assertEqual(self.company.synpunkt_day_type, "calendar")
        self.assertEqual(self.company.synpunkt_head_user_id, self.own_manager)

    def test_in_time_flags_for_statistics(self):
        case = self.received(datetime(2026, 11, 23, 9, 0))
        case.write({"ack_date": date(2026, 11, 24), "response_date": date(2026, 12, 8)})
        self.assertTrue(case.ack_in_time)
        self.assertFalse(case.response_in_time)

    def test_overdue_is_a_cheap_domain(self):
        with freeze_time("2026-11-23 09:00:00"):
            case = self.received(datetime(2026, 11, 23, 9, 0))
        with freeze_time("2026-12-09 09:00:00"):
            self.Complaint._cron_refresh_deadline_state()
            overdue = self.Complaint.search([("deadline_state", "=", "overdue")])
            self.assertIn(case, overdue)
        for fname in (
            "ack_deadline",
            "response_deadline",
            "next_deadline",
            "deadline_state",
        ):
            field = self.Complaint._fields[fname]
            self.assertTrue(
                field.store and field.index, f"{fname} must be stored and indexed"
            )
