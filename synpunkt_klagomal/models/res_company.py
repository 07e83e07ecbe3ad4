import logging
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

try:
    import holidays
except ImportError:  # declared in external_dependencies: Odoo refuses to install without it
    holidays = None

DAY_TYPES = [("working", "Working days"), ("calendar", "Calendar days")]
# Swedish law counts days in Swedish time, whatever the server's zone.
SWEDISH_TZ = pytz.timezone("Europe/Stockholm")
# lag (1989:253) om allmänna helgdagar ("public") and the eves that
# lag (1930:173) treats like them: midsommarafton, julafton, nyårsafton ("de_facto").
HOLIDAY_CATEGORIES = ("public", "de_facto")
HOLIDAY_YEARS_AHEAD = 3
DEFAULT_ALIAS_NAME = "synpunkter"


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

    synpunkt_holidays_until = fields.Integer(
        string="Public holidays generated until",
        readonly=True,
        help="The last year whose Swedish public holidays were added to the working calendar. "
        "Later edits of those years' leaves are kept.",
    )

    synpunkt_alias_id = fields.Many2one(
        "mail.alias",
        string="Feedback and complaints e-mail alias",
        ondelete="restrict",
        copy=False,
        help="Mail to this address opens a case of this company (channel e-mail).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._synpunkt_ensure_sequence()
        companies._synpunkt_sync_public_holidays()
        companies._synpunkt_ensure_alias()
        return companies

    def _synpunkt_ensure_alias(self):
        """Each company receives cases at its own address, by default
        synpunkter@<the company's mail domain>."""
        Alias = self.env["mail.alias"].sudo()
        model = self.env["ir.model"]._get("synpunkt.complaint")
        for company in self.filtered(lambda c: not c.synpunkt_alias_id):
            name = DEFAULT_ALIAS_NAME
            if Alias.search_count([("alias_name", "=", name),
                                   ("alias_domain_id", "=", company.alias_domain_id.id)]):
                name = f"{DEFAULT_ALIAS_NAME}-{company.id}"
            company.synpunkt_alias_id = Alias.create({
                "alias_name": name,
                "alias_model_id": model.id,
                "alias_domain_id": company.alias_domain_id.id,
                "alias_contact": "everyone",
                "alias_defaults": repr({"company_id": company.id, "channel": "email"}),
            })

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
        """The next registration number, in the series of the year received.
        The company's sequence must exist (_synpunkt_ensure_sequence)."""
        self.ensure_one()
        return (
            self.env["ir.sequence"]
            .sudo()
            .with_company(self)
            .next_by_code("synpunkt.complaint", sequence_date=self._synpunkt_local_date(received))
        )

    def _synpunkt_local_date(self, moment):
        return swedish_date(moment)

    @api.model
    def _cron_synpunkt_sync_public_holidays(self):
        self.search([])._synpunkt_sync_public_holidays()

    def _synpunkt_sync_public_holidays(self, years=None):
        """Add Sweden's public holidays to each company's working calendar as
        company-wide leaves, for the years not generated yet (by default
        last year to HOLIDAY_YEARS_AHEAD ahead). Days the calendar already
        has off are left as they are, so administrators' edits survive."""
        this_year = fields.Date.context_today(self).year
        Leave = self.env["resource.calendar.leaves"].sudo()
        for company in self.filtered("resource_calendar_id"):
            calendar = company.resource_calendar_id
            wanted = years or range(
                max(company.synpunkt_holidays_until + 1, this_year - 1),
                this_year + HOLIDAY_YEARS_AHEAD + 1,
            )
            wanted = sorted(set(wanted))
            if not wanted:
                continue
            # Options passed on to the country class (include_sundays): holidays
            # >= 0.109, the minimum declared in the manifest.
            swedish = holidays.country_holidays(
                "SE", years=wanted, categories=HOLIDAY_CATEGORIES, language="sv",
                include_sundays=False,
            )
            taken = company._synpunkt_non_working_days(
                date(wanted[0], 1, 1), date(wanted[-1], 12, 31), leaves_only=True
            )
            Leave.create(
                [
                    {
                        "name": name,
                        "calendar_id": calendar.id,
                        "resource_id": False,
                        "time_type": "leave",
                        "date_from": _utc_naive(day, time.min),
                        "date_to": _utc_naive(day, time(23, 59, 59)),
                    }
                    for day, name in sorted(swedish.items())
                    if day not in taken
                ]
            )
            company.synpunkt_holidays_until = max(wanted[-1], company.synpunkt_holidays_until)
            _logger.info(
                "Swedish public holidays %s-%s added to calendar %s", wanted[0], wanted[-1],
                calendar.name,
            )

    def _synpunkt_non_working_days(self, first, last, leaves_only=False):
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
        closed = set() if leaves_only else {
            first + timedelta(days=offset)
            for offset in range((last - first).days + 1)
            if (first + timedelta(days=offset)).weekday() not in working_weekdays
        }
        if calendar:
            tz = SWEDISH_TZ
            leaves = self.env["resource.calendar.leaves"].sudo().search(
                [
                    ("resource_id", "=", False),
                    ("time_type", "=", "leave"),
                    "|",
                    ("calendar_id", "=", calendar.id),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "=", self.id),
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


def swedish_date(moment):
    """The Swedish calendar day of a naive UTC datetime: a case received at
    23:30 UTC in winter arrived the next day in Stockholm."""
    return pytz.utc.localize(moment).astimezone(SWEDISH_TZ).date()


def swedish_today():
    """Today's date in Sweden: the day staff and the person live in, for
    dates stored on a case (acknowledged on, answered on) and to-dos."""
    return swedish_date(fields.Datetime.now())


def _utc_naive(day, moment):
    """A Swedish wall-clock time on ``day`` as the naive UTC datetime Odoo stores."""
    local = SWEDISH_TZ.localize(datetime.combine(day, moment))
    return local.astimezone(pytz.utc).replace(tzinfo=None)
