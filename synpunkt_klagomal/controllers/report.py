from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SynpunktReportController(http.Controller):
    @http.route(
        "/synpunkt_klagomal/summary/<int:wizard_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def summary_xlsx(self, wizard_id):
        """The committee's summary as a spreadsheet. The wizard is read as
        the logged-in user, who must be its creator, and the figures count
        what that user may see."""
        wizard = request.env["synpunkt.summary.wizard"].browse(wizard_id).exists()
        if not wizard:
            raise request.not_found()
        wizard.check_access("read")
        wizard._synpunkt_check_owner()
        content = wizard._synpunkt_summary_xlsx()
        filename = f"sammanstallning_{wizard.date_from}_{wizard.date_to}.xlsx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
                ("Content-Length", str(len(content))),
            ],
        )
