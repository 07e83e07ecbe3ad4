from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools.swedish_time import utc_naive
from .common import SynpunktCase
from .report_pdf import PdfReportMixin

REPORT = "synpunkt_klagomal.action_report_complaint_redacted"
SECRETS = [
    "Greta",
    "Garbosson",
    "Storgatan 12",
    "123 45",
    "Småstad",
    "070-123 45 67",
    "0701234567",
    "greta@example.com",
    "dottern heter Lisa",
]


@tagged("post_install", "-at_install")
class TestReportRedacted(PdfReportMixin, HttpCase, SynpunktCase):
    """The copy released after the secrecy review: masked on the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registrar = cls.users["registrar_conf"]
        cls.case = cls.create_case(
            unit=cls.unit_own,
            kind="complaint",
            channel="letter",
            is_confidential=True,
            received_date=utc_naive(date(2025, 3, 3), time(10)),
            submitter_name="Greta Garbosson",
            submitter_street="Storgatan 12",
            submitter_zip="123 45",
            submitter_city="Småstad",
            submitter_phone="070-123 45 67",
            submitter_email="greta@example.com",
            feedback_method="letter",
            description=(
                "Jag, Greta Garbosson, klagar på matleveransen som uteblev.\n"
                "Ring mig på 0701234567 eller skriv till GRETA@example.com.\n"
                "Min dottern heter Lisa och bor på Storgatan 12, 123 45 Småstad.\n"
                "Personalen svarade inte i telefon under helgen."
            ),
            suggestion="Inför en reservrutin när leveransen uteblir.",
        )

    def review(self, decision, user=None, **extra):
        vals = {
            "secrecy_review_decision": decision,
            "secrecy_review_ground": "OSL 26 kap. 1 §",
        }
        vals.update(extra)
        self.case.with_user(user or self.registrar).write(vals)

    def test_redacted_pdf_masks_personal_data_and_passages(self):
        self.review("release_masked", secrecy_review_passages="dottern heter Lisa\n\n")
        text = self.pdf_text(
            self.render_pdf(REPORT, self.case.ids, user=self.registrar)
        )
        flat = " ".join(text.split())
        for secret in SECRETS:
            self.assertNotIn(
                secret.lower(), flat.lower(), f"{secret!r} in the released copy"
            )
        self.assertRegex(flat, r"\[(maskerat|masked)\]")
        # The rest is there, unmasked.
        self.assertIn("klagar på matleveransen som uteblev", flat)
        self.assertIn("Personalen svarade inte i telefon under helgen", flat)
        self.assertIn("Inför en reservrutin", flat)
        self.assertIn(self.case.name, flat)
        self.assertIn(self.company.name, flat)

    def test_refused_without_review_and_when_refused(self):
        with self.assertRaises(UserError):
            self.render_pdf(REPORT, self.case.ids, user=self.registrar)
        self.review("refuse")
        with self.assertRaises(UserError):
            self.render_pdf(REPORT, self.case.ids, user=self.registrar)

    def test_refused_to_a_user_who_cannot_read_the_case(self):
        self.review("release")
        with self.assertRaises(AccessError):
            self.render_pdf(REPORT, self.case.ids, user=self.users["handler"])

    def test_stamped_on_the_server(self):
        moment = datetime(2025, 3, 10, 9, 30)
        # Creating the case in setUpClass left "no tracking" for it in the
        # pending commit data; a real write comes in a later transaction.
        self.env.cr.precommit.run()
        with freeze_time(moment):
            self.review(
                "release",
                secrecy_review_user_id=self.users["manager"].id,
                secrecy_review_date=datetime(2020, 1, 1),
            )
        self.assertEqual(self.case.secrecy_review_user_id, self.registrar)
        self.assertEqual(self.case.secrecy_review_date, moment)
        self.env.cr.precommit.run()  # tracking is written at commit
        note = self.case.message_ids.filtered(
            lambda m: "OSL 26 kap. 1 §" in (m.body or "")
        )
        self.assertTrue(note, "no chatter note of the review")
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", self.case._name),
                ("mail_message_id.res_id", "=", self.case.id),
                ("field_id.name", "=", "secrecy_review_decision"),
            ]
        )
        self.assertTrue(tracked)

    def test_only_registrars_who_read_the_case_record_a_review(self):
        handler_conf = self.users["handler_conf"]
        self.assertTrue(self.case.with_user(handler_conf).has_access("read"))
        with self.assertRaises(AccessError):
            self.review("release", user=handler_conf)
        registrar = self.users["registrar"]  # no confidential access
        with self.assertRaises(AccessError):
            self.review("release", user=registrar)
        self.assertFalse(self.case.secrecy_review_decision)


@tagged("post_install", "-at_install")
class TestReviewRetention(SynpunktCase):
    """The marked passages are personal text: retention removes them."""

    def test_passages_removed_at_retention(self):
        admin = new_test_user(
            self.env,
            login="sk_review_sysadmin",
            groups="base.group_system,synpunkt_klagomal.group_admin",
        )
        self.company.with_user(admin).write(
            {
                "synpunkt_retention_months": 24,
                "synpunkt_retention_decision": "SN 2024/1 § 1",
            }
        )
        case = self.create_case(
            unit=self.unit_own,
            description="Dottern Lisa bor på Storgatan.",
            received_date=fields.Datetime.now() - timedelta(days=900),
        )
        case.with_user(self.users["registrar"]).write(
            {
                "secrecy_review_decision": "release_masked",
                "secrecy_review_passages": "Dottern Lisa",
            }
        )
        case.stage_id = self.env.ref("synpunkt_klagomal.stage_closed")
        case.closed_date = fields.Datetime.now() - timedelta(days=800)
        self.assertEqual(self.Complaint._cron_retention(), 1)
        self.assertFalse(case.secrecy_review_passages)
        self.assertEqual(case.secrecy_review_decision, "release_masked")
