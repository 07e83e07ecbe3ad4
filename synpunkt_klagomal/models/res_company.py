from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.base.models.ir_sequence import _update_nogap

# Re-exported: the time helpers live in tools/swedish_time.py.
from ..tools.swedish_time import SWEDISH_TZ, swedish_date, swedish_today  # noqa: F401

DAY_TYPES = [("working", "Working days"), ("calendar", "Calendar days")]
HOLIDAY_YEARS_AHEAD = 3
DEFAULT_ALIAS_NAME = "synpunkter"


def _draw_numbers(date_range, count):
    """``count`` numbers of a year's range of a sequence, in order: one
    query for a "standard" (PostgreSQL) sequence, as ``_next`` draws one."""
    sequence = date_range.sequence_id
    if sequence.implementation != "standard":
        return [
            _update_nogap(date_range, sequence.number_increment) for _i in range(count)
        ]
    cr = date_range.env.cr
    cr.execute(
        "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
        ["ir_sequence_%03d_%03d" % (sequence.id, date_range.id), count],
    )
    return [row[0] for row in cr.fetchall()]


class ResCompany(models.Model):
    _inherit = "res.company"

    synpunkt_head_user_id = fields.Many2one(
        "res.users",
        string="Head of administration",
        domain=[("share", "=", False)],
        help="The head of administration (förvaltningschef): receives cases of a "
        "general character, redirected cases without a unit manager, and escalations.",
    )

    synpunkt_ack_days = fields.Integer(
        string="Acknowledgement within (days)",
        default=10,
        help="Days after receipt by which the person learns how the case will be "
        "handled (seed 000: 10 days).",
    )
    synpunkt_response_days = fields.Integer(
        string="Response within (days)",
        default=10,
        help="Days after receipt by which the case is answered (seed 001: 10 working "
        "days).",
    )
    synpunkt_day_type = fields.Selection(
        DAY_TYPES,
        string="Deadlines count",
        default="working",
        required=True,
        help="Calendar-day deadlines that end on a weekend or public holiday move to "
        "the next working day (lag (1930:173)).",
    )

    synpunkt_holidays_until = fields.Integer(
        string="Public holidays generated until",
        readonly=True,
        help="The last year whose Swedish public holidays were added to the working "
        "calendar. Later edits of those years' leaves are kept.",
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
            if Alias.search_count(
                [
                    ("alias_name", "=", name),
                    ("alias_domain_id", "=", company.alias_domain_id.id),
                ]
            ):
                name = f"{DEFAULT_ALIAS_NAME}-{company.id}"
            company.synpunkt_alias_id = Alias.create(
                {
                    "alias_name": name,
                    "alias_model_id": model.id,
                    "alias_domain_id": company.alias_domain_id.id,
                    "alias_contact": "everyone",
                    "alias_defaults": repr(
                        {"company_id": company.id, "channel": "email"}
                    ),
                }
            )

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
        return self._synpunkt_next_references([received])[0]

    def _synpunkt_next_references(self, moments):
        """Registration numbers for cases received at ``moments`` (UTC
        datetimes), in order, each in the series of the year it was received
        (SK-2026-00042). For a batch the sequence and each year's range are
        looked up once and each year's numbers drawn in one query (issue 12:
        next_by_code would look both up and run one ``nextval`` per number).
        The company's sequence must exist (_synpunkt_ensure_sequence)."""
        self.ensure_one()
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "synpunkt.complaint"),
                    ("company_id", "in", [self.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence.use_date_range:
            return [sequence._next() if sequence else False for _moment in moments]
        ranges = self.env["ir.sequence.date_range"].sudo()
        references = [False] * len(moments)
        by_range = defaultdict(list)
        for index, moment in enumerate(moments):
            day = self._synpunkt_local_date(moment)
            date_range = ranges.filtered(
                lambda r, day=day: r.date_from <= day <= r.date_to
            )[:1]
            if not date_range:
                # Odoo's own path: it makes the year's range if there is none yet.
                references[index] = sequence._next(sequence_date=day)
                ranges |= ranges.search(
                    [
                        ("sequence_id", "=", sequence.id),
                        ("date_from", "<=", day),
                        ("date_to", ">=", day),
                    ],
                    limit=1,
                )
                continue
            by_range[date_range].append(index)
        for date_range, indexes in by_range.items():
            for index, number in zip(
                indexes, _draw_numbers(date_range, len(indexes)), strict=True
            ):
                references[index] = date_range.sequence_id.with_context(
                    ir_sequence_date_range=date_range.date_from
                ).get_next_char(number)
        return references

    def _synpunkt_local_date(self, moment):
        return swedish_date(moment)

    @api.model
    def _cron_synpunkt_sync_public_holidays(self):
        self.search([])._synpunkt_sync_public_holidays()

    def _synpunkt_sync_public_holidays(self, years=None):
        """Add Sweden's public holidays to each company's working calendar
        for the years not generated yet (by default last year to
        HOLIDAY_YEARS_AHEAD ahead); see resource.calendar."""
        this_year = fields.Date.context_today(self).year
        for company in self.filtered("resource_calendar_id"):
            wanted = years or range(
                max(company.synpunkt_holidays_until + 1, this_year - 1),
                this_year + HOLIDAY_YEARS_AHEAD + 1,
            )
            wanted = sorted(set(wanted))
            if not wanted:
                continue
            company.resource_calendar_id._synpunkt_add_public_holidays(wanted, company)
            company.synpunkt_holidays_until = max(
                wanted[-1], company.synpunkt_holidays_until
            )

    def _synpunkt_non_working_days(self, first, last, leaves_only=False):
        """The days in [first, last] off in the company's working calendar."""
        self.ensure_one()
        return self.resource_calendar_id._synpunkt_non_working_days(
            first, last, self, leaves_only=leaves_only
        )

    def _synpunkt_add_days(self, start_days, days, day_type="working"):
        """Map each start day to its deadline ``days`` days later in the
        company's working calendar; the start day itself is not counted."""
        self.ensure_one()
        return self.resource_calendar_id._synpunkt_add_days(
            start_days, days, day_type, self
        )
