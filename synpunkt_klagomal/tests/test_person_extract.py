from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SynpunktCase

REPORT = "synpunkt_klagomal.action_report_synpunkt_person_extract"


@tagged("post_install", "-at_install")
class TestPersonExtract(SynpunktCase):
    """Register extract for a person's access request (GDPR art. 15): found
    by name, e-mail or phone, within the company only, for managers with
    confidential access only, and every search is logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        person = {
            "submitter_name": "Karin Lindeborg-Svahn",
            "submitter_email": "Karin.Lindeborg@example.com",
            "submitter_phone": "070-987 65 43",
        }
        cls.own_case = cls.create_case(
            unit=cls.unit_own,
            description="Karin Lindeborg-Svahn om hemtjänsten.",
            **person,
        )
        cls.secret_case = cls.create_case(
            unit=cls.unit_other,
            is_confidential=True,
            description="Sekretessbelagt om Karin.",
            **person,
        )
        cls.unrelated = cls.create_case(
            unit=cls.unit_own,
            submitter_name="Sven Berg",
            submitter_phone="08-123 456 78",
        )
        cls.company_b = cls.env["res.company"].create({"name": "Grannkommunen"})
        cls.foreign_case = cls.create_case(company_id=cls.company_b.id, **person)
        cls.extractor = cls.users["manager_conf"]
        cls.extractor.company_ids += cls.company_b

    def search_as(self, user, term):
        wizard = (
            self.env["synpunkt.person.extract.wizard"]
            .with_user(user)
            .create({"search_term": term})
        )
        wizard.action_search()
        return wizard

    def test_finds_by_name_email_and_phone_within_company(self):
        expected = self.own_case | self.secret_case
        terms = (
            "karin lindeborg-svahn",
            "Lindeborg",
            "karin.lindeborg@EXAMPLE.com",
            "0709876543",
            "+46 70-987 65 43",
        )
        for term in terms:
            wizard = self.search_as(self.extractor, term)
            self.assertEqual(wizard.complaint_ids, expected, term)
            self.assertNotIn(self.foreign_case, wizard.complaint_ids.sudo(), term)
        self.assertEqual(
            self.search_as(self.extractor, "08 12345678").complaint_ids, self.unrelated
        )
        # Asking for the other company in the values changes nothing.
        wizard = (
            self.env["synpunkt.person.extract.wizard"]
            .with_user(self.extractor)
            .create(
                {
                    "search_term": "Karin Lindeborg-Svahn",
                    "company_id": self.company_b.id,
                }
            )
        )
        wizard.action_search()
        self.assertEqual(wizard.company_id, self.company)
        self.assertEqual(wizard.complaint_ids, expected)

    def test_refused_without_confidential_access(self):
        for role in ("manager", "registrar_conf", "handler_conf", "handler"):
            with self.assertRaises(AccessError, msg=role):
                self.search_as(self.users[role], "Karin Lindeborg-Svahn")
        wizard = self.search_as(self.extractor, "Karin Lindeborg-Svahn")
        with self.assertRaises(AccessError):
            wizard.with_user(self.users["manager"]).action_search()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(
                self.users["manager"]
            )._render_qweb_html(REPORT, wizard.ids)

    def test_search_and_print_are_logged_and_extract_holds_the_data(self):
        wizard = self.search_as(self.extractor, "Karin Lindeborg-Svahn")
        action = wizard.action_print()
        self.assertEqual(
            action["report_name"], "synpunkt_klagomal.report_synpunkt_person_extract"
        )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.extractor)
            ._render_qweb_html(REPORT, wizard.ids)
        )
        html = html.decode()
        for text in (
            self.own_case.name,
            self.secret_case.name,
            "Karin.Lindeborg@example.com",
            "070-987 65 43",
            "Sekretessbelagt om Karin.",
        ):
            self.assertIn(text, html)
        self.assertNotIn(self.foreign_case.sudo().name, html)
        self.assertNotIn(self.unrelated.name, html)
        Log = self.env["synpunkt.extract.log"]
        entries = Log.sudo().search([("user_id", "=", self.extractor.id)])
        self.assertEqual(sorted(entries.mapped("action")), ["print", "search"])
        self.assertEqual(set(entries.mapped("search_term")), {"Karin Lindeborg-Svahn"})
        self.assertEqual(set(entries.mapped("case_count")), {2})
        # The log is for administrators with confidential access (a search term
        # beside the references found says who is a client); nobody edits it.
        admin = self.users["admin"]
        self.assertFalse(Log.with_user(admin).search([("id", "in", entries.ids)]))
        self.assertFalse(
            Log.with_user(admin).search_read([], ["search_term", "references"])
        )
        admin.groups_id = [
            Command.link(self.env.ref("synpunkt_klagomal.group_confidential").id)
        ]
        self.assertEqual(
            len(Log.with_user(admin).search([("id", "in", entries.ids)])), 2
        )
        with self.assertRaises(AccessError):
            Log.with_user(self.extractor).search([])
        with self.assertRaises(AccessError):
            entries.with_user(self.users["admin"]).unlink()
        with self.assertRaises(AccessError):
            entries.with_user(self.users["admin"]).write({"search_term": "x"})
