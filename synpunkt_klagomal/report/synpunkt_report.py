import io

from reportlab.pdfgen import canvas

from odoo import _, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

MODULE_PREFIX = "synpunkt_klagomal."


class IrActionsReport(models.Model):
    """This module's reports are made for Debian's wkhtmltopdf (unpatched
    Qt): one HTML body, the letterhead inside it, and no header or footer
    HTML, which that build ignores. Page numbers, which Odoo's layouts put
    in the footer, are stamped on the finished PDF instead. Other reports
    are left as they are."""

    _inherit = "ir.actions.report"

    def _synpunkt_is_own(self):
        return len(self) == 1 and (self.report_name or "").startswith(MODULE_PREFIX)

    def _prepare_html(self, html, report_model=False):
        bodies, res_ids, header, footer, args = super()._prepare_html(
            html, report_model=report_model
        )
        if self._synpunkt_is_own():
            # All in the body; the unpatched build warns about header/footer files.
            header = footer = None
        return bodies, res_ids, header, footer, args

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        content, report_type = super()._render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )
        if report_type == "pdf" and self._get_report(report_ref)._synpunkt_is_own():
            content = self._synpunkt_number_pages(content)
        return content, report_type

    def _synpunkt_number_pages(self, pdf_content):
        """Stamp "Page N of M" at the foot of every page (bytes in, bytes out)."""
        reader = PdfFileReader(io.BytesIO(pdf_content), strict=False)
        total = reader.getNumPages()
        packet = io.BytesIO()
        can = canvas.Canvas(packet)
        for number in range(total):
            page = reader.getPage(number)
            width = float(abs(page.mediaBox.getWidth()))
            can.setPageSize((width, float(abs(page.mediaBox.getHeight()))))
            can.setFont("Helvetica", 8)
            can.drawCentredString(
                width / 2,
                22,
                _("Page %(page)s of %(total)s", page=number + 1, total=total),
            )
            can.showPage()
        can.save()
        stamps = PdfFileReader(packet)
        writer = PdfFileWriter()
        for number in range(total):
            page = reader.getPage(number)
            page.mergePage(stamps.getPage(number))
            writer.addPage(page)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
