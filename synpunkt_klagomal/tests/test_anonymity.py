"""Anonymity after intake (issue 15, item 9): a case whose registered
e-mail names the person is not made anonymous afterwards (the e-mail is a
public document and keeps its sender); a case whose identity is only in its
contact fields is, and then the identity is at no door."""

from email.message import EmailMessage

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MailGatewayCase

NAME = "Sigrid Identifierbar"
EMAIL = "sigrid.identifierbar@example.com"
PHONE = "070-5550123"
ANONYMOUS = {
    "is_anonymous": True,
    "feedback_method": "none",
    "submitter_name": False,
    "submitter_email": False,
    "submitter_phone": False,
    "submitter_street": False,
    "submitter_zip": False,
    "submitter_city": False,
}


@tagged("post_install", "-at_install")
class TestAnonymityAfterIntake(MailGatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = cls.users["handler"]

    def incoming(self):
        msg = EmailMessage()
        msg["From"] = f"{NAME} <{EMAIL}>"
        msg["To"] = f"{self.alias.alias_name}@{self.mail_alias_domain.name}"
        msg["Subject"] = "Klagomål"
        msg["Message-Id"] = "<anonymity-intake@example.com>"
        msg.set_content("Personalen var otrevlig.")
        with self.mock_mail_gateway():
            case_id = (
                self.env["mail.thread"].sudo().message_process(False, msg.as_string())
            )
        case = self.Complaint.browse(case_id)
        case.unit_id = self.unit_own
        return case

    def phone_case(self, **values):
        return self.create_case(
            unit=self.unit_own,
            submitter_name=NAME,
            submitter_phone=PHONE,
            feedback_method="phone",
            **values,
        )

    def assertRefused(self, case, user):
        with self.assertRaises(ValidationError) as caught:
            with self.env.cr.savepoint():
                case.with_user(user).write(dict(ANONYMOUS))
        self.assertIn(case.name, caught.exception.args[0])
        case.invalidate_recordset()
        self.assertFalse(case.is_anonymous)

    # ---------------------------------------------------------------- refused

    def test_email_intake_cannot_be_made_anonymous(self):
        case = self.incoming()
        self.assertEqual(case.submitter_email, EMAIL)
        for role in ("handler", "registrar", "admin"):
            with self.subTest(role=role):
                self.assertRefused(case, self.users[role])
        self.assertEqual(
            case.submitter_email, EMAIL, "nothing cleared by the refused write"
        )

    def test_later_email_from_the_person_prevents_anonymity(self):
        case = self.phone_case()
        case.message_post(
            body="Jag vill lägga till något.",
            message_type="email",
            email_from=f"{NAME} <{EMAIL}>",
            author_id=False,
        )
        self.assertRefused(case, self.handler)

    def test_stored_mail_to_the_person_prevents_anonymity(self):
        case = self.create_case(
            unit=self.unit_own,
            channel="web",
            submitter_name=NAME,
            submitter_email=EMAIL,
            feedback_method="email",
        )
        with self.mock_mail_gateway():
            case._send_acknowledgement()  # queued: the mail to the address is stored
        self.assertRefused(case, self.handler)

    def test_email_from_staff_does_not_count(self):
        """Control: staff writing on the case by e-mail do not identify the person."""
        case = self.phone_case()
        case.message_post(
            body="Internt mejl",
            message_type="email",
            author_id=self.handler.partner_id.id,
        )
        case.with_user(self.handler).write(dict(ANONYMOUS))
        self.assertTrue(case.is_anonymous)

    # ---------------------------------------------------------------- allowed

    def test_phone_case_made_anonymous_holds_no_identity(self):
        case = self.phone_case()
        case.message_post(body="Samtal registrerat.", subtype_xmlid="mail.mt_note")
        case.with_user(self.handler).write(dict(ANONYMOUS))
        self.env.flush_all()
        self.assertTrue(case.is_anonymous)
        Complaint = self.Complaint.with_user(self.handler)
        for field, value in (
            ("submitter_name", "Sigrid"),
            ("submitter_phone", "5550123"),
            ("submitter_display", NAME),
        ):
            with self.subTest(search=field):
                if field == "submitter_display":
                    self.assertNotEqual(
                        case.with_user(self.handler).submitter_display, NAME
                    )
                else:
                    self.assertFalse(Complaint.search([(field, "ilike", value)]))
        groups = Complaint.read_group(
            [("id", "=", case.id)], ["__count"], ["submitter_name"]
        )
        self.assertEqual([g["submitter_name"] for g in groups], [False])
        Message = self.env["mail.message"].with_user(self.handler)
        for domain in (
            [("email_from", "ilike", "Sigrid")],
            [("body", "ilike", "Sigrid")],
            [("author_id.name", "ilike", "Sigrid")],
        ):
            with self.subTest(messages=domain):
                self.assertFalse(
                    Message.search(
                        domain + [("model", "=", case._name), ("res_id", "=", case.id)]
                    )
                )
        messages = case.with_user(self.handler).message_ids.read(
            ["body", "email_from", "author_id"]
        )
        self.assertNotIn("Sigrid", str(messages))
        self.assertNotIn(PHONE, str(messages))
        tracking = (
            self.env["mail.tracking.value"]
            .sudo()
            .search([("mail_message_id", "in", case.message_ids.ids)])
        )
        for value in tracking.read(["old_value_char", "new_value_char"]):
            self.assertNotIn("Sigrid", str(value))
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search(
                ["|", ("email_to", "ilike", "sigrid"), ("body_html", "ilike", "Sigrid")]
            )
        )
