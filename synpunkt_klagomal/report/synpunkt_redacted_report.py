from odoo import api, models


class ReportSynpunktComplaintRedacted(models.AbstractModel):
    """The copy released as a public document after the secrecy review.
    Everything personal or marked is masked here, on the server, before the
    template sees it: the template gets masked strings only, never the
    case's own text fields, so nothing masked is in the PDF at all."""

    _name = "report.synpunkt_klagomal.report_synpunkt_complaint_redacted"
    _description = "Case copy released after secrecy review"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["synpunkt.complaint"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "synpunkt.complaint",
            "docs": docs,
            "redacted": {case.id: case._synpunkt_redacted_values() for case in docs},
            "company": self.env.company,
        }
