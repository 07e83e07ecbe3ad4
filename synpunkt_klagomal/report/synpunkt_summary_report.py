from functools import partial

from odoo import _, api, models

from .charts import bar_chart, line_chart


def format_number(value, kind="count"):
    """A figure as printed: Swedish decimal comma, shares in per cent."""
    if value is None:
        return "–"
    if kind == "share":
        return f"{value * 100:.1f} %".replace(".", ",")
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def format_change(value, kind="count", points=" pp"):
    """A change as printed, signed; a share's in ``points`` (the translated
    suffix: translated by the caller, which knows the language)."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    text = format_number(abs(value), "days" if kind != "count" else "count")
    return f"{sign}{text}" + (points if kind == "share" else "")


class ReportSynpunktSummary(models.AbstractModel):
    """The committee's summary, printed from synpunkt.summary.wizard."""

    _name = "report.synpunkt_klagomal.report_synpunkt_summary"
    _description = "Summary for the committee"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["synpunkt.summary.wizard"].browse(docids)
        wizards.check_access("read")
        wizards._synpunkt_check_owner()
        summaries = {}
        charts = {}
        for wizard in wizards:
            summary = wizard._synpunkt_summary()
            summaries[wizard.id] = summary
            breakdowns = {b["key"]: b for b in summary["breakdowns"]}
            charts[wizard.id] = {
                "kind": bar_chart(breakdowns["kind"]["rows"]),
                "unit": bar_chart(
                    [r for r in breakdowns["unit_id"]["rows"] if r["depth"] <= 1]
                ),
                "trend": line_chart(summary["trend"]),
            }
        return {
            "doc_ids": docids,
            "doc_model": "synpunkt.summary.wizard",
            "docs": wizards,
            "summaries": summaries,
            "charts": charts,
            "format_number": format_number,
            "format_change": partial(format_change, points=_(" pp")),
            "company": self.env.company,
        }
