"""Replies find their case (issue 16 item 3, issue 15 item 7) and mail
intake works whichever user the gateway delivers as (issue 16 item 4)."""

from email.message import EmailMessage

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MailGatewayCase

SECRET = "Min son blev slagen av personalen på korttidsboendet."
SUBMITTER = "greta.hemligsson@example.com"


@tagged("post_install", "-at_install")
class TestMailIntake(MailGatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway_admin = cls.users["admin"]  # group_admin, no confidential access
        cls.secret = cls.create_case(
            unit=cls.unit_own,
            is_confidential=True,
            description=SECRET,
            submitter_name="Greta Hemligsson",
            submitter_email=SUBMITTER,
            feedback_method="email",
        )
        cls.open_case = cls.create_case(
            unit=cls.unit_own,
            submitter_email="anna@example.com",
            feedback_method="email",
        )

    def incoming(
        self,
        sender,
        subject,
        body="Jag vill tillägga något.",
        in_reply_to=None,
        cc=None,
        user=None,
    ):
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = self.alias_address
        if cc:
            msg["Cc"] = cc
        msg["Subject"] = subject
        msg["Message-Id"] = f"<{id(msg)}.{abs(hash(subject + sender))}@example.com>"
        if in_reply_to:
            msg["In-Reply-To"] = in_reply_to
            msg["References"] = in_reply_to
        msg.set_content(body)
        Thread = (
            self.env["mail.thread"].with_user(user)
            if user
            else self.env["mail.thread"].sudo()
        )
        with self.mock_mail_gateway():
            return Thread.message_process(False, msg.as_string())

    def outgoing_message_id(self, case):
        """The Message-Id of a mail the person got about ``case``."""
        message = case.message_post(
            body="Vi har tagit emot ditt ärende.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return message.message_id

    def bodies(self, case):
        return " ".join(case.sudo().message_ids.mapped(lambda m: str(m.body)))

    # ------------------------------------------------------------- Reply-To

    def test_reply_to_is_the_intake_alias(self):
        case = self.open_case
        case.answer = "<p>Vi har sett över rutinen.</p>"
        with self.mock_mail_gateway():
            case._send_acknowledgement()
            case._synpunkt_delay_notice()
            case.action_send_answer()
            case.message_post(
                body="Till handläggaren",
                partner_ids=self.own_manager.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.env.flush_all()
        mails = self._new_mails.filtered(
            lambda m: m.model == case._name and m.res_id == case.id
        )
        self.assertGreaterEqual(len(mails), 4)
        for mail in mails:
            self.assertIn(self.alias_address, mail.reply_to, mail.subject)

    # ------------------------------------------------- replies without headers

    def test_reference_in_subject_from_the_case_address_joins(self):
        count = self.Complaint.search_count([])
        ref = self.open_case.name
        for i, subject in enumerate(
            (
                f"SV: {ref}",
                f"Re: {ref}",
                f"Fwd: Ditt ärende {ref}",
                f"Angående {ref.lower()} igen",
                f"AW:{ref}",
            )
        ):
            with self.subTest(subject=subject):
                body = f"Tillägg nummer {i}."
                case_id = self.incoming("Anna <ANNA@example.com>", subject, body=body)
                self.assertEqual(case_id, self.open_case.id)
                self.assertIn(body, self.bodies(self.open_case))
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_reference_in_subject_from_another_address_opens_linked_case(self):
        for case in (self.open_case, self.secret):
            with self.subTest(confidential=case.is_confidential):
                before = self.bodies(case)
                new_id = self.incoming(
                    "Bo <bo@example.com>",
                    f"SV: {case.name}",
                    body="Jag är granne och vill också klaga.",
                )
                self.assertNotEqual(new_id, case.id)
                new = self.Complaint.browse(new_id)
                self.assertEqual(new.related_case_id, case)
                self.assertEqual(new.submitter_email, "bo@example.com")
                self.assertEqual(new.is_confidential, case.is_confidential)
                self.assertEqual(
                    self.bodies(case), before, "nothing added to the named case"
                )
                # What the sender may get about the new case tells nothing of
                # the old one.
                with self.mock_mail_gateway():
                    new._send_acknowledgement()
                    self.env.flush_all()
                for mail in self._new_mails:
                    self.assertNotIn(case.description, mail.body_html)
                    self.assertNotIn(case.submitter_email or "-", mail.body_html)
                self.assertIn(
                    new, self.Complaint.search([("related_case_id", "!=", False)])
                )

    # ---------------------------------------------------- threaded replies

    def test_threaded_reply_from_the_submitter_lands_and_cc_gets_nothing(self):
        stranger = self.users["handler"]  # no confidential access
        msg_id = self.outgoing_message_id(self.secret)
        case_id = self.incoming(
            SUBMITTER,
            f"Re: {self.secret.name}",
            body="Ett tillägg från Greta.",
            in_reply_to=msg_id,
            cc=f"Test handler <{stranger.email}>",
        )
        self.assertEqual(case_id, self.secret.id)
        message = self.secret.message_ids.filtered(
            lambda m: "Ett tillägg från Greta." in str(m.body)
        )
        self.assertTrue(message)
        self.assertNotIn(stranger.partner_id, message.partner_ids)
        self.assertNotIn(stranger.partner_id, message.notification_ids.res_partner_id)
        self.assertNotIn(stranger.partner_id, self.secret.message_partner_ids)

    def test_threaded_reply_to_confidential_case_from_a_stranger(self):
        stranger_staff = self.users["handler"]  # Cc'd, cannot read the case
        msg_id = self.outgoing_message_id(self.secret)
        before_messages = self.secret.message_ids
        for sender in (
            "Okänd <okand@example.com>",
            f"Handläggare <{stranger_staff.email}>",
        ):
            with self.subTest(sender=sender):
                new_id = self.incoming(
                    sender,
                    f"Re: {self.secret.name}",
                    body="Främlingens svar.",
                    in_reply_to=msg_id,
                    cc=f"Kollega <{stranger_staff.email}>",
                )
                self.assertNotEqual(new_id, self.secret.id)
                new = self.Complaint.browse(new_id)
                self.assertEqual(new.related_case_id, self.secret)
                self.assertTrue(new.is_confidential)
                self.assertEqual(
                    self.secret.message_ids,
                    before_messages,
                    "nothing lands in the case",
                )
                self.assertNotIn(
                    stranger_staff.partner_id, self.secret.message_partner_ids
                )
                self.assertNotIn(stranger_staff.partner_id, new.message_ids.partner_ids)
                self.assertNotIn(
                    stranger_staff.partner_id,
                    new.message_ids.notification_ids.res_partner_id,
                )
        # Staff who may read the case reply into it (control).
        reader = self.users["handler_conf"]
        case_id = self.incoming(
            f"Handläggare <{reader.email}>",
            f"Re: {self.secret.name}",
            body="Svar från handläggaren.",
            in_reply_to=msg_id,
        )
        self.assertEqual(case_id, self.secret.id)

    def test_threaded_reply_to_open_case_still_lands(self):
        # The case's provider answers the notice it was sent: it lands.
        self.private_provider.partner_id = self.env["res.partner"].create(
            {
                "name": "Trygg Vård AB",
                "email": "kontakt@tryggvard.example",
                "is_company": True,
            }
        )
        self.open_case.unit_id = self.unit_private
        msg_id = self.outgoing_message_id(self.open_case)
        case_id = self.incoming(
            "Trygg Vård <kontakt@tryggvard.example>",
            "Re: ärendet",
            body="Vi har åtgärdat det.",
            in_reply_to=msg_id,
        )
        self.assertEqual(case_id, self.open_case.id)

    def test_threaded_reply_to_open_case_from_a_stranger(self):
        # Found in a security review: text and files of anyone were added to
        # an open case by its threading headers alone.
        msg_id = self.outgoing_message_id(self.open_case)
        before = self.open_case.message_ids
        case_id = self.incoming(
            "Mallory <mallory@evil.example>",
            "Re: ärendet",
            body="Klicka här.",
            in_reply_to=msg_id,
        )
        self.assertNotEqual(case_id, self.open_case.id)
        new_case = self.env["synpunkt.complaint"].browse(case_id)
        self.assertEqual(new_case.related_case_id, self.open_case)
        self.assertEqual(self.open_case.message_ids, before)

    # ------------------------------------------------------- gateway user

    def test_gateway_as_module_admin_on_a_confidential_case(self):
        admin = self.gateway_admin
        self.assertFalse(admin.has_group("synpunkt_klagomal.group_confidential"))
        msg_id = self.outgoing_message_id(self.secret)
        for user, label in ((admin, "admin"),):
            with self.subTest(gateway=label):
                body = f"Greta igen, via {label}."
                case_id = self.incoming(
                    SUBMITTER,
                    f"Re: {self.secret.name}",
                    body=body,
                    in_reply_to=msg_id,
                    user=user,
                )
                self.assertEqual(case_id, self.secret.id)
                self.assertIn(body, self.bodies(self.secret))
                # Without headers, by the reference in the subject.
                body = f"Greta utan rubriker, via {label}."
                case_id = self.incoming(
                    SUBMITTER, f"SV: {self.secret.name}", body=body, user=user
                )
                self.assertEqual(case_id, self.secret.id)
                self.assertIn(body, self.bodies(self.secret))
                # The gateway user still cannot read the case.
                with self.assertRaises(AccessError):
                    self.secret.with_user(user).read(["description"])
                self.assertFalse(
                    self.Complaint.with_user(user).search([("id", "=", self.secret.id)])
                )

    def test_gateway_as_module_admin_opens_cases(self):
        for user in (self.gateway_admin,):
            with self.subTest(user=user.login):
                case_id = self.incoming(
                    "Cecilia <cecilia@example.com>",
                    "Klagomål på maten",
                    body="Maten var kall.",
                    user=user,
                )
                case = self.Complaint.browse(case_id)
                self.assertEqual(case.submitter_email, "cecilia@example.com")
                self.assertEqual(case.channel, "email")
