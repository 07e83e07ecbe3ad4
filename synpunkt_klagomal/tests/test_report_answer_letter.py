import re
import subprocess
from datetime import date, time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools.swedish_time import utc_naive
from .common import SynpunktCase
from .report_pdf import PdfReportMixin

REPORT = "synpunkt_klagomal.action_report_answer_letter"
MM = 72 / 25.4  # PDF points per millimetre


@tagged("post_install", "-at_install")
class TestReportAnswerLetter(PdfReportMixin, HttpCase, SynpunktCase):
    """The answer by letter, for a Swedish window envelope."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registrar = cls.users["registrar_conf"]
        common = dict(
            unit=cls.unit_own,
            channel="letter",
            feedback_method="letter",
            received_date=utc_naive(date(2025, 3, 3), time(10)),
        )
        cls.letter_a = cls.create_case(
            submitter_name="Greta Garbosson",
            submitter_street="Storgatan 12",
            submitter_zip="123 45",
            submitter_city="Småstad",
            answer="<p>Vi har gått igenom leveranserna och infört en reservrutin.</p>"
            "<script>alert(1)</script>",
            **common,
        )
        cls.letter_b = cls.create_case(
            submitter_name="Bertil Brevsson",
            submitter_street="Lillgatan 3",
            submitter_zip="543 21",
            submitter_city="Byn",
            is_confidential=True,
            answer="<p>Tack för ditt klagomål om biståndsbeslutet.</p>",
            **common,
        )

    def bbox_mm(self, content, word):
        """(x, y) in mm from the paper's top left of the first ``word`` on page 1."""
        html = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        match = re.search(
            rf'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>{re.escape(word)}</word>',
            html,
        )
        self.assertTrue(match, f"{word} not on page 1")
        return float(match.group(1)) / MM, float(match.group(2)) / MM

    def test_letter_text_and_window_placement(self):
        content = self.render_pdf(REPORT, self.letter_a.ids, user=self.registrar)
        text = self.pdf_text(content)
        for line in (
            "Greta Garbosson",
            "Storgatan 12",
            "123 45 Småstad",
            self.letter_a.name,
            "infört en reservrutin",
            self.own_manager.name,
            self.company.name,
        ):
            self.assertIn(line, text)
        self.assertNotIn("alert(1)", text)
        x, y = self.bbox_mm(content, "Greta")
        # Inside the window of a C5/DL/E65 envelope: 20 mm from the left, 45-50 mm down.
        self.assertTrue(19 <= x <= 26, f"address starts {x:.1f} mm from the left")
        self.assertTrue(45 <= y <= 56, f"address starts {y:.1f} mm from the top")

    def test_batch_of_two_in_one_pdf(self):
        cases = self.letter_a | self.letter_b
        action = cases.with_user(self.registrar).action_print_answer_letters()
        self.assertEqual(
            action["report_name"], "synpunkt_klagomal.report_synpunkt_answer_letter"
        )
        content = self.render_pdf(REPORT, cases.ids, user=self.registrar)
        text = self.pdf_text(content)
        self.assertIn("Greta Garbosson", text)
        self.assertIn(
            "Bertil Brevsson", text
        )  # confidential: goes by post, printed for readers
        pages = text.split("\f")
        self.assertNotEqual(
            next(i for i, p in enumerate(pages) if "Greta" in p),
            next(i for i, p in enumerate(pages) if "Bertil" in p),
        )

    def test_refused_to_non_readers(self):
        handler = self.users["handler"]  # reads letter_a, not the confidential letter_b
        self.render_pdf(REPORT, self.letter_a.ids, user=handler)
        with self.assertRaises(AccessError):
            self.render_pdf(REPORT, self.letter_b.ids, user=handler)
        outsider = self.users["handler"].copy(
            {
                "login": "sk_outsider_letter",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.render_pdf(REPORT, self.letter_a.ids, user=outsider)
