import re
from datetime import date, time

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools.swedish_time import utc_naive
from .common import SynpunktCase
from .report_pdf import PdfReportMixin


@tagged("post_install", "-at_install")
class TestReportCasePdf(PdfReportMixin, HttpCase, SynpunktCase):
    """The case printout, rendered by Debian's wkhtmltopdf for several
    cases at once, with its history of stages and deadlines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registrar = cls.users["registrar_conf"]
        cls.case_a = cls.create_case(
            unit=cls.unit_own,
            kind="complaint",
            channel="letter",
            received_date=utc_naive(date(2025, 2, 3), time(10)),
            submitter_name="Greta Garbosson",
            submitter_street="Storgatan 12",
            submitter_zip="123 45",
            submitter_city="Småstad",
            feedback_method="letter",
            description="Matleveransen uteblev tre dagar i rad.",
        )
        cls.case_b = cls.create_case(
            unit=cls.unit_own,
            kind="opinion",
            channel="phone",
            received_date=utc_naive(date(2025, 2, 5), time(9)),
            submitter_name="Sven Svensson",
            description="Trevlig personal men sena besök.",
        )
        answered = cls.env.ref("synpunkt_klagomal.stage_answered")
        # Creation leaves "no tracking" pending for the new cases; the stage
        # changes below come later, as in real use, and are tracked.
        cls.env.cr.precommit.run()
        with freeze_time("2025-02-05 10:00:00"):
            cls.case_a.with_user(cls.registrar).action_mark_acknowledged()
        with freeze_time("2025-02-10 10:00:00"):
            cls.case_a.with_user(cls.registrar).stage_id = answered
            cls.env.cr.precommit.run()

    def test_two_cases_in_one_pdf(self):
        cases = self.case_a | self.case_b
        text = self.pdf_text(
            self.render_pdf(
                "synpunkt_klagomal.action_report_complaint",
                cases.ids,
                user=self.registrar,
            )
        )
        for case in cases:
            self.assertIn(case.name, text)
        self.assertIn("Matleveransen uteblev", text)
        self.assertIn("Trevlig personal", text)
        self.assertIn(self.company.name, text)
        self.assertRegex(text, r"(Sida|Page) 1 (av|of) \d")
        # One case per page at least: the second starts on a new page.
        pages = text.split("\f")
        first = next(i for i, page in enumerate(pages) if self.case_a.name in page)
        second = next(i for i, page in enumerate(pages) if self.case_b.name in page)
        self.assertNotEqual(first, second)

    def test_history_and_deadlines(self):
        text = self.pdf_text(
            self.render_pdf(
                "synpunkt_klagomal.action_report_complaint",
                self.case_a.ids,
                user=self.registrar,
            )
        )
        answered = self.env.ref("synpunkt_klagomal.stage_answered").with_context(
            lang="sv_SE"
        )
        self.assertIn(answered.name, text)
        self.assertIn(str(self.case_a.response_deadline), text)
        first_stage = (
            self.env.ref("synpunkt_klagomal.stage_new").with_context(lang="sv_SE").name
        )
        self.assertRegex(text, rf"2025-02-03\s+{first_stage}")
        self.assertRegex(text, rf"2025-02-10\s+{answered.name}\s+{self.registrar.name}")
        history = self.case_a._synpunkt_stage_history()[self.case_a.id]
        self.assertEqual(
            [(row["date"], row["stage"]) for row in history],
            [
                (date(2025, 2, 3), self.env.ref("synpunkt_klagomal.stage_new").name),
                (date(2025, 2, 10), self.case_a.stage_id.name),
            ],
        )
        rows = self.case_a.with_context(lang="en_US")._synpunkt_deadline_rows()
        self.assertEqual(
            [(r["label"], r["done"], r["state"]) for r in rows],
            [
                ("Acknowledgement", date(2025, 2, 5), "Met"),
                ("Answer", date(2025, 2, 10), "Met"),
            ],
        )

    def test_refused_to_a_user_who_cannot_read_the_case(self):
        secret = self.cases[("own", True)]
        with self.assertRaises(AccessError):
            self.render_pdf(
                "synpunkt_klagomal.action_report_complaint",
                (self.case_a | secret).ids,
                user=self.users["handler"],
            )

    def test_address_prints_only_the_parts_given(self):
        """No stray comma: a submitter without a street (or without any
        address) prints only what is there."""
        city_only = self.create_case(
            unit=self.unit_own, submitter_name="Stina Stad", submitter_city="Småstad"
        )
        cases = self.case_a | self.case_b | city_only
        html = (
            self.env["ir.actions.report"]
            .with_user(self.registrar)
            .with_context(lang="en_US")
            ._render_qweb_html("synpunkt_klagomal.action_report_complaint", cases.ids)[
                0
            ]
            .decode()
        )
        addresses = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<th>Address</th>\s*<td>(.*?)</td>", html, re.S)
        ]
        self.assertEqual(addresses, ["Storgatan 12, 123 45 Småstad", "", "Småstad"])
