import subprocess

from odoo.tests import HttpCase, tagged

from .common import SynpunktCase
from .report_pdf import PdfReportMixin

REPORT = "synpunkt_klagomal.action_report_paper_form"


@tagged("post_install", "-at_install")
class TestReportPaperForm(PdfReportMixin, HttpCase, SynpunktCase):
    """The blank paper form for receptions: every active unit, two A4 pages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A municipality's worth of units on top of the fixtures (and demo data,
        # if any).
        Unit = cls.env["synpunkt.unit"]
        for area in ("Äldreomsorg", "Funktionsstöd", "Socialpsykiatri"):
            parent = Unit.create({"name": area})
            for number in range(1, 6):
                Unit.create({"name": f"{area} enhet {number}", "parent_id": parent.id})
        cls.closed_unit = Unit.create({"name": "Nedlagda boendet", "active": False})

    def test_paper_form(self):
        content = self.render_pdf(REPORT, self.company.ids, user=self.users["handler"])
        info = subprocess.run(
            ["pdfinfo", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        pages = int(
            next(
                line.split()[-1]
                for line in info.splitlines()
                if line.startswith("Pages:")
            )
        )
        units = self.env["synpunkt.unit"].search([("company_id", "=", self.company.id)])
        self.assertGreaterEqual(len(units), 22)
        self.assertLessEqual(pages, 2, f"{len(units)} units take {pages} pages")
        text = " ".join(self.pdf_text(content).split())
        for unit in units:
            self.assertIn(unit.name, text)
        self.assertNotIn("Nedlagda boendet", text)
        self.assertIn(self.company.name, text)
        # The web form's texts on anonymity, public documents and personal data.
        self.assertRegex(text, r"(anonym|anonymous)")
        self.assertRegex(text, r"(allmän handling|public document)")
        self.assertRegex(text, r"(GDPR|dataskydds)")
