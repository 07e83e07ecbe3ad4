"""A confidential case must stay closed through every door (SPEC §3):
search, read_group, export, name_search, messages, attachments, reports,
followers, JSON-RPC and /web/content, and across companies."""

import base64
import json

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SynpunktCase


class ConfidentialFixture(SynpunktCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret = cls.cases[("own", True)]
        cls.open_case = cls.cases[("own", False)]
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "brev.txt",
                "res_model": "synpunkt.complaint",
                "res_id": cls.secret.id,
                "raw": b"Hemlig uppgift om en enskild.",
                "mimetype": "text/plain",
            }
        )
        cls.handler = cls.users["handler"]
        cls.handler_conf = cls.users["handler_conf"]
        # The handler was notified about the case before it became secret
        # knowledge to them: Odoo alone would still let them read it.
        cls.message = cls.secret.message_post(
            body="Samtal med anhörig om insatsen.",
            partner_ids=cls.handler.partner_id.ids,
            attachment_ids=cls.attachment.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )


@tagged("post_install", "-at_install")
class TestConfidentialDoors(ConfidentialFixture):
    def test_search_hides_confidential_cases(self):
        found = self.Complaint.with_user(self.handler).search([])
        self.assertIn(self.open_case, found)
        self.assertNotIn(self.secret, found)
        found_conf = self.Complaint.with_user(self.handler_conf).search([])
        self.assertIn(self.secret, found_conf)

    def test_search_on_content_does_not_reveal(self):
        domain = [("description", "ilike", "sekretess")]
        self.assertFalse(self.Complaint.with_user(self.handler).search_count(domain))
        self.assertEqual(
            self.Complaint.with_user(self.handler_conf).search_count(domain), 1
        )

    def test_read_group_counts_only_visible_cases(self):
        groups = self.Complaint.with_user(self.handler).read_group(
            [], ["unit_id"], ["unit_id"]
        )
        total = sum(group["unit_id_count"] for group in groups)
        self.assertEqual(total, self.Complaint.with_user(self.handler).search_count([]))
        self.assertNotIn(self.secret, self.Complaint.with_user(self.handler).search([]))
        groups_conf = self.Complaint.with_user(self.handler_conf).read_group(
            [("is_confidential", "=", True)], ["unit_id"], ["unit_id"]
        )
        self.assertEqual(sum(g["unit_id_count"] for g in groups_conf), 1)

    def test_export_refuses_confidential_case(self):
        export_group = self.env.ref("base.group_allow_export")
        (self.handler | self.handler_conf).groups_id = [Command.link(export_group.id)]
        with self.assertRaises(AccessError):
            self.secret.with_user(self.handler).export_data(["name", "description"])
        rows = self.secret.with_user(self.handler_conf).export_data(
            ["name", "description"]
        )["datas"]
        self.assertEqual(rows[0][1], self.secret.description)

    def test_name_search_hides_confidential_case(self):
        self.assertFalse(
            self.Complaint.with_user(self.handler).name_search(self.secret.name)
        )
        self.assertTrue(
            self.Complaint.with_user(self.handler_conf).name_search(self.secret.name)
        )

    def test_messages_hidden_even_from_notified_user(self):
        Message = self.env["mail.message"].with_user(self.handler)
        domain = [("model", "=", "synpunkt.complaint"), ("res_id", "=", self.secret.id)]
        self.assertFalse(Message.search(domain))
        # Nor in their inbox, where no model is named.
        self.assertNotIn(
            self.message,
            Message.search([("partner_ids", "in", self.handler.partner_id.ids)]),
        )
        self.assertNotIn(
            self.message,
            Message.search(
                ["|", ("model", "=", "res.partner"), ("id", "=", self.message.id)]
            ),
        )
        with self.assertRaises(AccessError):
            self.message.with_user(self.handler).read(["body"])
        self.assertIn(
            self.message,
            self.env["mail.message"].with_user(self.handler_conf).search(domain),
        )

    def test_attachment_by_id_refused(self):
        with self.assertRaises(AccessError):
            self.attachment.with_user(self.handler).read(["datas", "name"])
        with self.assertRaises(AccessError):
            self.attachment.with_user(self.handler).raw  # noqa: B018
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(self.handler)
            .search([("id", "=", self.attachment.id)])
        )
        data = self.attachment.with_user(self.handler_conf).read(["datas"])[0]["datas"]
        self.assertEqual(base64.b64decode(data), b"Hemlig uppgift om en enskild.")

    def test_attachment_of_other_unit_refused(self):
        other = self.env["ir.attachment"].create(
            {
                "name": "x.txt",
                "res_model": "synpunkt.complaint",
                "res_id": self.cases[("other", False)].id,
                "raw": b"x",
            }
        )
        with self.assertRaises(AccessError):
            other.with_user(self.handler).read(["datas"])

    def test_report_refuses_confidential_case(self):
        report = self.env["ir.actions.report"].with_user(self.handler)
        with self.assertRaises(AccessError):
            report._render_qweb_html(
                "synpunkt_klagomal.report_synpunkt_complaint", self.secret.ids
            )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.handler_conf)
            ._render_qweb_html(
                "synpunkt_klagomal.report_synpunkt_complaint", self.secret.ids
            )
        )
        self.assertIn(self.secret.name, html.decode())

    def test_responsible_handler_sees_own_confidential_case(self):
        case = self.create_case(
            unit=self.unit_other,
            is_confidential=True,
            user_id=self.handler.id,
            description="Tilldelad handläggaren.",
        )
        self.assertEqual(
            case.with_user(self.handler).description, "Tilldelad handläggaren."
        )
        self.assertIn(case, self.Complaint.with_user(self.handler).search([]))

    def test_marking_confidential_removes_followers_without_access(self):
        case = self.create_case(unit=self.unit_own)
        case.message_subscribe(
            partner_ids=(self.handler | self.handler_conf).partner_id.ids
        )
        case.write(
            {"is_confidential": True, "confidentiality_ground": "OSL 26 kap. 1 §"}
        )
        followers = case.message_partner_ids
        self.assertNotIn(self.handler.partner_id, followers)
        self.assertIn(self.handler_conf.partner_id, followers)
        self.assertEqual(case.confidentiality_user_id, self.env.user)
        self.assertTrue(case.confidentiality_date)

    def test_confidential_needs_legal_ground(self):
        case = self.create_case(unit=self.unit_own)
        with self.assertRaises(ValidationError):
            case.write({"is_confidential": True, "confidentiality_ground": " "})
        self.assertFalse(case.is_confidential)

    def test_measures_follow_their_case(self):
        measure = self.env["synpunkt.measure"].create(
            {"name": "Ny rutin", "complaint_id": self.secret.id}
        )
        Measure = self.env["synpunkt.measure"]
        self.assertNotIn(measure, Measure.with_user(self.handler).search([]))
        with self.assertRaises(AccessError):
            measure.with_user(self.handler).read(["name"])
        self.assertIn(measure, Measure.with_user(self.handler_conf).search([]))


@tagged("post_install", "-at_install")
class TestMultiCompany(SynpunktCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Grannkommunen"})
        cls.unit_b = cls.env["synpunkt.unit"].create(
            {"name": "Hemtjänst B", "company_id": cls.company_b.id}
        )
        cls.case_b = (
            cls.env["synpunkt.complaint"]
            .with_company(cls.company_b)
            .create(
                {
                    "kind": "complaint",
                    "submitter_role": "relative",
                    "channel": "letter",
                    "description": "Grannkommunens ärende",
                    "unit_id": cls.unit_b.id,
                    "company_id": cls.company_b.id,
                }
            )
        )
        cls.registrar_conf = cls.users["registrar_conf"]

    def test_other_company_case_invisible(self):
        Complaint = self.Complaint.with_user(self.registrar_conf)
        self.assertNotIn(self.case_b, Complaint.search([]))
        with self.assertRaises(AccessError):
            self.case_b.with_user(self.registrar_conf).read(["description"])

    def test_other_company_refused_even_if_asked_for(self):
        Complaint = self.Complaint.with_user(self.registrar_conf).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )
        with self.assertRaises(AccessError):
            Complaint.search([])

    def test_user_of_both_companies_sees_both(self):
        self.registrar_conf.company_ids = [Command.link(self.company_b.id)]
        Complaint = self.Complaint.with_user(self.registrar_conf).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )
        self.assertIn(self.case_b, Complaint.search([]))

    def test_references_numbered_per_company(self):
        self.assertRegex(self.case_b.name, r"^SK-\d{4}-00001$")
        self.assertEqual(self.case_b.name[:8], self.cases[("own", False)].name[:8])

    def test_cannot_put_case_on_other_company_unit(self):
        with self.assertRaises(UserError):
            self.create_case(unit=self.unit_b)


@tagged("post_install", "-at_install")
class TestConfidentialOverHttp(HttpCase):
    """The same doors reached as a browser or an integration does: JSON-RPC
    and /web/content."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.handler = new_test_user(
            cls.env,
            login="sk_http_handler",
            password="sk_http_handler_pw",
            groups="synpunkt_klagomal.group_handler",
        )
        cls.handler_conf = new_test_user(
            cls.env,
            login="sk_http_conf",
            password="sk_http_conf_pw",
            groups="synpunkt_klagomal.group_handler,synpunkt_klagomal.group_confidential",
        )
        unit = cls.env["synpunkt.unit"].create(
            {
                "name": "LSS",
                "member_ids": [Command.set((cls.handler | cls.handler_conf).ids)],
            }
        )
        cls.secret = cls.env["synpunkt.complaint"].create(
            {
                "kind": "complaint",
                "submitter_role": "service_user",
                "channel": "letter",
                "description": "Hemligt innehåll",
                "unit_id": unit.id,
                "is_confidential": True,
                "confidentiality_ground": "OSL 26 kap. 1 §",
            }
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "intyg.txt",
                "res_model": "synpunkt.complaint",
                "res_id": cls.secret.id,
                "raw": b"HEMLIGT-INTYG",
                "mimetype": "text/plain",
            }
        )

    def _call_kw(self, model, method, args, kwargs=None):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_jsonrpc_read_refused(self):
        self.authenticate("sk_http_handler", "sk_http_handler_pw")
        result = self._call_kw(
            "synpunkt.complaint", "read", [self.secret.ids, ["description"]]
        )
        self.assertIn("error", result)
        self.assertEqual(result["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertNotIn("Hemligt innehåll", json.dumps(result))
        result = self._call_kw(
            "ir.attachment", "read", [self.attachment.ids, ["datas"]]
        )
        self.assertIn("error", result)

    def test_jsonrpc_read_allowed_with_access(self):
        self.authenticate("sk_http_conf", "sk_http_conf_pw")
        result = self._call_kw(
            "synpunkt.complaint", "read", [self.secret.ids, ["description"]]
        )
        self.assertEqual(result["result"][0]["description"], "Hemligt innehåll")

    def test_web_content_refused(self):
        self.authenticate("sk_http_handler", "sk_http_handler_pw")
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"HEMLIGT-INTYG", response.content)

    def test_web_content_allowed_with_access(self):
        self.authenticate("sk_http_conf", "sk_http_conf_pw")
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"HEMLIGT-INTYG")

    def test_report_pdf_route_refused(self):
        self.authenticate("sk_http_handler", "sk_http_handler_pw")
        response = self.url_open(
            f"/report/html/synpunkt_klagomal.report_synpunkt_complaint/{self.secret.id}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"Hemligt inneh", response.content)
