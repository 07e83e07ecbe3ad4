from odoo import api, models


class ReportSynpunktComplaint(models.AbstractModel):
    """The case printout. Checks read access before rendering, so a refused
    print is a clean access error, not a half-rendered template."""

    _name = "report.synpunkt_klagomal.report_synpunkt_complaint"
    _description = "Case printout"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["synpunkt.complaint"].browse(docids)
        docs.check_access("read")
        return {"doc_ids": docids, "doc_model": "synpunkt.complaint", "docs": docs, "data": data}
