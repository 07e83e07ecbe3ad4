from datetime import date, time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools.swedish_time import utc_naive
from .common import SynpunktCase
from .report_pdf import PdfReportMixin


@tagged("post_install", "-at_install")
class TestReportPdf(PdfReportMixin, HttpCase, SynpunktCase):
    """Every report rendered to PDF by wkhtmltopdf, its text read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.users["manager_conf"]
        cls.open_case = cls.create_case(
            unit=cls.unit_own,
            kind="complaint",
            channel="letter",
            received_date=utc_naive(date(2025, 2, 3), time(10)),
            submitter_name="Greta Garbosson",
            submitter_street="Storgatan 12",
            submitter_zip="123 45",
            submitter_city="Småstad",
            submitter_phone="070-123 45 67",
            submitter_email="greta@example.com",
            feedback_method="letter",
            description="Matleveransen uteblev tre dagar i rad.\nPersonalen svarade "
            "inte i telefon.",
        )
        cls.secret_case = cls.create_case(
            unit=cls.unit_own,
            kind="complaint",
            channel="phone",
            is_confidential=True,
            confidentiality_ground="OSL 26 kap. 1 §",
            received_date=utc_naive(date(2025, 2, 4), time(10)),
            submitter_name="Hemlige Hugo",
            description="Missbruk i familjen, vill inte bli nämnd.",
        )

    def test_summary_pdf(self):
        wizard = (
            self.env["synpunkt.summary.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "period": "custom",
                    "date_from": date(2025, 1, 1),
                    "date_to": date(2025, 3, 31),
                    "unit_ids": [Command.set(self.unit_own.ids)],
                }
            )
        )
        text = self.pdf_text(
            self.render_pdf(
                "synpunkt_klagomal.action_report_summary", wizard.ids, user=self.manager
            )
        )
        self.assertIn("Hemtjänst", text)
        self.assertIn(self.company.name, text)  # letterhead in the body
        # Page numbers stamped after rendering. Swedish once the lead regenerates the
        # .pot: Odoo reads a .po merged with its .pot, so new terms wait for it.
        self.assertRegex(text, r"(Sida 1 av|Page 1 of) \d")
        Complaint = self.env["synpunkt.complaint"].with_context(lang="sv_SE")
        self.assertIn(
            Complaint._synpunkt_period_label(date(2025, 1, 1), date(2025, 3, 31)), text
        )
        self.assertIn(
            Complaint._synpunkt_period_label(date(2024, 10, 1), date(2024, 12, 31)),
            text,
        )
        # Counted, never shown.
        self.assertNotIn("Hemlige Hugo", text)
        self.assertNotIn("Missbruk", text)
        self.assertNotIn("Greta", text)

    def test_register_pdf(self):
        cases = self.open_case | self.secret_case
        text = self.pdf_text(
            self.render_pdf(
                "synpunkt_klagomal.action_report_register", cases.ids, user=self.manager
            )
        )
        self.assertIn(self.open_case.name, text)
        self.assertIn("Greta Garbosson", text)
        self.assertIn("Matleveransen uteblev", text)
        self.assertIn(self.secret_case.name, text)
        secret = (
            self.env["synpunkt.complaint"]
            .with_context(lang="sv_SE")
            .env._("Secret under %s", "OSL 26 kap. 1 §")
        )
        self.assertIn(secret, text)
        self.assertNotIn("Hemlige Hugo", text)
        self.assertNotIn("Missbruk", text)

    def test_register_refused_without_read_access(self):
        handler = self.users["handler"]  # no confidential access, not responsible
        with self.assertRaises(AccessError):
            self.render_pdf(
                "synpunkt_klagomal.action_report_register",
                self.secret_case.ids,
                user=handler,
            )

    def test_register_from_wizard(self):
        wizard = (
            self.env["synpunkt.summary.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "period": "custom",
                    "date_from": date(2025, 2, 1),
                    "date_to": date(2025, 2, 28),
                    "unit_ids": [Command.set(self.unit_own.ids)],
                }
            )
        )
        action = wizard.action_print_register()
        self.assertEqual(
            action["report_name"], "synpunkt_klagomal.report_synpunkt_register"
        )
        self.assertEqual(
            set(action["context"]["active_ids"]),
            set((self.open_case | self.secret_case).ids),
        )
