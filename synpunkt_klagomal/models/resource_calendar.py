"""The working-day calendar where Odoo keeps calendars: Sweden's public
holidays as company-wide leaves of a resource.calendar, and which days of a
period are not working days. The arithmetic itself is in
tools/swedish_time.py; res.company decides which years to generate."""

import logging
from datetime import date, time, timedelta

import pytz

from odoo import fields, models

from ..tools.swedish_time import SWEDISH_TZ, add_days, horizon, utc_naive

_logger = logging.getLogger(__name__)

try:
    import holidays
except (
    ImportError
):  # declared in external_dependencies: Odoo refuses to install without it
    holidays = None

# lag (1989:253) om allmänna helgdagar ("public") and the eves that
# lag (1930:173) treats like them: midsommarafton, julafton, nyårsafton ("de_facto").
HOLIDAY_CATEGORIES = ("public", "de_facto")


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _synpunkt_add_public_holidays(self, years, company):
        """Add Sweden's public holidays of ``years`` (iterable of int) to
        this calendar as company-wide leaves. Days the calendar already has
        off are left as they are, so administrators' edits survive.

        :return: the leaves created (resource.calendar.leaves)"""
        self.ensure_one()
        years = sorted(set(years))
        # Options passed on to the country class (include_sundays): holidays
        # >= 0.109, the minimum declared in the manifest.
        swedish = holidays.country_holidays(
            "SE",
            years=years,
            categories=HOLIDAY_CATEGORIES,
            language="sv",
            include_sundays=False,
        )
        taken = self._synpunkt_non_working_days(
            date(years[0], 1, 1), date(years[-1], 12, 31), company, leaves_only=True
        )
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "calendar_id": self.id,
                        "resource_id": False,
                        "time_type": "leave",
                        "date_from": utc_naive(day, time.min),
                        "date_to": utc_naive(day, time(23, 59, 59)),
                    }
                    for day, name in sorted(swedish.items())
                    if day not in taken
                ]
            )
        )
        _logger.info(
            "Swedish public holidays %s-%s added to calendar %s",
            years[0],
            years[-1],
            self.name,
        )
        return leaves

    def _synpunkt_non_working_days(self, first, last, company, leaves_only=False):
        """Days in [first, last] (dates) that are not working days in this
        calendar (empty recordset: Monday to Friday): days without
        attendance (weekends) and the company-wide leaves of the calendar or
        of ``company`` (public holidays), in Swedish days.

        :return: set of dates"""
        working_weekdays = (
            {int(day) for day in self.attendance_ids.mapped("dayofweek")}
            if self.attendance_ids
            else {0, 1, 2, 3, 4}
        )
        closed = (
            set()
            if leaves_only
            else {
                first + timedelta(days=offset)
                for offset in range((last - first).days + 1)
                if (first + timedelta(days=offset)).weekday() not in working_weekdays
            }
        )
        if self:
            leaves = (
                self.env["resource.calendar.leaves"]
                .sudo()
                .search(
                    [
                        ("resource_id", "=", False),
                        ("time_type", "=", "leave"),
                        "|",
                        ("calendar_id", "=", self.id),
                        "&",
                        ("calendar_id", "=", False),
                        ("company_id", "=", company.id),
                        (
                            "date_from",
                            "<=",
                            fields.Datetime.to_string(last + timedelta(days=1)),
                        ),
                        (
                            "date_to",
                            ">=",
                            fields.Datetime.to_string(first - timedelta(days=1)),
                        ),
                    ]
                )
            )
            for leave in leaves:
                day = pytz.utc.localize(leave.date_from).astimezone(SWEDISH_TZ).date()
                end = pytz.utc.localize(leave.date_to).astimezone(SWEDISH_TZ).date()
                while day <= end:
                    closed.add(day)
                    day += timedelta(days=1)
        return closed

    def _synpunkt_add_days(self, start_days, days, day_type, company):
        """Deadlines ``days`` working or calendar days after each start day,
        reading this calendar once for all of them (see
        tools.swedish_time.add_days).

        :return: dict {start date: deadline date}"""
        start_days = set(start_days)
        if not start_days:
            return {}
        first, last = horizon(start_days, days)
        closed = self._synpunkt_non_working_days(first, last, company)
        return add_days(start_days, days, day_type, closed)
