"""Security review of 2026-11-29 (b): the batched escalation of issue 12
(readers' memo, batch subscription, digests made in one go, the tracked
level, the language of the job), tried as an outsider and as a handler who
lost access. Doors found open are shown by a test that failed before the
fix; the others prove the property holds."""

import json
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .test_deadlines import DeadlineCase

CASE = "synpunkt.complaint"
RECEIVED = datetime(2026, 11, 2, 9, 0)  # UTC; response deadline Monday 16 November
AFTER = "2026-11-17 09:00:00"


@tagged("post_install", "-at_install")
class TestAttack20261129b(DeadlineCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(  # another department: none of our groups
            cls.env,
            login="sk_attack4_outsider",
            name="Ekonom Utanför",
            groups="base.group_user",
            email="outsider.attack4@example.com",
        )
        cls.portal = new_test_user(
            cls.env,
            login="sk_attack4_portal",
            name="Portal Person",
            groups="base.group_portal",
            email="portal.attack4@example.com",
        )
        cls.conf_manager = cls.users["manager_conf"]

    def escalate(self, cases):
        self.env.flush_all()
        # what assert_only_readers_told looks at: the run's messages and mails
        self.run_start = {
            model: (self.env[model].sudo().search([], order="id desc", limit=1).id)
            for model in ("mail.message", "mail.mail")
        }
        with freeze_time(AFTER):
            cases._synpunkt_escalate("response")
            self.env.flush_all()

    def escalated_case(self, **values):
        with freeze_time(RECEIVED):
            return self.received(RECEIVED, **values)

    def assert_only_readers_told(self, case, outsiders):
        """No follower, notice recipient, activity, notification or mail of
        ``case`` for anyone who cannot read it; ``outsiders`` in particular
        get nothing of the run (:meth:`escalate`) that names it."""
        readers = self.env["res.users"].with_context(active_test=False).search([])
        readers = readers.filtered(lambda u: case._synpunkt_readable_by(u))
        reader_partners = readers.partner_id
        followers = case.message_follower_ids.partner_id - self.env.user.partner_id
        self.assertFalse(followers - reader_partners, "followers who cannot read")
        activity_users = case.sudo().activity_ids.user_id
        self.assertFalse(activity_users - readers, "activities of non-readers")
        escalated = self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        notices = case.message_ids.filtered(lambda m: m.subtype_id == escalated)
        self.assertFalse(
            notices.partner_ids - reader_partners, "notices to non-readers"
        )
        for user in outsiders:
            partner = user.partner_id
            messages = (
                self.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("id", ">", self.run_start["mail.message"]),
                        "|",
                        ("partner_ids", "in", partner.ids),
                        ("notification_ids.res_partner_id", "=", partner.id),
                    ]
                )
            )
            self.assertFalse(
                messages.filtered(
                    lambda m: (m.model, m.res_id) == (CASE, case.id)
                    or case.name in str(m.body or "")
                    or case.name in (m.subject or "")
                ),
                f"{user.login} told of {case.name}",
            )
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search(
                    [
                        ("id", ">", self.run_start["mail.mail"]),
                        ("recipient_ids", "in", partner.ids),
                    ]
                )
            )
            self.assertFalse(
                mails.filtered(
                    lambda m: case.name in str(m.body_html or "")
                    or case.name in (m.subject or "")
                ),
                f"{user.login} mailed about {case.name}",
            )

    # ------------------------------------------------------- 1. readers' memo

    def test_access_changed_during_a_run_is_seen(self):
        """HOLE (fixed): the municipality's own automation on saving a case
        (here: an escalated case becomes confidential) runs inside the run,
        after the recipients were chosen. The head of administration,
        without confidential access, kept getting the confidential case: a
        follower, an activity (its check answered from the memo), the
        digest naming it. Now the recipients are chosen after
        the run's write and every change of readers empties the memo."""
        level = self.env["ir.model.fields"]._get(CASE, "escalation_level")
        self.env["base.automation"].create(
            {
                "name": "Eskalerade ärenden blir sekretess",
                "model_id": self.env["ir.model"]._get_id(CASE),
                "trigger": "on_create_or_write",
                "trigger_field_ids": [Command.set(level.ids)],
                "filter_domain": "[('escalation_level', '>=', 1)]",
                "action_server_ids": [
                    Command.create(
                        {
                            "name": "Sekretess",
                            "model_id": self.env["ir.model"]._get_id(CASE),
                            "state": "code",
                            "usage": "base_automation",
                            "code": "records.write({'is_confidential': True, "
                            "'confidentiality_ground': 'OSL 26 kap. 1 §'})",
                        }
                    )
                ],
            }
        )
        case = self.escalated_case()
        self.assertFalse(case.is_confidential)
        self.escalate(case)
        self.assertTrue(case.is_confidential, "the automation ran in the run")
        # The unit manager is its responsible handler and still reads it; the
        # head of administration (no confidential access) no longer does.
        self.assertEqual(case.user_id, self.own_manager)
        self.assertFalse(case._synpunkt_readable_by(self.head))
        self.assert_only_readers_told(case, self.head)
        # The case still reaches someone who can read it.
        escalation_type = self.env.ref(
            "synpunkt_klagomal.mail_activity_type_escalation"
        )
        told = case.activity_ids.filtered(
            lambda a: a.activity_type_id == escalation_type
        ).user_id
        self.assertIn(self.own_manager, told)

    def test_memo_sees_an_access_change_inside_its_block(self):
        """HOLE (fixed): within an open memo, a person who lost access (the
        case made confidential, removed from the unit) was still answered
        "yes"; their follow survived the pruning."""
        handler = self.users["handler"]
        ways = {
            "confidential flag set": lambda case: case.write(
                {"is_confidential": True, "confidentiality_ground": "OSL 26 kap. 1 §"}
            ),
            "removed from the unit": lambda case: self.unit_own.write(
                {"member_ids": [Command.unlink(handler.id)]}
            ),
        }
        for label, lose in ways.items():
            with self.subTest(label):
                case = self.create_case(unit=self.unit_own)
                case.message_subscribe(partner_ids=handler.partner_id.ids)
                self.assertIn(handler.partner_id, case.message_partner_ids)
                with case._synpunkt_readers_memo():
                    self.assertEqual(case._synpunkt_readable_by(handler), case)
                    lose(case)
                    self.assertFalse(case._synpunkt_readable_by(handler), label)
                    self.assertNotIn(handler.partner_id, case.message_partner_ids)
                self.unit_own.member_ids = [Command.link(handler.id)]

    def test_memo_ends_with_an_error_and_with_the_outer_block(self):
        """Tried, no hole: an error inside the block, or a nested block,
        leaves no memo on the cursor once the outer block is left; a later
        loss of access is seen."""
        handler = self.users["handler"]
        case = self.cases["own", False]
        with self.assertRaises(RuntimeError):
            with case._synpunkt_readers_memo():
                self.assertTrue(case._synpunkt_readable_by(handler))
                raise RuntimeError("an error inside the block")
        self.assertNotIn("synpunkt_readers_memo", self.env.cr.cache)
        with case._synpunkt_readers_memo():
            with case._synpunkt_readers_memo():
                self.assertTrue(case._synpunkt_readable_by(handler))
            self.assertIn("synpunkt_readers_memo", self.env.cr.cache)
        self.assertNotIn("synpunkt_readers_memo", self.env.cr.cache)
        self.unit_own.member_ids -= handler
        self.assertFalse(case._synpunkt_readable_by(handler))

    # --------------------------------------------- 2. the followers' context key

    def test_followers_key_grants_nothing(self):
        """Tried, no hole: ``synpunkt_followers_set`` in the context (anyone
        can send it over RPC) only spares a subscription. An outsider cannot
        follow or read a case with it, a reader cannot subscribe an outsider
        with it, a follower who loses access under it is still removed, and
        an activity for a non-reader is still refused."""
        case = self.cases["own", True]
        key = {"synpunkt_followers_set": True}
        as_outsider = case.with_user(self.outsider).with_context(**key)
        # Without subtypes the key answers True and does nothing...
        self.assertTrue(
            as_outsider.message_subscribe(partner_ids=self.outsider.partner_id.ids)
        )
        self.assertNotIn(self.outsider.partner_id, case.message_partner_ids)
        # ... with them, the key is ignored and Odoo's access check holds.
        self.assertFalse(
            as_outsider.message_subscribe(
                partner_ids=self.outsider.partner_id.ids,
                subtype_ids=self.env.ref("mail.mt_comment").ids,
            )
        )
        with self.assertRaises(AccessError):
            as_outsider.message_subscribe(
                partner_ids=self.portal.partner_id.ids,
                subtype_ids=self.env.ref("mail.mt_comment").ids,
            )
        with self.assertRaises(AccessError):
            as_outsider.read(["description"])
        self.assertNotIn(self.outsider.partner_id, case.message_partner_ids)
        reader = self.conf_manager
        case.with_user(reader).with_context(**key).message_subscribe(
            partner_ids=(self.outsider | self.users["handler"]).partner_id.ids,
            subtype_ids=self.env.ref("mail.mt_comment").ids,
        )
        self.assertFalse(
            (self.outsider | self.users["handler"]).partner_id
            & case.message_partner_ids
        )
        handler = self.users["handler_conf"]
        case.message_subscribe(partner_ids=handler.partner_id.ids)
        self.assertIn(handler.partner_id, case.message_partner_ids)
        case.with_context(**key).write({"unit_id": self.unit_other.id})
        self.assertNotIn(handler.partner_id, case.message_partner_ids)
        with self.assertRaises(UserError):
            self.env["mail.activity"].with_context(**key).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(CASE),
                    "res_id": case.id,
                    "user_id": self.outsider.id,
                    "summary": "Titta",
                }
            )

    # ------------------------------------------- 3. the batch subscription

    def test_no_non_reader_follows_by_escalation(self):
        """Tried, no hole: on a confidential case the unit manager without
        confidential access, an archived unit manager, a portal user, the
        public user, an outsider or a user of another company set as head of
        administration neither follow
        it nor get an activity or a digest: the recipients are readers only
        (here the company's managers with confidential access)."""
        other_company = self.env["res.company"].create({"name": "Grannkommunen"})
        foreign = new_test_user(
            self.env,
            login="sk_attack4_foreign",
            groups="synpunkt_klagomal.group_manager,"
            "synpunkt_klagomal.group_confidential",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        archived = new_test_user(
            self.env,
            login="sk_attack4_archived",
            groups="synpunkt_klagomal.group_handler,"
            "synpunkt_klagomal.group_confidential",
        )
        conf_handler = self.users["handler_conf"]
        cases = self.Complaint
        for manager, head, responsible in (
            (self.own_manager, self.portal, conf_handler),
            (archived, foreign, archived),  # to the company's managers
            (self.own_manager, self.outsider, conf_handler),
            (self.own_manager, self.env.ref("base.public_user"), conf_handler),
        ):
            unit = self.env["synpunkt.unit"].create(
                {
                    "name": f"Enhet {manager.login}",
                    "manager_id": manager.id,
                    # someone works the unit's cases while its manager is away
                    "member_ids": [Command.link(conf_handler.id)],
                }
            )
            case = self.escalated_case(
                unit_id=unit.id,
                is_confidential=True,
                confidentiality_ground="OSL 26 kap. 1 §",
                user_id=responsible.id,
            )
            self.assertFalse(case._synpunkt_readable_by(self.own_manager))
            cases |= case
            self.company.sudo().synpunkt_head_user_id = head
            archived.active = False
            self.escalate(case)
            archived.active = True
            self.assert_only_readers_told(case, manager | head)
        for case in cases:
            notice = case.message_ids.filtered(
                lambda m: m.subtype_id
                == self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
            )
            # Someone who reads it is told: the responsible handler, else
            # the company's managers with confidential access.
            self.assertTrue(notice.partner_ids)
            if case.user_id == conf_handler:
                self.assertEqual(notice.partner_ids, conf_handler.partner_id)
            else:
                self.assertIn(self.conf_manager.partner_id, notice.partner_ids)

    # ------------------------------------ 4. notices and digests, 5. tracking

    def test_digest_and_notice_reach_readers_only(self):
        """Tried, no hole: the digest (inbox and e-mail) names only cases
        its recipient can read and no content; the notice with its tracked
        level reaches followers who can read the case only (not a handler
        who was removed from the unit, nor one who lost it when it became
        confidential, nor an outsider who follows it through a gap), not
        on the bus either; the tracking value is the level only and no
        outsider can read it."""
        self.own_manager.notification_type = "email"
        self.head.notification_type = "inbox"
        removed = new_test_user(
            self.env,
            login="sk_attack4_removed",
            groups="synpunkt_klagomal.group_handler",
            notification_type="inbox",
        )
        lost = new_test_user(
            self.env,
            login="sk_attack4_lost",
            groups="synpunkt_klagomal.group_handler",
            notification_type="email",
            email="lost.attack4@example.com",
        )
        self.unit_own.member_ids = [Command.link(removed.id), Command.link(lost.id)]
        open_case = self.escalated_case(
            description="Hemligt innehåll A", submitter_name="Berit Boström"
        )
        # Confidential later and handled by someone with confidential
        # access: the unit manager (no such access) cannot read it then.
        conf_case = self.escalated_case(
            description="Hemligt innehåll B",
            submitter_name="Carl Carlsson",
            user_id=self.users["handler_conf"].id,
        )
        for case in open_case | conf_case:
            case.message_subscribe(partner_ids=(removed | lost).partner_id.ids)
            self.assertIn(lost.partner_id, case.message_partner_ids)
            # A follower added behind our back (as a gap would): SQL-like.
            self.env["mail.followers"].sudo().create(
                {
                    "res_model": CASE,
                    "res_id": case.id,
                    "partner_id": self.outsider.partner_id.id,
                    "subtype_ids": [
                        Command.set(
                            self.env.ref("synpunkt_klagomal.mt_complaint_escalated").ids
                        )
                    ],
                }
            )
        self.unit_own.member_ids = [Command.unlink(removed.id)]
        conf_case.write(
            {"is_confidential": True, "confidentiality_ground": "OSL 26 kap. 1 §"}
        )
        self.env.cr.precommit.run()
        bus_before = self.env["bus.bus"].sudo().search([]).ids
        mails_before = self.env["mail.mail"].sudo().search([]).ids
        cases = open_case | conf_case
        self.escalate(cases)
        self.env.cr.precommit.run()
        public = self.env.ref("base.public_user")
        for case in cases:
            self.assert_only_readers_told(
                case, self.outsider | removed | self.portal | public
            )
        self.assert_only_readers_told(conf_case, lost | self.head | self.own_manager)
        # The mails of the run (digests, notices to other followers): no
        # content, and each names only cases all its recipients can read.
        mails = self.env["mail.mail"].sudo().search([("id", "not in", mails_before)])
        self.assertTrue(mails)
        for mail in mails:
            text = f"{mail.subject} {mail.body_html}"
            for case in cases:
                self.assertNotIn(case.description, text)
                self.assertNotIn(case.submitter_name, text)
                if case.name not in text:
                    continue
                for partner in mail.recipient_ids:
                    self.assertTrue(
                        case._synpunkt_readable_by_partner(partner),
                        f"{partner.name} mailed about {case.name}",
                    )
        digest = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("message_type", "=", "user_notification"),
                    ("partner_ids", "in", self.own_manager.partner_id.ids),
                    ("model", "=", False),
                ]
            )
        )
        self.assertEqual(len(digest), 1)
        self.assertIn(open_case.name, digest.body)
        self.assertNotIn(conf_case.name, digest.body)
        self.assertIn(open_case.name, digest.subject)
        self.assertFalse(digest.notification_ids.res_partner_id - digest.partner_ids)
        # The bus: only to partners who can read the case it names.
        for bus in self.env["bus.bus"].sudo().search([("id", "not in", bus_before)]):
            channel = json.loads(bus.channel)
            named = [case for case in cases if case.name in bus.message]
            if not named:
                continue
            self.assertEqual(channel[1], "res.partner", bus.channel)
            partner = self.env["res.partner"].browse(channel[2])
            for case in named:
                self.assertTrue(
                    case._synpunkt_readable_by_partner(partner),
                    f"{partner.name} told of {case.name} on the bus",
                )
        # The tracked level: the only tracking value of the notice, unreadable
        # to an outsider.
        escalated = self.env.ref("synpunkt_klagomal.mt_complaint_escalated")
        notice = conf_case.message_ids.filtered(lambda m: m.subtype_id == escalated)
        self.assertEqual(
            notice.sudo().tracking_value_ids.field_id.mapped("name"),
            ["escalation_level"],
        )
        for user in (self.outsider, lost, removed):
            Tracking = self.env["mail.tracking.value"].with_user(user)
            if Tracking.has_access("read"):
                self.assertFalse(Tracking.search([("mail_message_id", "=", notice.id)]))
            with self.assertRaises(AccessError):
                notice.with_user(user).read(["body", "tracking_value_ids"])

    def test_job_language_changes_no_recipient(self):
        """Tried, no hole: the job's deadline actions now run in Swedish when
        the cron gives no language; the language changes the words only, not
        who is told: the same readers, no one else."""
        case = self.escalated_case(
            is_confidential=True, confidentiality_ground="OSL 26 kap. 1 §"
        )
        rule = self.env.ref("synpunkt_klagomal.automation_response_escalation")
        self.escalate(self.Complaint)  # (nothing due): marks the run's start
        with freeze_time(AFTER):
            rule.with_context(lang=None)._synpunkt_process_batch(case)
            self.env.flush_all()
        self.assertTrue(case.response_escalation_date)
        self.assert_only_readers_told(case, self.head | self.outsider)
        escalation_type = self.env.ref(
            "synpunkt_klagomal.mail_activity_type_escalation"
        )
        self.assertIn(
            self.own_manager,  # the responsible handler
            case.activity_ids.filtered(
                lambda a: a.activity_type_id == escalation_type
            ).user_id,
        )
