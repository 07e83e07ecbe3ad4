"""Security review of 2026-11-29 (the scale changes of issue 12): doors
found open, each shown by a test that failed before its fix."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SynpunktCase

CASE = "synpunkt.complaint"


@tagged("post_install", "-at_install")
class TestAttack20261129(SynpunktCase):
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
