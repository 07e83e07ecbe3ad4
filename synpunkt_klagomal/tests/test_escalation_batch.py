"""Escalation of many cases in one run (issue 12): each case keeps its
notice and activities, but a recipient gets one message for the run, not a
mail per case and per activity."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.misc import format_date

from .test_deadlines import DeadlineCase

RECEIVED = datetime(2026, 11, 2, 9, 0)  # UTC; response deadline Monday 16 November


@tagged("post_install", "-at_install")
class TestEscalationBatch(DeadlineCase):
    def test_one_digest_per_recipient_per_run(self):
        (self.own_manager | self.head).notification_type = "email"
        with freeze_time(RECEIVED):
            cases = self.Complaint.browse(
                [self.received(RECEIVED, description=f"Fall {i}").id for i in range(4)]
            )
        self.assertEqual(set(cases.mapped("response_deadline")), {date(2026, 11, 16)})
        self.env.flush_all()
        before = self.env["mail.notification"].search([])
        with freeze_time("2026-11-17 09:00:00"):
            cases._synpunkt_escalate("response")
            self.env.flush_all()
        escalated = self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        escalation_type = self.env.ref(
            "synpunkt_klagomal.mail_activity_type_escalation"
        )
        for case in cases:
            notice = case.message_ids.filtered(lambda m: m.subtype_id == escalated)
            self.assertEqual(len(notice), 1)
            self.assertIn(self.own_manager.partner_id, notice.partner_ids)
            self.assertIn(self.head.partner_id, notice.partner_ids)
            self.assertEqual(
                case.activity_ids.filtered(
                    lambda a: a.activity_type_id == escalation_type
                ).user_id,
                self.own_manager | self.head,
            )
        # By e-mail, as both chose: one message each for the run (old: one per
        # case and one per activity assigned).
        notifications = self.env["mail.notification"].search([]) - before
        for user in (self.own_manager, self.head):
            theirs = notifications.filtered(
                lambda n, user=user: (
                    n.res_partner_id == user.partner_id
                    and n.notification_type == "email"
                )
            )
            self.assertEqual(len(theirs), 1, f"one message to {user.login} for the run")
            for case in cases:
                self.assertIn(case.name, theirs.mail_message_id.body)
                self.assertNotIn(case.description, theirs.mail_message_id.body)

    def test_readable_by_a_mixed_set(self):
        """Batches mix cases a person can and cannot read: the readable ones
        are answered, not none (the access check is the model's, the rules
        filter)."""
        handler = self.users["handler"]
        own, other = self.cases["own", False], self.cases["other", False]
        self.assertEqual((own | other)._synpunkt_readable_by(handler), own)
        self.assertEqual(
            own._synpunkt_readable_by(self.users["admin"].browse()), own.browse()
        )

    def test_notices_posted_in_one_go_reach_the_followers(self):
        """The notices are created for the batch at once; a follower of the
        escalation subtype who reads the case is still told of each case, as
        message_post told them, and each notice is threaded as a post is."""
        registrar = self.users["registrar"]
        registrar.notification_type = "inbox"
        escalated = self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        with freeze_time(RECEIVED):
            cases = self.Complaint.browse(
                [self.received(RECEIVED, description=f"Fall {i}").id for i in range(3)]
            )
        cases.message_subscribe(
            partner_ids=registrar.partner_id.ids, subtype_ids=escalated.ids
        )
        self.env.flush_all()
        before = self.env["mail.notification"].search([])
        with freeze_time("2026-11-17 09:00:00"):
            cases._synpunkt_escalate("response")
            self.env.flush_all()
        notifications = self.env["mail.notification"].search([]) - before
        for case in cases:
            notice = case.message_ids.filtered(lambda m: m.subtype_id == escalated)
            self.assertEqual(len(notice), 1)
            self.assertEqual(notice.message_type, "comment")
            self.assertEqual(notice.author_id, self.env.user.partner_id)
            self.assertEqual(notice.parent_id, case.message_ids.sorted("id")[0])
            self.assertEqual(
                notifications.filtered(
                    lambda n, notice=notice: n.mail_message_id == notice
                ).res_partner_id,
                registrar.partner_id,
                "the follower is told, the digest's recipients are not (per case)",
            )

    def test_notice_template_renders_without_qweb_per_case(self):
        """The notice's template uses plain field paths only, which Odoo
        renders without compiling QWeb for each case (issue 12: that was the
        largest cost of an escalation run); it still says which deadline,
        when, the unit and the handler."""
        template = self.env.ref("synpunkt_klagomal.mail_template_escalation")
        self.assertFalse(
            template._has_unsafe_expression_template_qweb(
                template.body_html, "synpunkt.complaint"
            )
        )
        with freeze_time(RECEIVED):
            case = self.received(RECEIVED, description="Fall")
        body = template.with_context(
            synpunkt_deadline="response", lang="en_US"
        )._render_field("body_html", case.ids)[case.id]
        self.assertIn("The response deadline of case", body)
        self.assertIn(case.name, body)
        self.assertIn(
            format_date(self.env(context={"lang": "en_US"}), date(2026, 11, 16)), body
        )
        self.assertIn(case.unit_id.name, body)
        self.assertIn(case.user_id.name, body)
        self.assertNotIn(case.description, body)
