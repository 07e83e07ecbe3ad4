"""Issue 8: the inbox and the history (mail.message's "needaction" search,
which this module writes in its own SQL form for the inbox's plan) give
Odoo's messages minus those of cases the user cannot read: the same set,
newest first, with a limit, when scrolling and when counting."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SynpunktCase


@tagged("post_install", "-at_install")
class TestMessageInbox(SynpunktCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Users of their own: no notification but those made here.
        cls.inbox_handler = new_test_user(
            cls.env,
            login="sk_inbox_handler",
            name="Handläggare Inkorg",
            groups="synpunkt_klagomal.group_handler",
            email="inbox.handler@example.com",
            notification_type="inbox",
        )
        cls.unit_own.member_ids = [Command.link(cls.inbox_handler.id)]
        cls.inbox_outsider = new_test_user(
            cls.env,
            login="sk_inbox_outsider",
            name="Ekonom Inkorg",
            groups="base.group_user",
            email="inbox.outsider@example.com",
            notification_type="inbox",
        )
        partner = cls.env["res.partner"].create({"name": "Leverantör AB"})
        readable = cls.cases[("own", False)]
        hidden = cls.cases[("other", False)]
        comment = cls.env.ref("mail.mt_comment")
        # Oldest first: (document, read by the user?) for both users.
        cls.made = []
        for number in range(24):
            document = (readable, hidden, partner)[number % 3]
            is_read = number % 4 in (1, 2)
            message = cls.env["mail.message"].create(
                {
                    "model": document._name,
                    "res_id": document.id,
                    "body": f"Meddelande {number}",
                    "message_type": "comment",
                    "subtype_id": comment.id,
                }
            )
            cls.env["mail.notification"].create(
                [
                    {
                        "mail_message_id": message.id,
                        "res_partner_id": user.partner_id.id,
                        "notification_type": "inbox",
                        "is_read": is_read,
                    }
                    for user in (cls.inbox_handler, cls.inbox_outsider)
                ]
            )
            cls.made.append((message, document, is_read))

    def expected(self, user, is_read):
        """Newest first: the user's messages with that read state, but those
        of cases the user cannot read."""
        hidden = [self.cases[("other", False)]]
        if user == self.inbox_outsider:
            hidden.append(self.cases[("own", False)])
        return [
            message.id
            for message, document, read in reversed(self.made)
            if read == is_read and document not in hidden
        ]

    def test_inbox_and_history_are_odoos_minus_unreadable_cases(self):
        for user in (self.inbox_handler, self.inbox_outsider):
            Message = self.env["mail.message"].with_user(user)
            inbox = self.expected(user, False)
            history = self.expected(user, True)
            self.assertTrue(inbox and history, user.login)
            self.assertEqual(Message.search([("needaction", "=", True)]).ids, inbox)
            self.assertEqual(Message.search([("needaction", "=", False)]).ids, history)
            self.assertEqual(
                Message.search([("needaction", "!=", True)]).ids, history, user.login
            )
            self.assertEqual(
                Message.search_count([("needaction", "=", True)]), len(inbox)
            )
            self.assertEqual(
                Message.search([("needaction", "=", True)], limit=2).ids, inbox[:2]
            )
            # Scrolling down the inbox as Discuss does.
            page = Message._message_fetch(
                [("needaction", "=", True)], before=inbox[1], limit=2
            )["messages"]
            self.assertEqual(page.ids, inbox[2:4], user.login)
            page = Message._message_fetch([("needaction", "=", False)], limit=30)
            self.assertEqual(page["messages"].ids, history, user.login)
