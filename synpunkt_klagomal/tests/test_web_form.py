"""The citizens' web form, its receipt and the status page, over real HTTP
(SPEC §5). Assertions are on behaviour and markup, not on wording: the
Swedish texts come from the translation."""

import re
from datetime import timedelta

from lxml import html as lxml_html

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.translate import code_translations

from odoo.addons.synpunkt_klagomal.controllers.form_input import (
    MAX_FILE_SIZE,
    MAX_FILES,
)
from odoo.addons.synpunkt_klagomal.models.synpunkt_rate_limit import LIMIT_PARAM

from .common import activate_swedish

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<html><body><script>alert(1)</script></body></html>"


@tagged("post_install", "-at_install")
class TestWebForm(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The form is in Swedish wherever Swedish is installed: install it here, so
        # that the tests see the same form with or without --load-language=sv_SE.
        activate_swedish(cls.env)
        public = cls.env.ref("base.public_user")
        cls.company = public.company_id
        Unit = cls.env["synpunkt.unit"]
        cls.unit = Unit.create(
            {"name": "Webbformulärets enhet", "company_id": cls.company.id}
        )
        cls.archived_unit = Unit.create(
            {"name": "Nedlagd enhet", "company_id": cls.company.id, "active": False}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Grannkommunen"})
        cls.foreign_unit = Unit.create(
            {"name": "Grannkommunens enhet", "company_id": cls.other_company.id}
        )
        cls.handler = cls.env["res.users"].create(
            {
                "name": "Hemlig Handläggare",
                "login": "sk_web_handler",
                "groups_id": [
                    (6, 0, [cls.env.ref("synpunkt_klagomal.group_handler").id])
                ],
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param(LIMIT_PARAM, "1000")

    # ---------------------------------------------------------------- helpers

    def get_form(self, url="/synpunkter"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response

    def csrf_token(self):
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.get_form().text)
        self.assertTrue(match, "the form carries a CSRF token")
        return match.group(1)

    def post(self, data=None, files=None, csrf=True, **values):
        payload = {
            "kind": "complaint",
            "submitter_role": "relative",
            "description": "Hemtjänsten kom inte på morgonen.",
            "feedback_method": "none",
            "unit_id": "unknown",
        }
        payload.update(values)
        payload = {key: value for key, value in payload.items() if value is not None}
        if csrf:
            payload["csrf_token"] = self.csrf_token()
        return self.url_open("/synpunkter", data=data or payload, files=files)

    def counts(self):
        self.env.invalidate_all()
        return (
            self.env["synpunkt.complaint"].search_count([]),
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "synpunkt.complaint")]
            ),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["mail.mail"].search_count([]),
        )

    def assertRefused(self, response, field, status=200):
        """Refused with the error next to ``field`` (linked from the summary,
        tied to the control by aria-describedby), and nothing stored."""
        self.assertEqual(response.status_code, status, response.text[:500])
        doc = lxml_html.fromstring(response.content)
        error = doc.get_element_by_id(f"sk_{field}_error", None)
        self.assertIsNotNone(error, f"an error next to {field}")
        summary = doc.get_element_by_id("sk_error_summary", None)
        self.assertIsNotNone(summary, "an error summary")
        self.assertEqual(summary.get("role"), "alert")
        targets = [a.get("href")[1:] for a in summary.iter("a")]
        for target in targets:
            self.assertIsNotNone(
                doc.get_element_by_id(target, None), f"summary link #{target}"
            )
        described = [
            el
            for el in doc.xpath("//*[@aria-describedby]")
            if f"sk_{field}_error" in el.get("aria-describedby").split()
        ]
        self.assertTrue(described, f"the {field} control or group points at its error")
        self.assertNotIn("sk_reference", response.text)
        return doc

    def assertNothingStored(self, before):
        complaints, attachments, partners, mails = self.counts()
        self.assertEqual((complaints, attachments, partners, mails), before)

    # ------------------------------------------------------------ the form

    def test_form_page(self):
        response = self.get_form()
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        doc = lxml_html.fromstring(response.content)
        self.assertEqual(doc.get("lang"), "sv")
        form = doc.xpath("//form[@action='/synpunkter']")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertEqual(form.get("enctype"), "multipart/form-data")
        names = set(form.xpath(".//input/@name | .//textarea/@name | .//select/@name"))
        for fname in (
            "kind",
            "submitter_role",
            "description",
            "event_date",
            "event_time",
            "unit_id",
            "suggestion",
            "is_anonymous",
            "submitter_name",
            "submitter_street",
            "submitter_zip",
            "submitter_city",
            "submitter_phone",
            "submitter_email",
            "feedback_method",
            "attachments",
            "csrf_token",
        ):
            self.assertIn(fname, names)
        # Every visible control has a label; radio groups are fieldsets with legends.
        for control in form.xpath(
            ".//input[not(@type='hidden')] | .//textarea | .//select"
        ):
            self.assertTrue(
                form.xpath(".//label[@for=$id]", id=control.get("id")),
                f"label for {control.get('name')}",
            )
        for group in ("kind", "submitter_role", "feedback_method"):
            fieldset = form.xpath(f".//fieldset[.//input[@name='{group}']]")
            self.assertTrue(
                fieldset and fieldset[0].xpath("./legend"), f"{group} in a fieldset"
            )
        autocomplete = {
            el.get("name"): el.get("autocomplete") for el in form.xpath(".//input")
        }
        self.assertEqual(autocomplete["submitter_name"], "name")
        self.assertEqual(autocomplete["submitter_email"], "email")
        self.assertEqual(autocomplete["submitter_phone"], "tel")
        self.assertEqual(autocomplete["submitter_zip"], "postal-code")
        # Units: the company's active units and "don't know", nothing else.
        options = form.xpath(".//select[@name='unit_id']/option/@value")
        self.assertIn("unknown", options)
        self.assertIn(str(self.unit.id), options)
        self.assertNotIn(str(self.archived_unit.id), options)
        self.assertNotIn(str(self.foreign_unit.id), options)
        # The honeypot is out of the tab order and hidden from assistive technology.
        honeypot = form.xpath(".//input[@name='homepage']")[0]
        self.assertEqual(honeypot.get("tabindex"), "-1")
        self.assertEqual(honeypot.getparent().get("aria-hidden"), "true")

    def test_header_names_the_municipality(self):
        """The header shows the municipality's name as text, not only as
        the logo's text alternative, which is in the page's language."""
        for url, lang in (("/synpunkter", "sv_SE"), ("/synpunkter?lang=en", "en_US")):
            doc = lxml_html.fromstring(self.get_form(url).content)
            brand = doc.xpath("//header//a[contains(@class, 'navbar-brand')]")
            self.assertEqual(len(brand), 1, url)
            name = brand[0].xpath(".//*[contains(@class, 'sk-company-name')]")
            self.assertEqual(name[0].text_content().strip(), self.company.name, url)
            logo = brand[0].xpath(".//img")[0]
            alt = (
                code_translations.get_python_translations(
                    "synpunkt_klagomal", lang
                ).get("Logo of %s", "Logo of %s")
            ) % self.company.name
            self.assertEqual(logo.get("alt"), alt, url)
        # Another portal page keeps Odoo's own header.
        doc = lxml_html.fromstring(self.url_open("/web/login").content)
        self.assertFalse(doc.xpath("//*[contains(@class, 'sk-company-name')]"))

    def test_language_switch(self):
        response = self.url_open("/synpunkter?lang=en")
        self.assertEqual(lxml_html.fromstring(response.content).get("lang"), "en")
        self.assertIn("frontend_lang=en_US", response.headers.get("Set-Cookie", ""))
        # Remembered by the cookie on the next page.
        self.assertEqual(
            lxml_html.fromstring(self.get_form().content).get("lang"), "en"
        )

    # ------------------------------------------------------- a good submission

    def test_submission_creates_case_with_attachments(self):
        before = self.counts()
        response = self.post(
            kind="opinion",
            submitter_role="service_user",
            unit_id=str(self.unit.id),
            event_date=fields.Date.to_string(fields.Date.today() - timedelta(days=3)),
            event_time="runt 14.30",
            suggestion="Ring när ni blir sena.",
            submitter_name="Anna Andersson",
            submitter_street="Storgatan 1",
            submitter_zip="123 45",
            submitter_city="Exempelby",
            submitter_phone="070-123 45 67",
            submitter_email="Anna.Andersson@Example.se",
            feedback_method="email",
            files=[
                ("attachments", ("brev.pdf", PDF, "application/pdf")),
                ("attachments", ("bild.png", PNG, "image/png")),
            ],
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        case = self.env["synpunkt.complaint"].search([], order="id desc", limit=1)
        self.assertEqual(self.counts()[0], before[0] + 1)
        self.assertRecordValues(
            case,
            [
                {
                    "channel": "web",
                    "kind": "opinion",
                    "submitter_role": "service_user",
                    "company_id": self.company.id,
                    "unit_id": self.unit.id,
                    "is_anonymous": False,
                    "submitter_name": "Anna Andersson",
                    "submitter_email": "anna.andersson@example.se",
                    "feedback_method": "email",
                    "event_time": "runt 14.30",
                }
            ],
        )
        doc = lxml_html.fromstring(response.content)
        self.assertEqual(
            doc.get_element_by_id("sk_reference").text_content().strip(), case.name
        )
        self.assertEqual(
            doc.get_element_by_id("sk_status_link").get("href"),
            f"/synpunkter/status/{case.access_token}",
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "synpunkt.complaint"), ("res_id", "=", case.id)]
        )
        self.assertEqual(
            sorted(attachments.mapped("mimetype")), ["application/pdf", "image/png"]
        )
        self.assertEqual(attachments.company_id, self.company)
        # The acknowledgement is queued, not sent during the request, and
        # the person is never made a contact nor a follower.
        mail = self.env["mail.mail"].search(
            [("model", "=", "synpunkt.complaint"), ("res_id", "=", case.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "anna.andersson@example.se")
        self.assertEqual(mail.state, "outgoing")
        self.assertFalse(mail.recipient_ids)
        self.assertIn(case.name, mail.subject)
        self.assertEqual(self.counts()[2], before[2], "no res.partner created")
        self.assertFalse(
            case.message_partner_ids.filtered(
                lambda p: not p.user_ids or any(u.share for u in p.user_ids)
            )
        )

    def test_anonymous_submission_without_mail(self):
        before = self.counts()
        response = self.post(is_anonymous="1")
        self.assertEqual(response.status_code, 200)
        case = self.env["synpunkt.complaint"].search([], order="id desc", limit=1)
        self.assertTrue(case.is_anonymous)
        self.assertEqual(case.unit_id.id, False)
        complaints, attachments, partners, mails = self.counts()
        self.assertEqual(
            (complaints, partners, mails), (before[0] + 1, before[2], before[3])
        )

    # ---------------------------------------------------------- validation

    def test_required_fields(self):
        for field in ("kind", "submitter_role", "description"):
            with self.subTest(field=field):
                before = self.counts()
                self.assertRefused(self.post(**{field: ""}), field)
                self.assertNothingStored(before)
        before = self.counts()
        self.assertRefused(self.post(description="   \n  "), "description")
        self.assertNothingStored(before)

    def test_values_outside_the_selections(self):
        for field in ("kind", "submitter_role", "feedback_method"):
            with self.subTest(field=field):
                before = self.counts()
                self.assertRefused(self.post(**{field: "hacked'; DROP TABLE"}), field)
                self.assertNothingStored(before)
        before = self.counts()
        self.assertRefused(self.post(is_anonymous="yes please"), "is_anonymous")
        self.assertNothingStored(before)

    def test_units_never_trusted(self):
        for value in (
            str(self.foreign_unit.id),
            str(self.archived_unit.id),
            "999999999",
            "-1",
            "1 OR 1=1",
            "1e3",
        ):
            with self.subTest(unit=value):
                before = self.counts()
                self.assertRefused(self.post(unit_id=value), "unit_id")
                self.assertNothingStored(before)

    def test_dates(self):
        tomorrow = fields.Date.to_string(fields.Date.today() + timedelta(days=2))
        for value in (
            "2025-02-30",
            "2025-13-01",
            "15/3/2025",
            "igår",
            "20250315",
            tomorrow,
        ):
            with self.subTest(date=value):
                before = self.counts()
                self.assertRefused(self.post(event_date=value), "event_date")
                self.assertNothingStored(before)

    def test_contact_rules(self):
        cases = [
            (
                {"submitter_email": "anna@", "feedback_method": "none"},
                "submitter_email",
            ),
            ({"submitter_email": "anna example.se"}, "submitter_email"),
            ({"feedback_method": "email"}, "submitter_email"),
            ({"feedback_method": "phone"}, "submitter_phone"),
            ({"feedback_method": "letter"}, "submitter_street"),
            ({"submitter_phone": "ring mig"}, "submitter_phone"),
            ({"is_anonymous": "1", "submitter_name": "Anna"}, "submitter_name"),
            (
                {"is_anonymous": "1", "submitter_email": "anna@example.se"},
                "submitter_email",
            ),
            (
                {
                    "is_anonymous": "1",
                    "feedback_method": "phone",
                    "submitter_phone": "070-1234567",
                },
                "submitter_phone",
            ),
            (
                {
                    "is_anonymous": "1",
                    "feedback_method": "letter",
                    "submitter_street": "",
                },
                "feedback_method",
            ),
            ({"description": "x" * 20001}, "description"),
        ]
        for values, field in cases:
            with self.subTest(values=values):
                before = self.counts()
                self.assertRefused(self.post(**values), field)
                self.assertNothingStored(before)

    def test_input_kept_and_escaped(self):
        text = "<script>alert('x')</script> Hemtjänsten"
        response = self.post(kind="", description=text, submitter_name='Anna "A" <b>')
        doc = self.assertRefused(response, "kind")
        self.assertNotIn("<script>alert", response.text)
        self.assertEqual(doc.get_element_by_id("sk_description").text_content(), text)
        self.assertEqual(
            doc.get_element_by_id("sk_submitter_name").get("value"), 'Anna "A" <b>'
        )
        self.assertEqual(
            doc.get_element_by_id("sk_submitter_role_relative").get("checked"),
            "checked",
        )
        error_control = doc.xpath("//fieldset[.//input[@name='kind']]")[0]
        self.assertIn("sk_kind_error", error_control.get("aria-describedby"))

    def test_repeated_parameters(self):
        before = self.counts()
        data = [
            ("csrf_token", self.csrf_token()),
            ("kind", "complaint"),
            ("kind", "praise"),
            ("submitter_role", "relative"),
            ("description", "Dubbel"),
            ("unit_id", "unknown"),
        ]
        response = self.url_open("/synpunkter", data=data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("sk_error_summary", response.text)
        self.assertNothingStored(before)

    # ------------------------------------------------------------- abuse

    def test_csrf_required(self):
        before = self.counts()
        logger = "odoo.addons.synpunkt_klagomal.controllers.web_form"
        for token in (None, "forged"):
            extra = {"csrf_token": token} if token else {}
            with self.assertLogs(logger, "WARNING"):
                response = self.post(
                    csrf=False, description="Min text ska finnas kvar.", **extra
                )
            self.assertEqual(response.status_code, 400)
            # The form comes back with the person's text and a fresh token.
            self.assertIn("Min text ska finnas kvar.", response.text)
            self.assertRegex(response.text, r'name="csrf_token" value="[^"]+"')
            self.assertIn('role="alert"', response.text)
        self.assertNothingStored(before)

    def test_honeypot(self):
        before = self.counts()
        response = self.post(homepage="http://spam.example")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("sk_reference", response.text)
        self.assertNothingStored(before)

    def test_rate_limit(self):
        # Hits of earlier requests in this database must not count here.
        self.env["synpunkt.rate.limit"].sudo().search([]).unlink()
        self.env["ir.config_parameter"].sudo().set_param(LIMIT_PARAM, "2")
        before = self.counts()
        self.assertEqual(self.post().status_code, 200)
        self.assertEqual(self.post(kind="").status_code, 200)  # errors count too
        response = self.post()
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response.headers)
        self.assertEqual(lxml_html.fromstring(response.content).tag, "html")
        self.assertEqual(self.counts()[0], before[0] + 1)
        # The client address is kept only as a salted hash.
        hits = self.env["synpunkt.rate.limit"].sudo().search([])
        self.assertEqual(len(hits), 2)
        self.assertEqual(len(hits[0].key), 64)
        self.assertNotIn("127.0.0.1", hits[0].key)
        # Switched off with 0 (the load test does that).
        self.env["ir.config_parameter"].sudo().set_param(LIMIT_PARAM, "0")
        self.assertEqual(self.post().status_code, 200)

    def test_rate_limit_rows_purged(self):
        RateLimit = self.env["synpunkt.rate.limit"].sudo()
        old = RateLimit.create(
            {"key": "a" * 64, "hit_at": fields.Datetime.now() - timedelta(days=2)}
        )
        recent = RateLimit.create({"key": "b" * 64})
        RateLimit._gc_old_hits()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        admin = self.env.ref("base.user_admin")
        self.assertFalse(
            self.env["synpunkt.rate.limit"].with_user(admin).has_access("read"),
            "no access for anyone: used with sudo only",
        )

    # -------------------------------------------------------- attachments

    def test_attachment_types_checked_on_content(self):
        for name, content in (
            ("program.pdf", EXE),
            ("sida.pdf", HTML),
            ("tom.txt", b""),
        ):
            with self.subTest(name=name):
                before = self.counts()
                response = self.post(
                    files=[
                        ("attachments", ("ok.pdf", PDF, "application/pdf")),
                        ("attachments", (name, content, "application/pdf")),
                    ]
                )
                self.assertRefused(response, "attachments")
                self.assertNothingStored(before)

    def test_attachment_text_and_odd_names(self):
        response = self.post(
            files=[
                (
                    "attachments",
                    ("..\\..\\etc/anteckning.txt", "Hej på er\n".encode(), "text/html"),
                ),
            ]
        )
        self.assertEqual(response.status_code, 200)
        case = self.env["synpunkt.complaint"].search([], order="id desc", limit=1)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "synpunkt.complaint"), ("res_id", "=", case.id)]
        )
        self.assertEqual(attachment.name, "anteckning.txt")
        self.assertEqual(attachment.mimetype, "text/plain")

    def test_attachment_size_and_count(self):
        before = self.counts()
        too_big = PDF + b"0" * (MAX_FILE_SIZE + 1 - len(PDF))
        self.assertRefused(
            self.post(
                files=[("attachments", ("stor.pdf", too_big, "application/pdf"))]
            ),
            "attachments",
        )
        self.assertNothingStored(before)
        many = [
            ("attachments", (f"{i}.pdf", PDF, "application/pdf"))
            for i in range(MAX_FILES + 1)
        ]
        self.assertRefused(self.post(files=many), "attachments")
        self.assertNothingStored(before)
        exactly = [
            ("attachments", (f"{i}.pdf", PDF, "application/pdf"))
            for i in range(MAX_FILES)
        ]
        self.assertEqual(self.post(files=exactly).status_code, 200)
        self.assertEqual(self.counts()[1], before[1] + MAX_FILES)

    # --------------------------------------------------------- status page

    def test_status_page_shows_only_public_data(self):
        case = self.env["synpunkt.complaint"].create(
            {
                "kind": "complaint",
                "submitter_role": "relative",
                "channel": "web",
                "description": "Min mamma Berit på Solgården fick fel medicin.",
                "submitter_name": "Anna Hemlig",
                "unit_id": self.unit.id,
                "user_id": self.handler.id,
                "answer": "<p>Vi har bytt rutin.</p>",
            }
        )
        case.message_post(
            body="Intern anteckning: ring MAS", subtype_xmlid="mail.mt_note"
        )
        response = self.url_open(f"/synpunkter/status/{case.access_token}")
        self.assertEqual(response.status_code, 200)
        for header, value in (
            ("Cache-Control", "no-store"),
            ("X-Robots-Tag", "noindex"),
            ("Referrer-Policy", "no-referrer"),
        ):
            self.assertIn(value, response.headers.get(header, ""))
        doc = lxml_html.fromstring(response.content)
        self.assertTrue(
            doc.xpath("//meta[@name='robots' and contains(@content, 'noindex')]")
        )
        self.assertEqual(
            doc.get_element_by_id("sk_reference").text_content().strip(), case.name
        )
        stage = case.stage_id.with_context(lang="sv_SE")
        self.assertEqual(
            doc.get_element_by_id("sk_stage").text_content().strip(), stage.public_name
        )
        for secret in (
            "Berit",
            "Solgården",
            "Anna Hemlig",
            "Hemlig Handläggare",
            "ring MAS",
            "Webbformulärets enhet",
            "bytt rutin",
        ):
            self.assertNotIn(secret, response.text)
        # The answer shows once the case is answered.
        case.stage_id = self.env.ref("synpunkt_klagomal.stage_answered")
        response = self.url_open(f"/synpunkter/status/{case.access_token}")
        self.assertIn("Vi har bytt rutin.", response.text)
        self.assertNotIn("ring MAS", response.text)

    def test_status_page_wrong_token(self):
        case = self.env["synpunkt.complaint"].create(
            {
                "kind": "praise",
                "submitter_role": "other",
                "channel": "web",
                "description": "Tack!",
            }
        )
        token = case.access_token
        wrong = [
            token[:-1] + ("0" if token[-1] != "0" else "1"),
            token.upper() if token.upper() != token else token.lower() + "0",
            "00000000-0000-0000-0000-000000000000",
            "x' OR '1'='1",
            "a" * 300,
        ]
        pages = set()
        for value in wrong:
            with self.subTest(token=value):
                response = self.url_open(f"/synpunkter/status/{value}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(case.name, response.text)
                pages.add(re.sub(r"csrf_token: \"[^\"]*\"", "", response.text))
        self.assertEqual(len(pages), 1, "the same answer whatever the wrong token")
        self.assertEqual(self.url_open(f"/synpunkter/status/{token}").status_code, 200)
