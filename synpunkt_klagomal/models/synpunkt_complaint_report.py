"""Statistics of cases for the committee (SPEC §7; seeds 000-003): stored
figures per case and the summary of a period, computed from grouped queries
only, so its cost does not grow with the number of cases it counts."""

from bisect import bisect_right
from datetime import time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools.swedish_time import utc_naive

TREND_PERIODS = 8


def period_months(date_from, date_to):
    """Number of whole calendar months [date_from, date_to] spans, or 0 when
    the period does not start on a 1st and end on a month's last day."""
    if date_from.day != 1 or (date_to + timedelta(days=1)).day != 1:
        return 0
    end = date_to + timedelta(days=1)
    return (end.year - date_from.year) * 12 + end.month - date_from.month


def shift_period(date_from, date_to, steps):
    """The period ``steps`` lengths before (steps > 0) [date_from, date_to]:
    whole months shift by months (Q1 before Q2, H2 before the next H1), any
    other period by its number of days."""
    months = period_months(date_from, date_to)
    if months:
        start = date_from - relativedelta(months=months * steps)
        return start, start + relativedelta(months=months) - timedelta(days=1)
    days = (date_to - date_from).days + 1
    return date_from - timedelta(days=days * steps), date_to - timedelta(
        days=days * steps
    )


def period_dates(date_from, date_to):
    """A period as its first and last day: "2026-01-01 – 2026-11-30"."""
    return f"{date_from.isoformat()} – {date_to.isoformat()}"


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    response_working_days = fields.Integer(
        string="Working days to answer",
        compute="_compute_response_working_days",
        store=True,
        aggregator="avg",
        help="Working days from the day of receipt (not counted) to the day of the "
        "answer, in the company's working calendar. 0 until the case is answered.",
    )
    ack_in_time_count = fields.Integer(
        string="Acknowledged in time (number)",
        compute="_compute_in_time_counts",
        store=True,
    )
    response_in_time_count = fields.Integer(
        string="Answered in time (number)",
        compute="_compute_in_time_counts",
        store=True,
    )

    @api.depends("received_date", "response_date", "company_id")
    def _compute_response_working_days(self):
        answered = self.filtered(lambda c: c.received_date and c.response_date)
        (self - answered).response_working_days = 0
        for company, cases in answered.grouped("company_id").items():
            company = company or self.env.company
            starts = {
                case: company._synpunkt_local_date(case.received_date) for case in cases
            }
            first = min(starts.values())
            last = max(cases.mapped("response_date"))
            last = max(last, first)
            closed = company._synpunkt_non_working_days(first, last)
            working = [
                first + timedelta(days=n)
                for n in range((last - first).days + 1)
                if first + timedelta(days=n) not in closed
            ]
            for case, start in starts.items():
                case.response_working_days = max(
                    0,
                    bisect_right(working, case.response_date)
                    - bisect_right(working, start),
                )

    @api.depends("ack_in_time", "response_in_time")
    def _compute_in_time_counts(self):
        # Integers, so that pivot and graph views can sum them (booleans are
        # no measure).
        for case in self:
            case.ack_in_time_count = int(case.ack_in_time)
            case.response_in_time_count = int(case.response_in_time)

    # ------------------------------------------------------------------ summary

    @api.model
    def _synpunkt_summary(self, date_from, date_to, units=None):
        """Figures of the cases received in [date_from, date_to] (Swedish
        days, both included) for the committee, beside the previous period
        of the same length, as seen by the current user: record rules apply,
        so a handler counts the cases of their units only, and confidential
        cases count for those who may read them (never any content).

        ``units``: synpunkt.unit records; their sub-units are included.
        Returns a plain dict::

            {"date_from", "date_to", "prev_from", "prev_to": date,
             "label", "prev_label": str (see _synpunkt_period_label),
             "dates", "prev_dates": str (the first and last day),
             "units": [str], "total": figure,
             "figures": [figure], "breakdowns": [{"key", "title", "rows": [row]}],
             "trend": [{"date_from", "date_to", "label", "count"}]}

        figure = {"key", "label", "kind": "count"|"share"|"days",
                  "current", "previous", "change"} (a share is a fraction
        0..1 or None without cases; the change of a share is in percentage
        points); row = {"key", "label", "depth", "current", "previous", "change"}.
        """
        units = units or self.env["synpunkt.unit"]
        scope = [("unit_id", "child_of", units.ids)] if units else []
        prev_from, prev_to = shift_period(date_from, date_to, 1)
        periods = {"current": (date_from, date_to), "previous": (prev_from, prev_to)}
        stats = {
            name: self._synpunkt_period_stats(scope, *bounds)
            for name, bounds in periods.items()
        }

        def figure(key, label, kind):
            cur, prev = stats["current"][key], stats["previous"][key]
            if cur is None or prev is None:
                change = None
            elif kind == "share":
                change = round((cur - prev) * 100, 1)
            else:
                change = round(cur - prev, 1)
            return {
                "key": key,
                "label": label,
                "kind": kind,
                "current": cur,
                "previous": prev,
                "change": change,
            }

        figures = [
            figure("total", _("Cases received"), "count"),
            figure("anonymous", _("Anonymous"), "count"),
            figure("anonymous_share", _("Anonymous share"), "share"),
            figure("confidential", _("Confidential"), "count"),
            figure("redirected", _("Redirected (not handled as complaints)"), "count"),
            figure("ack_share", _("Acknowledged within the deadline"), "share"),
            figure("answer_share", _("Answered within the deadline"), "share"),
            figure("days_median", _("Working days to answer, median"), "days"),
            figure("days_p90", _("Working days to answer, 90th percentile"), "days"),
            figure("open_at_end", _("Open at the end of the period"), "count"),
            figure("overdue_at_end", _("of which past the response deadline"), "count"),
            figure("measures_done", _("Improvement measures taken"), "count"),
            figure(
                "measures_followed_up",
                _("Measures followed up at a workplace meeting"),
                "count",
            ),
        ]
        breakdowns = [
            {
                "key": key,
                "title": title,
                "rows": self._synpunkt_breakdown_rows(key, stats),
            }
            for key, title in [
                ("kind", _("By kind")),
                ("unit_id", _("By unit (with its sub-units)")),
                ("production", _("Own or private production")),
                ("provider_id", _("By provider")),
                ("category_id", _("By category")),
                ("channel", _("By channel")),
                ("submitter_role", _("By submitter")),
                ("redirect_reason", _("Redirected, by reason")),
            ]
        ]
        trend = []
        for step in range(TREND_PERIODS - 1, -1, -1):
            start, end = shift_period(date_from, date_to, step)
            trend.append(
                {
                    "date_from": start,
                    "date_to": end,
                    # A period that is no quarter, half-year or year: its first day, to
                    # fit the axis.
                    "label": (
                        self._synpunkt_period_label(start, end)
                        if period_months(start, end) in (3, 6, 12)
                        else start.isoformat()
                    ),
                    "count": self._synpunkt_count(
                        scope + self._synpunkt_received_in(start, end)
                    ),
                }
            )
        return {
            "date_from": date_from,
            "date_to": date_to,
            "prev_from": prev_from,
            "prev_to": prev_to,
            "label": self._synpunkt_period_label(date_from, date_to),
            "prev_label": self._synpunkt_period_label(prev_from, prev_to),
            "dates": period_dates(date_from, date_to),
            "prev_dates": period_dates(prev_from, prev_to),
            "units": units.mapped("complete_name"),
            "total": figures[0],
            "figures": figures,
            "breakdowns": breakdowns,
            "trend": trend,
        }

    @api.model
    def _synpunkt_period_label(self, start, end):
        months = period_months(start, end)
        if months == 12 and start.month == 1:
            return str(start.year)
        if months == 6 and start.month in (1, 7):
            return _(
                "H%(half)s %(year)s", half=1 if start.month == 1 else 2, year=start.year
            )
        if months == 3 and start.month in (1, 4, 7, 10):
            return _(
                "Q%(quarter)s %(year)s", quarter=(start.month + 2) // 3, year=start.year
            )
        return period_dates(start, end)

    @api.model
    def _synpunkt_received_in(self, start, end):
        return [
            ("received_date", ">=", utc_naive(start, time.min)),
            ("received_date", "<", utc_naive(end + timedelta(days=1), time.min)),
        ]

    @api.model
    def _synpunkt_count(self, domain):
        return self._read_group(domain, [], ["__count"])[0][0]

    @api.model
    def _synpunkt_in_time_share(self, domain, deadline, end):
        """Share (0-1, None if none) of the cases of ``domain`` that met their
        ``deadline`` ("ack" or "response") in time, among those whose
        deadline has been met or has passed by ``end``."""
        counts = dict(
            self._read_group(
                domain
                + [
                    (f"{deadline}_deadline", "!=", False),
                    "|",
                    (f"{deadline}_date", "!=", False),
                    (f"{deadline}_deadline", "<=", end),
                ],
                [f"{deadline}_in_time"],
                ["__count"],
            )
        )
        return counts.get(True, 0) / sum(counts.values()) if counts else None

    @api.model
    def _synpunkt_period_stats(self, scope, start, end):
        """Grouped counts of one period (see _synpunkt_summary)."""
        received = scope + self._synpunkt_received_in(start, end)
        stats = {}
        for key in (
            "kind",
            "unit_id",
            "provider_id",
            "provider_type",
            "category_id",
            "channel",
            "submitter_role",
            "redirect_reason",
            "is_anonymous",
            "is_confidential",
        ):
            stats[key] = dict(self._read_group(received, [key], ["__count"]))
        total = sum(stats["kind"].values())
        stats["total"] = total
        stats["anonymous"] = stats["is_anonymous"].get(True, 0)
        stats["anonymous_share"] = stats["anonymous"] / total if total else None
        stats["confidential"] = stats["is_confidential"].get(True, 0)
        stats["redirected"] = total - stats["redirect_reason"].get(False, 0)
        stats["production"] = {
            "private": stats["provider_type"].get("private", 0),
            "own": total - stats["provider_type"].get("private", 0),
        }
        # A deadline counts once it has been met or has passed by the period's end:
        # a case received on the last day is not "late" yet.
        not_redirected = received + [("redirect_reason", "=", False)]
        stats["ack_share"] = self._synpunkt_in_time_share(not_redirected, "ack", end)
        stats["answer_share"] = self._synpunkt_in_time_share(
            not_redirected, "response", end
        )
        query = self._search(received + [("response_date", "!=", False)])
        self.env.cr.execute(
            query.select(
                SQL(
                    "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(f)s), "
                    "percentile_cont(0.9) WITHIN GROUP (ORDER BY %(f)s)",
                    f=SQL.identifier(self._table, "response_working_days"),
                )
            )
        )
        median, p90 = self.env.cr.fetchone()
        stats["days_median"] = round(median, 1) if median is not None else None
        stats["days_p90"] = round(p90, 1) if p90 is not None else None
        end_utc = utc_naive(end + timedelta(days=1), time.min)
        open_at_end = scope + [
            ("received_date", "<", end_utc),
            "|",
            ("closed_date", "=", False),
            ("closed_date", ">=", end_utc),
        ]
        stats["open_at_end"] = self._synpunkt_count(open_at_end)
        stats["overdue_at_end"] = self._synpunkt_count(
            open_at_end
            + [
                ("redirect_reason", "=", False),
                ("response_deadline", "<", end),
                "|",
                ("response_date", "=", False),
                ("response_date", ">", end),
            ]
        )
        Measure = self.env["synpunkt.measure"]
        measure_scope = [("unit_id", "child_of", scope[0][2])] if scope else []
        stats["measures_done"] = Measure._read_group(
            measure_scope
            + [
                ("is_done", "=", True),
                ("done_date", ">=", start),
                ("done_date", "<=", end),
            ],
            [],
            ["__count"],
        )[0][0]
        stats["measures_followed_up"] = Measure._read_group(
            measure_scope
            + [
                ("followed_up_at_meeting", "=", True),
                ("meeting_date", ">=", start),
                ("meeting_date", "<=", end),
            ],
            [],
            ["__count"],
        )[0][0]
        return stats

    @api.model
    def _synpunkt_breakdown_rows(self, key, stats):
        cur, prev = stats["current"][key], stats["previous"][key]

        def row(rkey, label, current, previous, depth=0):
            return {
                "key": rkey,
                "label": label,
                "depth": depth,
                "current": current,
                "previous": previous,
                "change": current - previous,
            }

        if key == "production":
            return [
                row(
                    "own",
                    _("Own production (the municipality)"),
                    cur["own"],
                    prev["own"],
                ),
                row("private", _("Private providers"), cur["private"], prev["private"]),
            ]
        field = self._fields[key]
        if field.type == "selection":
            # Every value, zeros too: committees compare the reasons side by side.
            return [
                row(value, label, cur.get(value, 0), prev.get(value, 0))
                for value, label in field._description_selection(self.env)
            ]
        if key == "unit_id":
            return self._synpunkt_unit_rows(cur, prev, row)
        records = self.env[field.comodel_name].browse()
        for rec in list(cur) + list(prev):
            records |= rec
        rows = [
            row(rec.id, rec.display_name, cur.get(rec, 0), prev.get(rec, 0))
            for rec in records.sorted("display_name")
            if rec
        ]
        none = records.browse()
        if cur.get(none) or prev.get(none):
            rows.append(row(False, _("Not set"), cur.get(none, 0), prev.get(none, 0)))
        return rows

    @api.model
    def _synpunkt_unit_rows(self, cur, prev, row):
        """Counts rolled up the unit tree: a unit's row counts its cases and
        those of all its sub-units; sub-units are indented under it."""
        Unit = self.env["synpunkt.unit"].with_context(active_test=False)
        counted = Unit.browse()
        for unit in list(cur) + list(prev):
            counted |= unit
        counted = counted.filtered("id")
        chain_ids = {
            int(i) for unit in counted for i in unit.parent_path.split("/") if i
        }
        tree = Unit.browse(sorted(chain_ids))
        names = {unit.id: unit.name for unit in tree}
        # Depth-first order: each unit right after its parent, siblings by name.
        tree = tree.sorted(
            lambda u: [names[int(i)] for i in u.parent_path.split("/") if i]
        )
        totals = {}
        for unit in counted:
            for anc in (int(i) for i in unit.parent_path.split("/") if i):
                c, p = totals.get(anc, (0, 0))
                totals[anc] = (c + cur.get(unit, 0), p + prev.get(unit, 0))
        rows = [
            row(
                unit.id,
                unit.name,
                *totals[unit.id],
                depth=unit.parent_path.count("/") - 1,
            )
            for unit in tree
        ]
        none = Unit.browse()
        if cur.get(none) or prev.get(none):
            rows.append(
                row(False, _("No unit yet"), cur.get(none, 0), prev.get(none, 0))
            )
        return rows
