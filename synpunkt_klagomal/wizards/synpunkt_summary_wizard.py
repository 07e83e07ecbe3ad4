import io
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.swedish_time import swedish_today

PERIODS = [
    ("quarter", "Last quarter"),
    ("half_year", "Last half-year"),
    ("year", "Last year"),
    ("custom", "Other period"),
]


def period_just_ended(period, today):
    """(first, last) day of the quarter, half-year or year that ended last
    before ``today`` (seeds 001: quarterly, 002/003: twice a year and yearly)."""
    months = {"quarter": 3, "half_year": 6, "year": 12}[period]
    start_this = date(today.year, (today.month - 1) // months * months + 1, 1)
    start = start_this - relativedelta(months=months)
    return start, start_this - timedelta(days=1)


class SynpunktSummaryWizard(models.TransientModel):
    """The committee's summary (SPEC §7) for a period: print it as PDF,
    download it as a spreadsheet, or print the register of the period."""

    _name = "synpunkt.summary.wizard"
    _description = "Summary for the committee"

    period = fields.Selection(PERIODS, required=True, default="quarter")
    # Computed from the period, also on create over RPC (an onchange runs only
    # in the form); editable, and kept as given for "custom".
    date_from = fields.Date(
        string="From",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    unit_ids = fields.Many2many(
        "synpunkt.unit",
        string="Units",
        help="Only these units and their sub-units. Empty: every unit you may see.",
    )

    @api.depends("period")
    def _compute_dates(self):
        today = swedish_today()
        for wizard in self:
            if wizard.period != "custom":
                wizard.date_from, wizard.date_to = period_just_ended(
                    wizard.period, today
                )
            elif not (wizard.date_from and wizard.date_to):
                # "custom" without dates: start from the last quarter.
                wizard.date_from, wizard.date_to = period_just_ended("quarter", today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(_("The period must end on or after the day it starts."))

    def _synpunkt_check_owner(self):
        """A summary wizard is its creator's own: Odoo lets any user read
        another's transient records, and the routes take its id."""
        if not self.env.su and any(w.create_uid != self.env.user for w in self):
            raise AccessError(
                _("This summary was made by someone else. Make your own.")
            )

    def _synpunkt_summary(self):
        """The summary dict of :meth:`synpunkt.complaint._synpunkt_summary`."""
        self.ensure_one()
        return self.env["synpunkt.complaint"]._synpunkt_summary(
            self.date_from, self.date_to, self.unit_ids
        )

    def _synpunkt_period_cases(self):
        self.ensure_one()
        Complaint = self.env["synpunkt.complaint"]
        domain = Complaint._synpunkt_received_in(self.date_from, self.date_to)
        if self.unit_ids:
            domain += [("unit_id", "child_of", self.unit_ids.ids)]
        return Complaint.search(domain, order="received_date, id")

    def action_print_summary(self):
        self.ensure_one()
        return self.env.ref("synpunkt_klagomal.action_report_summary").report_action(
            self
        )

    def action_download_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/synpunkt_klagomal/summary/{self.id}/xlsx",
            "target": "download",
        }

    def action_print_register(self):
        self.ensure_one()
        cases = self._synpunkt_period_cases()
        if not cases:
            raise UserError(_("No case was received in this period."))
        period = self.env["synpunkt.complaint"]._synpunkt_period_label(
            self.date_from, self.date_to
        )
        return self.env.ref("synpunkt_klagomal.action_report_register").report_action(
            cases, data={"period": period}
        )

    def _synpunkt_summary_xlsx(self):
        """The summary as an .xlsx workbook (bytes): key figures, one sheet
        per breakdown, and the trend."""
        import xlsxwriter

        summary = self._synpunkt_summary()
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        bold = book.add_format({"bold": True})
        pct = book.add_format({"num_format": "0.0 %"})
        head = [_("Figure"), summary["label"], summary["prev_label"], _("Change")]

        def sheet(name, header):
            ws = book.add_worksheet(name[:31])
            ws.write_row(0, 0, header, bold)
            ws.set_column(0, 0, 48)
            ws.set_column(1, len(header), 14)
            return ws

        ws = sheet(_("Key figures"), head)
        for n, fig in enumerate(summary["figures"], start=1):
            fmt = pct if fig["kind"] == "share" else None
            ws.write(n, 0, fig["label"])
            for col, key in ((1, "current"), (2, "previous")):
                if fig[key] is None:
                    ws.write_blank(n, col, None)
                else:
                    ws.write_number(n, col, fig[key], fmt)
            if fig["change"] is not None:
                ws.write_number(n, 3, fig["change"])
        for breakdown in summary["breakdowns"]:
            ws = sheet(breakdown["title"], head)
            for n, row in enumerate(breakdown["rows"], start=1):
                ws.write(n, 0, "    " * row["depth"] + row["label"])
                ws.write_row(n, 1, [row["current"], row["previous"], row["change"]])
        ws = sheet(_("Trend"), [_("Period"), _("From"), _("To"), _("Cases received")])
        for n, point in enumerate(summary["trend"], start=1):
            ws.write_row(
                n,
                0,
                [
                    point["label"],
                    point["date_from"].isoformat(),
                    point["date_to"].isoformat(),
                    point["count"],
                ],
            )
        book.close()
        return out.getvalue()
