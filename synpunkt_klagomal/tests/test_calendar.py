"""The working-day calendar (SPEC §4): Sweden's public holidays as leaves
of the company's resource.calendar, and the day arithmetic of
tools/swedish_time.py on its own."""

from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools.swedish_time import add_days, swedish_date
from .test_deadlines import DeadlineCase


@tagged("post_install", "-at_install")
class TestCalendar(DeadlineCase):
    def test_public_holidays_are_in_the_calendar(self):
        closed = self.company._synpunkt_non_working_days(
            date(2026, 1, 1), date(2027, 12, 31)
        )
        for day in (
            date(2026, 1, 6),  # trettondedag jul
            date(2026, 4, 3),  # långfredagen
            date(2026, 4, 6),  # annandag påsk
            date(2026, 5, 1),  # första maj
            date(2026, 5, 14),  # Kristi himmelsfärdsdag
            date(2026, 6, 19),  # midsommarafton (lag 1930:173)
            date(2026, 12, 24),  # julafton (lag 1930:173)
            date(2026, 12, 31),  # nyårsafton (lag 1930:173)
            date(2027, 3, 26),  # långfredagen 2027
        ):
            self.assertIn(day, closed)
        for day in (date(2026, 4, 2), date(2026, 4, 30), date(2026, 12, 23)):
            self.assertNotIn(day, closed, "half days before holidays are working days")

    def test_sync_is_idempotent_and_keeps_edits(self):
        Leave = self.env["resource.calendar.leaves"]
        calendar = self.company.resource_calendar_id
        count = Leave.search_count([("calendar_id", "=", calendar.id)])
        self.company._synpunkt_sync_public_holidays(years=[2026, 2027])
        self.assertEqual(Leave.search_count([("calendar_id", "=", calendar.id)]), count)
        # An administrator makes 6 January a working day: a later sync keeps that.
        epiphany = Leave.search(
            [
                ("calendar_id", "=", calendar.id),
                ("name", "=", "Trettondedag jul"),
                ("date_from", ">=", "2027-01-01"),
                ("date_from", "<", "2027-12-31"),
            ]
        )
        self.assertEqual(len(epiphany), 1)
        epiphany.unlink()
        self.company.synpunkt_holidays_until = 2027
        self.company._synpunkt_sync_public_holidays()
        self.assertFalse(
            Leave.search_count(
                [
                    ("calendar_id", "=", calendar.id),
                    ("name", "=", "Trettondedag jul"),
                    ("date_from", ">=", "2027-01-01"),
                    ("date_from", "<", "2027-12-31"),
                ]
            )
        )
        self.assertNotIn(
            date(2027, 1, 6),
            self.company._synpunkt_non_working_days(
                date(2027, 1, 1), date(2027, 1, 31)
            ),
        )

    def test_a_calendar_of_its_own(self):
        # Another calendar of the company gets the holidays it is asked for, once.
        calendar = self.env["resource.calendar"].create(
            {"name": "Dygnet runt", "company_id": self.company.id}
        )
        created = calendar._synpunkt_add_public_holidays([2028], self.company)
        self.assertIn("Midsommarafton", created.mapped("name"))
        self.assertFalse(calendar._synpunkt_add_public_holidays([2028], self.company))
        deadline = calendar._synpunkt_add_days(
            [date(2028, 6, 21)], 2, "working", self.company
        )
        self.assertEqual(
            deadline[date(2028, 6, 21)], date(2028, 6, 26)
        )  # Fri 23 June is midsommarafton


@tagged("post_install", "-at_install")
class TestDayArithmetic(BaseCase):
    closed = {
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 27),
    }

    def test_working_days_skip_closed_days_and_not_the_start(self):
        self.assertEqual(
            add_days([date(2026, 12, 23)], 1, "working", self.closed),
            {date(2026, 12, 23): date(2026, 12, 28)},
        )
        self.assertEqual(
            add_days([date(2026, 12, 21)], 2, "working", self.closed)[
                date(2026, 12, 21)
            ],
            date(2026, 12, 23),
        )

    def test_calendar_days_move_off_a_closed_day(self):
        self.assertEqual(
            add_days([date(2026, 12, 14)], 10, "calendar", self.closed)[
                date(2026, 12, 14)
            ],
            date(2026, 12, 28),
        )
        self.assertEqual(
            add_days([date(2026, 12, 1)], 10, "calendar", self.closed)[
                date(2026, 12, 1)
            ],
            date(2026, 12, 11),
        )

    def test_swedish_date_of_a_utc_moment(self):
        self.assertEqual(swedish_date(datetime(2026, 12, 31, 23, 30)), date(2027, 1, 1))
        self.assertEqual(swedish_date(datetime(2026, 6, 30, 21, 59)), date(2026, 6, 30))
        self.assertEqual(swedish_date(datetime(2026, 6, 30, 22, 0)), date(2026, 7, 1))
