"""Security review of 2026-11-29 (the scale changes of issue 12): doors
found open, each shown by a test that failed before its fix."""

import contextlib

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import SynpunktCase

CASE = "synpunkt.complaint"


@tagged("post_install", "-at_install")
class TestAttack20261129(SynpunktCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = new_test_user(
            cls.env,
            login="sk_attack_colleague",
            name="Kollega Nämnd",
            groups="synpunkt_klagomal.group_handler,"
            "synpunkt_klagomal.group_confidential",
            email="colleague@example.com",
            notification_type="inbox",
        )
        cls.unit_own.member_ids = [Command.link(cls.colleague.id)]
        cls.outsider = new_test_user(
            cls.env,
            login="sk_attack_accountant",
            name="Ekonom Utanför",
            groups="base.group_user",
            email="accountant.attack@example.com",
            notification_type="inbox",
        )

    def mention(self, case, user):
        """A message naming ``user`` as a recipient: an inbox notification
        without making them a follower (as an @-mention in the chatter)."""
        return case.message_post(
            body="Brukaren föll i duschen.",
            partner_ids=user.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def test_losing_access_on_the_user_leaves_no_unread_count(self):
        """A user told of a case without following it (mentioned), who then
        loses access by a change of the user (groups, units, archiving),
        keeps no unread count of it: Discuss counts unread notifications in
        plain SQL (res.partner._get_needaction_count)."""
        confidential = self.env.ref("synpunkt_klagomal.group_confidential")
        ways = {
            "lost Confidential access": (
                {"is_confidential": True},
                lambda user: user.write(
                    {"groups_id": [Command.unlink(confidential.id)]}
                ),
                lambda user: user.write({"groups_id": [Command.link(confidential.id)]}),
            ),
            "removed from the unit on the user form": (
                {},
                lambda user: user.write(
                    {"synpunkt_unit_ids": [Command.unlink(self.unit_own.id)]}
                ),
                lambda user: user.write(
                    {"synpunkt_unit_ids": [Command.link(self.unit_own.id)]}
                ),
            ),
            "a group of the user lost its members": (
                {"is_confidential": True},
                lambda user: confidential.write({"users": [Command.unlink(user.id)]}),
                lambda user: confidential.write({"users": [Command.link(user.id)]}),
            ),
        }
        user = self.colleague
        partner = user.partner_id
        for label, (values, lose, regain) in ways.items():
            with self.subTest(label):
                case = self.create_case(unit=self.unit_own, **values)
                self.mention(case, user)
                self.assertNotIn(partner, case.message_follower_ids.partner_id)
                before = partner._get_needaction_count()
                self.assertGreater(before, 0)
                lose(user)
                self.assertFalse(case._synpunkt_readable_by(user), label)
                self.assertEqual(partner._get_needaction_count(), before - 1, label)
                regain(user)

    def test_needaction_in_every_shape_hides_a_case_after_losing_access(self):
        """Tried, no hole: the inbox's "needaction" subquery (DISTINCT message
        ids of the user's own notifications) in every domain shape, and the
        notifications themselves, give nothing of a case the user can no
        longer read, also when an unread notification survived (written in
        SQL, or from before the module)."""
        user = self.colleague
        partner = user.partner_id
        case = self.create_case(unit=self.unit_own)
        message = self.mention(case, user)
        message.sudo().starred_partner_ids = [Command.link(partner.id)]
        case.unit_id = self.unit_other
        message.sudo().notification_ids.filtered(
            lambda n: n.res_partner_id == partner
        ).is_read = False
        self.env["mail.notification"].sudo().create(
            {
                "mail_message_id": message.id,
                "res_partner_id": self.outsider.partner_id.id,
                "notification_type": "inbox",
                "is_read": False,
            }
        )
        shapes = [
            [("needaction", "=", True)],
            [("needaction", "=", False)],
            [("needaction", "!=", True)],
            [("needaction", "!=", False)],
            [("needaction", "in", [True])],
            ["!", ("needaction", "=", True)],
            ["!", ("needaction", "=", False)],
            ["|", ("needaction", "=", True), ("starred", "=", True)],
            ["|", ("needaction", "=", True), ("id", "=", message.id)],
            ["&", ("needaction", "=", True), ("res_id", "=", case.id)],
            [("notification_ids.res_partner_id", "=", partner.id)],
            [("notification_ids.is_read", "=", False)],
            [("notification_ids", "!=", False)],
            [("starred_partner_ids", "in", partner.ids)],
            [("partner_ids", "in", partner.ids)],
        ]
        for who in (user, self.outsider):
            Message = self.env["mail.message"].with_user(who)
            for domain in shapes:
                with self.subTest(user=who.login, domain=domain):
                    self.assertNotIn(message, Message.search(domain))
                    self.assertNotIn(
                        message.id, [r["id"] for r in Message.search_read(domain)]
                    )
                    self.assertNotIn(
                        message, Message._message_fetch(domain, limit=30)["messages"]
                    )
            Notification = self.env["mail.notification"].with_user(who)
            self.assertFalse(
                Notification.search([("mail_message_id", "=", message.id)])
            )
        self.assertNotIn(
            message.id,
            self.env["mail.message"]
            .with_user(self.outsider)
            .mark_all_as_read([("needaction", "=", True)]),
        )

    def test_an_employee_cannot_rewrite_the_modules_templates(self):
        """Odoo makes every employee a template editor (unless "Restrict
        template rendering" is set), who may write any template. An
        accountant who rewrote the delay notice to copy themselves and quote
        the case would receive, from the job that sends it in sudo, the
        person's address and the case of every late case, confidential or
        not. Only the module's administrators write the case's templates;
        everyone keeps their own templates of other models."""
        self.env["ir.config_parameter"].set_param(
            "mail.restrict.template.rendering", False
        )
        accountant = self.outsider
        self.assertTrue(accountant.has_group("mail.group_mail_template_editor"))
        template = self.env.ref("synpunkt_klagomal.mail_template_delay_notice")
        leak = {
            "email_cc": accountant.email,
            "body_html": '<p t-out="object.description"/>',
        }
        # Refused now; before, the rewrite went through and the mail leaked.
        with contextlib.suppress(AccessError):
            template.with_user(accountant).write(leak)
        for confidential in (False, True):
            case = self.create_case(
                unit=self.unit_own,
                is_confidential=confidential,
                feedback_method="email",
                submitter_email="anna.person@example.com",
                description="Min mamma fick fel medicin.",
            )
            with self.mock_mail_gateway():
                case._synpunkt_delay_notice()
                self.env.flush_all()
            self.assertTrue(self._new_mails, "the delay notice is sent")
            for mail in self._new_mails:
                self.assertNotIn(accountant.email, mail.email_cc or "")
                self.assertNotIn(
                    accountant.partner_id, mail.recipient_ids, confidential
                )
                self.assertNotIn("fel medicin", mail.body_html or "", confidential)
        with self.assertRaises(AccessError):
            self.env["mail.template"].with_user(accountant).create(
                dict(
                    leak,
                    name="Kopia",
                    model_id=self.env["ir.model"]._get_id(CASE),
                )
            )
        # The module's administrator still edits them; an employee keeps their own.
        template.with_user(self.users["admin"]).subject = "Ditt ärende dröjer"
        own = (
            self.env["mail.template"]
            .with_user(accountant)
            .create(
                {
                    "name": "Påminnelse",
                    "model_id": self.env["ir.model"]._get_id("res.partner"),
                    "subject": "Påminnelse",
                }
            )
        )
        own.subject = "Påminnelse om faktura"

    def test_escalation_notices_of_a_confidential_case(self):
        """Tried, no hole: the notices created in one go reach, among the
        followers of the escalation subtype, only those who read the case
        (a follow left over in SQL by someone who lost access, or by an
        outsider, tells them nothing), and what goes by e-mail about a
        confidential case is the notice (reference, "log in"), not the unit,
        the handler, the description or the person."""
        escalated = self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        reader = self.users["manager_conf"]
        lost = self.users["handler"]  # no confidential access
        for user in (reader, lost, self.outsider):
            user.notification_type = "email"
        case = self.create_case(
            unit=self.unit_own,
            is_confidential=True,
            user_id=self.users["handler_conf"].id,
            description="Brukaren fick fel medicin på natten.",
            submitter_name="Anna Hemlig",
            submitter_email="anna.hemlig@example.com",
        )
        case.message_subscribe(partner_ids=reader.partner_id.ids)
        for user in (lost, self.outsider):
            self.env["mail.followers"].sudo().create(
                {
                    "res_model": CASE,
                    "res_id": case.id,
                    "partner_id": user.partner_id.id,
                    "subtype_ids": [Command.set(escalated.ids)],
                }
            )
        self.env["mail.followers"].sudo().search(
            [("res_model", "=", CASE), ("res_id", "=", case.id)]
        ).subtype_ids = [Command.link(escalated.id)]
        with self.mock_mail_gateway():
            case.sudo().write({"response_deadline": "2020-01-10"})
            case._synpunkt_escalate("response")
            self.env.flush_all()
        notice = case.sudo().message_ids.filtered(lambda m: m.subtype_id == escalated)
        self.assertEqual(len(notice), 1)
        told = notice.notification_ids.res_partner_id
        self.assertIn(reader.partner_id, told)
        self.assertNotIn(lost.partner_id, told)
        self.assertNotIn(self.outsider.partner_id, told)
        self.assertTrue(self._new_mails)
        for mail in self._new_mails:
            # (mail.body is the chatter notice the mail belongs to, not sent)
            text = f"{mail.subject} {mail.body_html} {mail.email_to} {mail.email_cc}"
            for secret in (
                "fel medicin",
                "Anna Hemlig",
                "anna.hemlig@",
                self.unit_own.name,
                self.users["handler_conf"].name,
            ):
                self.assertNotIn(secret, text, mail.subject)
            self.assertNotIn(lost.partner_id, mail.recipient_ids)
            self.assertNotIn(self.outsider.partner_id, mail.recipient_ids)
