import re
import statistics
from datetime import date, datetime, time, timedelta

import holidays
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from ..models.synpunkt_complaint_report import shift_period
from ..tools.swedish_time import utc_naive
from ..wizards.synpunkt_summary_wizard import period_just_ended
from .common import SynpunktCase, activate_swedish

Q1 = (date(2025, 1, 1), date(2025, 3, 31))
Q4 = (date(2024, 10, 1), date(2024, 12, 31))


def closed_days(first, last):
    """Weekends and Swedish public holidays and eves, from the holidays
    library directly: an independent count, not the company calendar."""
    swedish = holidays.country_holidays(
        "SE",
        years=range(first.year, last.year + 1),
        categories=("public", "de_facto"),
        include_sundays=False,
    )
    return {
        first + timedelta(n)
        for n in range((last - first).days + 1)
        if (first + timedelta(n)).weekday() >= 5 or (first + timedelta(n)) in swedish
    }


def working_days_between(start, end):
    closed = closed_days(start, end)
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if start + timedelta(n) not in closed
    )


def add_working_days(start, days):
    closed = closed_days(start, start + timedelta(days=days * 3 + 30))
    day = start
    while days:
        day += timedelta(1)
        if day not in closed:
            days -= 1
    return day


def percentile(values, q):
    """percentile_cont: linear interpolation between the closest ranks."""
    values = sorted(values)
    pos = (len(values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


@tagged("post_install", "-at_install")
class TestReportSummary(SynpunktCase):
    """The committee's summary against counts made here, case by case, on a
    fixed data set in its own units (demo data and other tests' cases are in
    other units)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Holidays of the data set's years in the company calendar.
        cls.company._synpunkt_sync_public_holidays(years=[2024, 2025])
        Unit = cls.env["synpunkt.unit"]
        cls.handler = new_test_user(
            cls.env,
            login="sk_stat_handler",
            name="Stat Handläggare",
            groups="synpunkt_klagomal.group_handler",
        )
        # Members, no manager: nobody is the responsible handler of these cases.
        cls.unit_a = Unit.create(
            {
                "name": "Stat Omsorg",
                "member_ids": [
                    Command.set([cls.handler.id, cls.users["handler_conf"].id])
                ],
            }
        )
        cls.unit_a_child = Unit.create(
            {"name": "Stat Omsorg Norr", "parent_id": cls.unit_a.id}
        )
        cls.unit_a_private = Unit.create(
            {
                "name": "Stat Omsorg Privat",
                "parent_id": cls.unit_a.id,
                "provider_id": cls.private_provider.id,
            }
        )
        cls.unit_b = Unit.create(
            {
                "name": "Stat IFO",
                "member_ids": [Command.set([cls.users["handler_conf"].id])],
            }
        )
        cls.scope = cls.unit_a | cls.unit_b
        # (received day, local hour, kind, unit, channel, role, extras, answered on)
        cls.spec = [
            (
                date(2025, 1, 8),
                10,
                "complaint",
                cls.unit_a,
                "web",
                "service_user",
                {
                    "feedback_method": "email",
                    "submitter_email": "a@example.com",
                    "submitter_name": "A",
                    "ack_date": date(2025, 1, 9),
                },
                date(2025, 1, 15),
            ),
            (
                date(2025, 1, 20),
                10,
                "complaint",
                cls.unit_a_child,
                "phone",
                "relative",
                {
                    "feedback_method": "phone",
                    "submitter_phone": "070-1",
                    "submitter_name": "B",
                },
                date(2025, 2, 10),
            ),
            (
                date(2025, 2, 3),
                9,
                "opinion",
                cls.unit_b,
                "letter",
                "relative",
                {"is_anonymous": True},
                None,
            ),
            (
                date(2025, 2, 14),
                14,
                "suggestion",
                cls.unit_a,
                "email",
                "staff",
                {"is_confidential": True},
                date(2025, 2, 17),
            ),
            (
                date(2025, 3, 10),
                11,
                "complaint",
                cls.unit_b,
                "web",
                "service_user",
                {"redirect_reason": "lex_sarah"},
                None,
            ),
            # 23:30 in Stockholm on the last day: still in Q1 ...
            (
                date(2025, 3, 31),
                23,
                "praise",
                cls.unit_a_private,
                "web",
                "other",
                {},
                None,
            ),
            # ... 00:30 on 1 April (22:30 UTC on 31 March): not in Q1.
            (date(2025, 4, 1), 0, "complaint", cls.unit_a, "web", "other", {}, None),
            (
                date(2024, 10, 15),
                10,
                "complaint",
                cls.unit_a,
                "phone",
                "service_user",
                {},
                date(2024, 10, 22),
            ),
            (
                date(2024, 12, 20),
                10,
                "complaint",
                cls.unit_b,
                "email",
                "relative",
                {},
                date(2025, 1, 10),
            ),
        ]
        cls.spec_cases = cls.Complaint
        for day, hour, kind, unit, channel, role, extra, answered in cls.spec:
            received = utc_naive(day, time(hour, 30))
            case = cls.create_case(
                unit=unit,
                kind=kind,
                channel=channel,
                submitter_role=role,
                received_date=received,
                **extra,
            )
            if extra.get("redirect_reason"):
                case.closed_date = datetime.combine(day, time(12))
            if answered:
                case.write(
                    {
                        "response_date": answered,
                        "closed_date": datetime.combine(answered, time(12)),
                    }
                )
            cls.spec_cases |= case
        measure = cls.env["synpunkt.measure"].create(
            {
                "name": "Rutin för morgonbesök",
                "complaint_id": cls.spec_cases[0].id,
                "is_done": True,
                "followed_up_at_meeting": True,
                "meeting_date": date(2025, 2, 20),
            }
        )
        measure.done_date = date(2025, 2, 1)
        cls.manager = cls.users["manager_conf"]

    def summary(self, period, user=None, units=None):
        Complaint = self.Complaint.with_user(user or self.manager)
        return Complaint._synpunkt_summary(
            *period, units if units is not None else self.scope
        )

    def in_period(self, start, end):
        return [s for s in self.spec if start <= s[0] <= end]

    def test_counts_and_breakdowns(self):
        summary = self.summary(Q1)
        rows = self.in_period(*Q1)
        self.assertEqual(len(rows), 6)
        figures = {f["key"]: f for f in summary["figures"]}
        self.assertEqual(figures["total"]["current"], len(rows))
        self.assertEqual(figures["total"]["previous"], len(self.in_period(*Q4)))
        self.assertEqual(
            figures["total"]["change"], len(rows) - len(self.in_period(*Q4))
        )
        breakdowns = {
            b["key"]: {r["key"]: r for r in b["rows"]} for b in summary["breakdowns"]
        }
        for key, index in (("kind", 2), ("channel", 4), ("submitter_role", 5)):
            for value, row in breakdowns[key].items():
                self.assertEqual(
                    row["current"],
                    sum(1 for r in rows if r[index] == value),
                    (key, value),
                )
        # Units rolled up: Stat Omsorg counts its sub-units' cases too.
        units = breakdowns["unit_id"]
        in_a = [
            r
            for r in rows
            if r[3] in (self.unit_a | self.unit_a_child | self.unit_a_private)
        ]
        self.assertEqual(units[self.unit_a.id]["current"], len(in_a))
        self.assertEqual(units[self.unit_a.id]["depth"], 0)
        self.assertEqual(units[self.unit_a_child.id]["current"], 1)
        self.assertEqual(units[self.unit_a_child.id]["depth"], 1)
        self.assertEqual(
            units[self.unit_b.id]["current"],
            sum(1 for r in rows if r[3] == self.unit_b),
        )
        unit_order = [
            r["key"]
            for r in next(b for b in summary["breakdowns"] if b["key"] == "unit_id")[
                "rows"
            ]
        ]
        self.assertLess(
            unit_order.index(self.unit_a.id), unit_order.index(self.unit_a_child.id)
        )
        self.assertEqual(
            breakdowns["production"]["private"]["current"],
            sum(1 for r in rows if r[3] == self.unit_a_private),
        )
        self.assertEqual(
            breakdowns["production"]["own"]["current"],
            sum(1 for r in rows if r[3] != self.unit_a_private),
        )
        self.assertEqual(breakdowns["redirect_reason"]["lex_sarah"]["current"], 1)
        self.assertEqual(breakdowns["redirect_reason"]["lex_maria"]["current"], 0)
        anonymous = sum(1 for r in rows if r[6].get("is_anonymous"))
        self.assertEqual(figures["anonymous"]["current"], anonymous)
        self.assertAlmostEqual(
            figures["anonymous_share"]["current"], anonymous / len(rows)
        )
        self.assertEqual(
            figures["confidential"]["current"],
            sum(1 for r in rows if r[6].get("is_confidential")),
        )
        self.assertEqual(figures["measures_done"]["current"], 1)
        self.assertEqual(figures["measures_followed_up"]["current"], 1)
        self.assertEqual(figures["measures_done"]["previous"], 0)

    def test_deadlines_and_working_days(self):
        summary = self.summary(Q1)
        figures = {f["key"]: f for f in summary["figures"]}
        start, end = Q1
        rows = self.in_period(*Q1)
        days = [working_days_between(r[0], r[7]) for r in rows if r[7]]
        self.assertEqual(days, [5, 15, 1])  # by hand: sanity of the independent count
        self.assertEqual(figures["days_median"]["current"], statistics.median(days))
        self.assertAlmostEqual(
            figures["days_p90"]["current"], round(percentile(days, 0.9), 1)
        )
        prev_days = [
            working_days_between(r[0], r[7]) for r in self.in_period(*Q4) if r[7]
        ]
        self.assertEqual(
            prev_days, [5, 9]
        )  # Christmas and New Year's Eve are no working days
        self.assertEqual(
            figures["days_median"]["previous"], statistics.median(prev_days)
        )
        self.assertEqual(
            figures["days_median"]["change"],
            statistics.median(days) - statistics.median(prev_days),
        )
        # Answered within the deadline: deadlines met or passed by the period's end.
        counted, in_time = 0, 0
        for r in rows:
            if r[6].get("redirect_reason"):
                continue
            deadline = add_working_days(r[0], 10)
            if r[7] or deadline <= end:
                counted += 1
                in_time += bool(r[7] and r[7] <= deadline)
        self.assertEqual((in_time, counted), (2, 4))
        self.assertAlmostEqual(figures["answer_share"]["current"], in_time / counted)
        self.assertAlmostEqual(figures["ack_share"]["current"], 0.5)
        self.assertIsNone(figures["ack_share"]["previous"])
        # Open at the end of Q1: the anonymous opinion (overdue) and the praise of
        # 31 March.
        self.assertEqual(figures["open_at_end"]["current"], 2)
        self.assertEqual(figures["overdue_at_end"]["current"], 1)
        # End of Q4: the case of 20 December, answered on 10 January, not yet late.
        self.assertEqual(figures["open_at_end"]["previous"], 1)
        self.assertEqual(figures["overdue_at_end"]["previous"], 0)

    def test_trend_and_periods(self):
        summary = self.summary(Q1)
        self.assertEqual((summary["prev_from"], summary["prev_to"]), Q4)
        self.assertEqual(len(summary["trend"]), 8)
        self.assertEqual(summary["trend"][-1]["date_from"], Q1[0])
        self.assertEqual(summary["trend"][0]["date_from"], date(2023, 4, 1))
        self.assertEqual(
            [p["count"] for p in summary["trend"]], [0, 0, 0, 0, 0, 0, 2, 6]
        )
        self.assertEqual(
            shift_period(date(2024, 7, 1), date(2024, 12, 31), 1),
            (date(2024, 1, 1), date(2024, 6, 30)),
        )
        self.assertEqual(period_just_ended("quarter", date(2025, 2, 10)), Q4)
        self.assertEqual(
            period_just_ended("half_year", date(2025, 2, 10)),
            (date(2024, 7, 1), date(2024, 12, 31)),
        )
        self.assertEqual(
            period_just_ended("year", date(2025, 2, 10)),
            (date(2024, 1, 1), date(2024, 12, 31)),
        )
        self.assertEqual(
            period_just_ended("half_year", date(2025, 7, 1)),
            (date(2025, 1, 1), date(2025, 6, 30)),
        )

    def test_period_across_year_end(self):
        period = (date(2024, 12, 15), date(2025, 1, 14))
        summary = self.summary(period)
        self.assertEqual(
            (summary["prev_from"], summary["prev_to"]),
            (date(2024, 11, 14), date(2024, 12, 14)),
        )
        figures = {f["key"]: f for f in summary["figures"]}
        rows = self.in_period(*period)
        self.assertEqual(figures["total"]["current"], len(rows))
        self.assertEqual(figures["total"]["current"], 2)
        self.assertEqual(figures["total"]["previous"], 0)
        self.assertEqual(
            figures["days_median"]["current"],
            statistics.median([working_days_between(r[0], r[7]) for r in rows]),
        )

    def test_empty_period(self):
        summary = self.summary((date(2020, 1, 1), date(2020, 3, 31)))
        figures = {f["key"]: f for f in summary["figures"]}
        self.assertEqual(figures["total"]["current"], 0)
        self.assertIsNone(figures["anonymous_share"]["current"])
        self.assertIsNone(figures["answer_share"]["current"])
        self.assertIsNone(figures["days_median"]["current"])
        self.assertIsNone(figures["days_median"]["change"])
        units = next(b for b in summary["breakdowns"] if b["key"] == "unit_id")
        self.assertEqual(units["rows"], [])

    def test_handler_counts_only_what_they_see(self):
        handler = self.handler
        summary = self.summary(Q1, user=handler)
        figures = {f["key"]: f for f in summary["figures"]}
        # Stat Omsorg and its sub-units, the confidential suggestion left out.
        visible = [
            r
            for r in self.in_period(*Q1)
            if r[3] != self.unit_b and not r[6].get("is_confidential")
        ]
        self.assertEqual(figures["total"]["current"], len(visible))
        self.assertEqual(figures["confidential"]["current"], 0)
        units = {
            r["key"]: r
            for r in next(b for b in summary["breakdowns"] if b["key"] == "unit_id")[
                "rows"
            ]
        }
        self.assertNotIn(self.unit_b.id, units)
        # Without a unit filter: still only their units.
        everything = self.Complaint.with_user(handler)._synpunkt_summary(*Q1)
        self.assertEqual(everything["total"]["current"], len(visible))

    def test_query_count_does_not_grow_with_cases(self):
        Complaint = self.Complaint.with_user(self.manager)
        Complaint._synpunkt_summary(*Q1, self.scope)  # warm the caches
        self.env.invalidate_all()
        queries = self._count_queries(
            lambda: Complaint._synpunkt_summary(*Q1, self.scope)
        )
        for n in range(20):
            self.create_case(
                unit=self.unit_a,
                received_date=utc_naive(date(2025, 2, 1 + n % 20), time(10)),
            )
        self.env.invalidate_all()
        self.assertEqual(
            self._count_queries(lambda: Complaint._synpunkt_summary(*Q1, self.scope)),
            queries,
        )

    def _count_queries(self, func):
        before = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - before

    def test_xlsx(self):
        import io

        import openpyxl

        wizard = (
            self.env["synpunkt.summary.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "period": "custom",
                    "date_from": Q1[0],
                    "date_to": Q1[1],
                    "unit_ids": [Command.set(self.scope.ids)],
                }
            )
        )
        book = openpyxl.load_workbook(io.BytesIO(wizard._synpunkt_summary_xlsx()))
        self.assertEqual(len(book.sheetnames), 1 + 8 + 1)
        first = book[book.sheetnames[0]]
        self.assertEqual(first.cell(2, 2).value, 6)
        self.assertEqual(first.cell(2, 3).value, 2)

    def test_wizard_is_its_creators_own(self):
        from odoo.exceptions import AccessError

        wizard = (
            self.env["synpunkt.summary.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "period": "custom",
                    "date_from": Q1[0],
                    "date_to": Q1[1],
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.handler)._synpunkt_check_owner()
        wizard._synpunkt_check_owner()  # its creator may

    def test_wizard_dates_follow_the_period_on_create(self):
        """Created over RPC or the ORM (no form, no onchange), the wizard
        takes the dates of its period; "custom" keeps the dates given."""
        Wizard = self.env["synpunkt.summary.wizard"].with_user(self.manager)
        with freeze_time("2025-02-10 12:00:00"):
            by_period = {
                period: Wizard.create({"period": period})
                for period in ("quarter", "half_year", "year")
            }
            custom = Wizard.create(
                {"period": "custom", "date_from": Q1[0], "date_to": date(2025, 2, 9)}
            )
        for period, wizard in by_period.items():
            self.assertEqual(
                (wizard.date_from, wizard.date_to),
                period_just_ended(period, date(2025, 2, 10)),
                period,
            )
        self.assertEqual(
            (by_period["year"].date_from, by_period["year"].date_to),
            (date(2024, 1, 1), date(2024, 12, 31)),
        )
        self.assertEqual((custom.date_from, custom.date_to), (Q1[0], date(2025, 2, 9)))
        # Changing the period moves the dates (as the form's onchange did).
        with freeze_time("2025-02-10 12:00:00"):
            custom.period = "quarter"
            self.assertEqual((custom.date_from, custom.date_to), Q4)

    def test_printed_period_shows_its_dates_once(self):
        """A custom period's label is its dates: not repeated in brackets;
        a quarter's label gets its dates beside it."""
        Wizard = self.env["synpunkt.summary.wizard"].with_user(self.manager)
        custom = Wizard.create(
            {"period": "custom", "date_from": Q1[0], "date_to": date(2025, 2, 28)}
        )
        quarter = Wizard.create(
            {"period": "custom", "date_from": Q1[0], "date_to": Q1[1]}
        )
        report = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(lang="en_US")
        )
        for wizard, expected in (
            (
                custom,
                "Period: 2025-01-01 – 2025-02-28, compared with "
                "2024-11-01 – 2024-12-31.",
            ),
            (
                quarter,
                "Period: Q1 2025 (2025-01-01 – 2025-03-31), compared with "
                "Q4 2024 (2024-10-01 – 2024-12-31).",
            ),
        ):
            html = report._render_qweb_html(
                "synpunkt_klagomal.action_report_summary", wizard.ids
            )[0].decode()
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
            self.assertIn(expected, text)

    def test_share_changes_in_the_language_printed(self):
        """The unit of a share's change is translated in the report's
        language, also when printed outside a web request (a module-level
        _() found no language there and printed " pp")."""
        activate_swedish(self.env)
        wizard = (
            self.env["synpunkt.summary.wizard"]
            .with_user(self.manager)
            .create({"period": "custom", "date_from": Q1[0], "date_to": Q1[1]})
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(lang="sv_SE")
            ._render_qweb_html("synpunkt_klagomal.action_report_summary", wizard.ids)[0]
            .decode()
        )
        self.assertRegex(html, r"[+−±]\d+(,\d)? p\.e\.")
        self.assertNotRegex(html, r"\d pp<")
