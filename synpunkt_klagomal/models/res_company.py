from datetime import timedelta

import pytz

from odoo import api, fields, models

DAY_TYPES = [("working", "Working days"), ("calendar", "Calendar days")]
DEFAULT_TZ = "Europe/Stockholm"


class ResCompany(models.Model):
    _inherit = "res.company"

    synpunkt_head_user_id = fields.Many2one(
        "res.users",
        string="Head of administration",
        domain=[("share", "=", False)],
        help="The head of administration (förvaltningschef): receives cases of a general "
        "character, redirected cases without a unit manager, and escalations.",
    )

    synpunkt_ack_days = fields.Integer(
        string="Acknowledgement within (days)",
        default=10,
        help="Days after receipt by which the person learns how the case will be handled "
        "(seed 000: 10 days).",
    )
    synpunkt_response_days = fields.Integer(
        string="Response within (days)",
        default=10,
        help="Days after receipt by which the case is answered (seed 001: 10 working days).",
    )
    synpunkt_day_type = fields.Selection(
        DAY_TYPES,
        string="Deadlines count",
        default="working",
        required=True,
        help="Calendar-day deadlines that end on a weekend or public holiday move to the "
        "next working day (lag (1930:173)).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._synpunkt_ensure_sequence()
        return companies

    def _synpunkt_ensure_sequence(self):
        """Each company numbers its cases in its own series (SK-2026-00042)."""
        Sequence = self.env["ir.sequence"].sudo()
        existing = Sequence.search(
            [("code", "=", "synpunkt.complaint"), ("company_id", "in", self.ids)]
        ).company_id
        for company in self - existing:
            Sequence.create(
                {
                    "name": f"Synpunkter och klagomål – {company.name}",
                    "code": "synpunkt.complaint",
                    "prefix": "SK-%(range_year)s-",
                    "padding": 5,
                    "use_date_range": True,
                    "company_id": company.id,
                }
            )

    def _synpunkt_next_reference(self, received):
        """The next registration number, in the series of the year received."""
        self.ensure_one()
        self._synpunkt_ensure_sequence()
        return (
            self.env["ir.sequence"]
            .sudo()
            .with_company(self)
            .next_by_code("synpunkt.complaint", sequence_date=self._synpunkt_local_date(received))
        )

    def _synpunkt_tz(self):
        self.ensure_one()
        return pytz.timezone(self.resource_calendar_id.tz or DEFAULT_TZ)

    def _synpunkt_local_date(self, moment):
        """The company's calendar day of a UTC datetime: a case received at
        23:30 UTC in winter arrived the next day in Stockholm."""
        self.ensure_one()
        return pytz.utc.localize(moment).astimezone(self._synpunkt_tz()).date()

    def _synpunkt_non_working_days(self, first, last):
        """Days in [first, last] that are not working days in the company's
        calendar: days without attendance (weekends) and the calendar's
        company-wide leaves (public holidays)."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        working_weekdays = (
            {int(day) for day in calendar.attendance_ids.mapped("dayofweek")}
            if calendar.attendance_ids
            else {0, 1, 2, 3, 4}
        )
        closed = {
            first + timedelta(days=offset)
            for offset in range((last - first).days + 1)
            if (first + timedelta(days=offset)).weekday() not in working_weekdays
        }
        if calendar:
            tz = self._synpunkt_tz()
            leaves = self.env["resource.calendar.leaves"].sudo().search(
                [
                    ("resource_id", "=", False),
                    ("calendar_id", "in", (calendar.id, False)),
                    ("company_id", "in", (self.id, False)),
                    ("date_from", "<=", fields.Datetime.to_string(last + timedelta(days=1))),
                    ("date_to", ">=", fields.Datetime.to_string(first - timedelta(days=1))),
                ]
            )
            for leave in leaves:
                day = pytz.utc.localize(leave.date_from).astimezone(tz).date()
                end = pytz.utc.localize(leave.date_to).astimezone(tz).date()
                while day <= end:
                    closed.add(day)
                    day += timedelta(days=1)
        return closed

    def _synpunkt_add_days(self, start_days, days, day_type="working"):
        """Map each start day to its deadline ``days`` days later; the start
        day itself is not counted. Loads the calendar once for all days."""
        self.ensure_one()
        start_days = set(start_days)
        if not start_days:
            return {}
        first, last = min(start_days), max(start_days) + timedelta(days=days * 3 + 40)
        closed = self._synpunkt_non_working_days(first, last)
        deadlines = {}
        for start in start_days:
            day = start
            if day_type == "calendar":
                day += timedelta(days=days)
                while day in closed:
                    day += timedelta(days=1)
            else:
                remaining = days
                while remaining > 0:
                    day += timedelta(days=1)
                    if day not in closed:
                        remaining -= 1
            deadlines[start] = day
        return deadlines
