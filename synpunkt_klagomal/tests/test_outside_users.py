"""Users outside the module live beside it (issue 8): an internal user with
none of its groups (an accountant), a portal user and the public user keep
Discuss, chatter, attachments and the portal, and never get anything of a
case through them: no message, attachment, reference or content."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

CASE_MODEL = "synpunkt.complaint"
# Words only the case's message holds: any trace of them in an answer is a leak.
CASE_TEXT = "Kvarnbacken morgonbesök uteblev"


@tagged("post_install", "-at_install")
class TestOutsideUsers(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.accountant = new_test_user(
            cls.env,
            login="sk_outside_accountant",
            name="Ekonom Utanför",
            groups="base.group_user",
            email="ekonom@example.com",
            notification_type="inbox",
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="sk_outside_portal",
            name="Portal Utanför",
            groups="base.group_portal",
            email="portal@example.com",
        )
        cls.public_user = cls.env.ref("base.public_user")
        cls.handler = new_test_user(
            cls.env,
            login="sk_outside_handler",
            name="Handläggare Innanför",
            groups="synpunkt_klagomal.group_handler",
            email="handlaggare@example.com",
            notification_type="inbox",
        )
        unit = cls.env["synpunkt.unit"].create(
            {
                "name": "Hemtjänst Kvarnbacken",
                "member_ids": [Command.link(cls.handler.id)],
            }
        )
        cls.case = cls.env[CASE_MODEL].create(
            {
                "kind": "complaint",
                "submitter_role": "relative",
                "channel": "phone",
                "description": "Hemtjänsten kom inte.",
                "unit_id": unit.id,
            }
        )
        cls.case_attachment = cls.env["ir.attachment"].create(
            {
                "name": "kvarnbacken-anteckning.txt",
                "res_model": CASE_MODEL,
                "res_id": cls.case.id,
                "raw": b"Anteckning om insatsen.",
                "mimetype": "text/plain",
            }
        )
        outsiders = cls.accountant | cls.portal_user
        # Notified, starred, and read once (history): everything that lets
        # Odoo alone show a message to someone who cannot read its document.
        cls.case_message = cls.case.message_post(
            body=CASE_TEXT,
            partner_ids=(outsiders | cls.handler).partner_id.ids,
            attachment_ids=cls.case_attachment.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.case_message_read = cls.case.message_post(
            body=CASE_TEXT + " (läst)",
            partner_ids=outsiders.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.case_messages = cls.case_message | cls.case_message_read
        cls.case_messages.sudo().starred_partner_ids = [
            Command.set(outsiders.partner_id.ids)
        ]
        # Their own business, which they must keep seeing.
        cls.supplier = cls.env["res.partner"].create({"name": "Leverantör Kvarn AB"})
        cls.supplier_message = cls.supplier.message_post(
            body="Faktura 4711 att attestera",
            partner_ids=outsiders.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.supplier_message.sudo().starred_partner_ids = [
            Command.set(outsiders.partner_id.ids)
        ]
        # Inbox notifications for both users, as if Odoo had made them: a portal
        # user's are e-mail ones otherwise, outside the inbox.
        notifications = cls.env["mail.notification"].sudo()
        for message in cls.case_messages | cls.supplier_message:
            for partner in outsiders.partner_id:
                notification = notifications.search(
                    [
                        ("mail_message_id", "=", message.id),
                        ("res_partner_id", "=", partner.id),
                    ]
                )
                values = {
                    "notification_type": "inbox",
                    "is_read": message == cls.case_message_read,
                }
                if notification:
                    notification.write(values)
                else:
                    notifications.create(
                        dict(
                            values,
                            mail_message_id=message.id,
                            res_partner_id=partner.id,
                        )
                    )
        cls.supplier_attachment = cls.env["ir.attachment"].create(
            {
                "name": "kvarn-faktura.txt",
                "res_model": "res.partner",
                "res_id": cls.supplier.id,
                "raw": b"Faktura",
                "mimetype": "text/plain",
            }
        )

    # ------------------------------------------------------------ helpers
    def assertNothingOfTheCase(self, text):
        for trace in (CASE_TEXT, self.case.name, self.case_attachment.name, CASE_MODEL):
            self.assertNotIn(trace, text)

    def message_searches(self, user):
        """The message searches Discuss and the chatter make for ``user``."""
        Message = self.env["mail.message"].with_user(user)
        partner = user.partner_id
        return {
            "inbox": Message.search([("needaction", "=", True)]),
            "history": Message.search([("needaction", "=", False)]),
            "starred": Message.search([("starred_partner_ids", "in", partner.ids)]),
            "body": Message.search([("body", "ilike", "Kvarnbacken")]),
            "notified": Message.search([("partner_ids", "in", partner.ids)]),
            "inbox fetch": Message._message_fetch(
                [("needaction", "=", True)], limit=30
            )["messages"],
            "body fetch": Message._message_fetch(
                [("needaction", "=", True)], search_term="Kvarnbacken", limit=30
            )["messages"],
        }

    # ------------------------------------------------------------ ORM
    def test_messages_of_cases_filtered_for_internal_and_portal_users(self):
        for user in (self.accountant, self.portal_user):
            with self.subTest(user=user.login):
                found = self.message_searches(user)
                for door, messages in found.items():
                    self.assertFalse(
                        messages & self.case_messages, f"{door} of {user.login}"
                    )
                self.assertIn(self.supplier_message, found["inbox"])
                self.assertIn(self.supplier_message, found["starred"])
                self.assertIn(self.supplier_message, found["inbox fetch"])

    def test_public_user_searches_messages(self):
        Message = self.env["mail.message"].with_user(self.public_user)
        self.assertFalse(Message.search([("body", "ilike", "Kvarnbacken")]))
        self.assertFalse(Message.search([("model", "=", CASE_MODEL)]))
        self.assertFalse(Message.search([]) & self.case_messages)

    def test_chatter_of_another_model(self):
        for user in (self.accountant, self.portal_user):
            with self.subTest(user=user.login):
                found = (
                    self.env["mail.message"]
                    .with_user(user)
                    .search(
                        [
                            ("model", "=", "res.partner"),
                            ("res_id", "=", self.supplier.id),
                        ]
                    )
                )
                self.assertIn(self.supplier_message, found)

    def test_attachment_search(self):
        # Portal and public users have no access right to ir.attachment at all
        # (Odoo's own rule): the internal user is the one to check.
        Attachment = self.env["ir.attachment"].with_user(self.accountant)
        self.assertFalse(Attachment.search([("name", "ilike", "kvarnbacken")]))
        self.assertFalse(Attachment.search([("res_model", "=", CASE_MODEL)]))
        self.assertFalse(Attachment.search([("id", "=", self.case_attachment.id)]))
        self.assertEqual(
            Attachment.search([("name", "ilike", "kvarn")]), self.supplier_attachment
        )

    def test_handler_who_reads_the_case_gets_its_messages(self):
        found = self.message_searches(self.handler)
        self.assertIn(self.case_message, found["inbox"])
        self.assertIn(self.case_message, found["body"])
        self.assertIn(self.case_message, found["inbox fetch"])
        self.assertIn(self.case_message, found["body fetch"])
        self.assertIn(
            self.case_attachment,
            self.env["ir.attachment"]
            .with_user(self.handler)
            .search([("name", "ilike", "kvarnbacken")]),
        )

    def test_preferences_form(self):
        """The module adds fields to res.users: "My Preferences" still opens
        for a user outside the module, as the web client loads it."""
        me = self.accountant.with_user(self.accountant)
        form = self.env.ref("base.view_users_form_simple_modif")
        views = me.get_views([(form.id, "form")])
        spec = {name: {} for name in views["models"]["res.users"]["fields"]}
        self.assertEqual(me.web_read(spec)[0]["id"], self.accountant.id)
        self.assertEqual(
            self.handler.with_user(self.handler).synpunkt_access_unit_ids,
            self.handler.synpunkt_unit_ids,
        )

    # ------------------------------------------------------------ HTTP
    def discuss_routes(self, user):
        """The Discuss routes the web client of 18.0 posts, as ``user``."""
        self.authenticate(user.login, user.login)
        context = {"lang": "en_US", "tz": "Europe/Stockholm", "uid": user.id}
        answers = {
            # Start of the web client (store_service.initialize): read/write.
            "init": self.make_jsonrpc_request(
                "/mail/action",
                {
                    "init_messaging": {},
                    "failures": True,
                    "systray_get_activities": True,
                    "context": context,
                },
            ),
            # The activity menu, and any later read-only fetch.
            "/mail/data": self.make_jsonrpc_request(
                "/mail/data",
                {
                    "failures": True,
                    "systray_get_activities": True,
                    "context": context,
                },
            ),
        }
        for box in ("inbox", "starred", "history"):
            answers[box] = self.make_jsonrpc_request(
                f"/mail/{box}/messages", {"limit": 30}
            )
        answers["search"] = self.make_jsonrpc_request(
            "/mail/inbox/messages", {"search_term": "Kvarnbacken", "limit": 30}
        )
        answers["partner chatter"] = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "res.partner", "thread_id": self.supplier.id, "limit": 30},
        )
        return answers

    def test_discuss_routes_internal_user(self):
        answers = self.discuss_routes(self.accountant)
        for route, answer in answers.items():
            with self.subTest(route=route):
                self.assertNothingOfTheCase(str(answer))
        self.assertIn(self.supplier_message.id, answers["inbox"]["messages"])
        self.assertIn(self.supplier_message.id, answers["starred"]["messages"])
        self.assertIn(self.supplier_message.id, answers["partner chatter"]["messages"])
        self.assertEqual(answers["/mail/data"]["Store"]["activityCounter"], 0)

    def test_discuss_routes_portal_user(self):
        answers = self.discuss_routes(self.portal_user)
        for route, answer in answers.items():
            with self.subTest(route=route):
                self.assertNothingOfTheCase(str(answer))
        self.assertIn(self.supplier_message.id, answers["inbox"]["messages"])

    def test_discuss_routes_handler_control(self):
        answers = self.discuss_routes(self.handler)
        self.assertIn(self.case_message.id, answers["inbox"]["messages"])
        self.assertIn(self.case_message.id, answers["search"]["messages"])
        self.assertIn(CASE_TEXT, str(answers["inbox"]))

    def test_portal_home(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for url in ("/my", "/my/home", "/my/account"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertNothingOfTheCase(response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": []})
        self.assertNothingOfTheCase(str(counters))
