from odoo import api, models

from ..tools.swedish_time import swedish_date


class ReportSynpunktComplaint(models.AbstractModel):
    """The case printout. Checks read access before rendering, so a refused
    print is a clean access error, not a half-rendered template. Several
    cases print as one HTML body with page breaks (Debian's wkhtmltopdf
    takes one input document per run)."""

    _name = "report.synpunkt_klagomal.report_synpunkt_complaint"
    _description = "Case printout"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["synpunkt.complaint"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "synpunkt.complaint",
            "docs": docs,
            "data": data,
            "company": self.env.company,
            "stage_history": docs._synpunkt_stage_history(),
            "deadline_rows": {case.id: case._synpunkt_deadline_rows() for case in docs},
            "swedish_date": swedish_date,
        }
