"""Issue 15, items 3 to 6: content and metadata of a case reach only those who
can read it at that moment, through every read path and every domain shape,
and whatever way a user lost access."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import SynpunktCase

CASE = "synpunkt.complaint"
SECRET_TEXT = "Personalen lämnade brukaren ensam under natten."


@tagged("post_install", "-at_install")
class TestSecrecyReaders(SynpunktCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = cls.users["handler"]
        cls.handler_conf = cls.users["handler_conf"]
        cls.manager_conf = cls.users["manager_conf"]
        cls.outsider = new_test_user(
            cls.env,
            login="sk_accountant",
            name="Ekonom Utanför",
            groups="base.group_user",
            email="accountant@example.com",
        )
        cls.other_company = cls.env["res.company"].create({"name": "Grannkommunen"})
        cls.foreign = new_test_user(
            cls.env,
            login="sk_foreign",
            name="Handläggare Grannkommunen",
            groups="synpunkt_klagomal.group_manager,synpunkt_klagomal.group_confidential",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
            email="foreign@example.com",
        )

    def post_to(self, case, users, body=SECRET_TEXT):
        return case.message_post(
            body=body,
            partner_ids=users.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def new_case(self, **values):
        return self.create_case(unit=values.pop("unit", self.unit_own), **values)

    # ------------------------------------------------------------ messages

    def assert_no_case_message(self, user, case, label):
        """Every read path that searches, with domains of every shape."""
        Message = self.env["mail.message"].with_user(user)
        shapes = [
            [("model", "=", CASE), ("res_id", "=", case.id)],
            [("model", "=", [CASE]), ("res_id", "=", case.id)],
            [("model", "in", [CASE]), ("res_id", "=", case.id)],
            [("model", "=like", "synpunkt.compl%"), ("res_id", "=", case.id)],
            [("model", "ilike", "synpunkt"), ("res_id", "=", case.id)],
            [
                "|",
                ("model", "=", "res.partner"),
                "&",
                ("model", "=", CASE),
                ("res_id", "=", case.id),
            ],
            ["!", ("model", "!=", CASE), ("res_id", "=", case.id)],
            [("res_id", "=", case.id), ("body", "ilike", "ensam under natten")],
            [("record_name", "=", case.name)],
            [("body", "ilike", "ensam under natten")],
        ]

        def of_case(messages):
            return messages.sudo().filtered(
                lambda m: m.model == CASE and m.res_id == case.id
            )

        for domain in shapes:
            with self.subTest(label=label, domain=domain):
                self.assertFalse(of_case(Message.search(domain)), label)
                rows = Message.search_read(domain, ["model", "res_id", "body"])
                self.assertFalse(
                    [r for r in rows if r["model"] == CASE and r["res_id"] == case.id]
                )
                self.assertFalse(of_case(Message.search_fetch(domain, ["body"])), label)
                self.assertEqual(
                    Message.search_count(domain + [("model", "=", CASE)]), 0, label
                )
                for groups in (
                    Message.read_group(domain, ["body:array_agg"], ["model"]),
                    Message.web_read_group(domain, ["body:array_agg"], ["model"])[
                        "groups"
                    ],
                ):
                    self.assertFalse([g for g in groups if g["model"] == CASE], label)
                    self.assertNotIn("ensam under natten", str(groups), label)
        case_messages = self.env["mail.message"].search(
            [("model", "=", CASE), ("res_id", "=", case.id)]
        )
        with self.assertRaises(AccessError):
            case_messages.with_user(user).read(["body"])

    def test_message_guard_holds_for_every_domain_shape_and_way_of_losing_access(self):
        # 1. the case moved to another unit
        moved = self.new_case()
        self.post_to(moved, self.handler)
        moved.unit_id = self.unit_other
        self.post_to(moved, self.other_manager, body=SECRET_TEXT + " Efter flytten.")
        self.assert_no_case_message(self.handler, moved, "moved to another unit")
        # 2. the case was made confidential
        secret = self.new_case()
        self.post_to(secret, self.handler)
        secret.write(
            {"is_confidential": True, "confidentiality_ground": "OSL 26 kap. 1 §"}
        )
        self.assert_no_case_message(self.handler, secret, "made confidential")
        # 3. the user left the confidential group
        confidential = self.new_case(is_confidential=True)
        self.post_to(confidential, self.handler_conf)
        self.handler_conf.groups_id = [
            Command.unlink(self.env.ref("synpunkt_klagomal.group_confidential").id)
        ]
        self.assert_no_case_message(
            self.handler_conf, confidential, "left the confidential group"
        )
        # Users outside the module, and of another company, never see any.
        for user in (self.outsider, self.foreign):
            self.assert_no_case_message(user, moved, user.login)

    def test_attachment_guard_holds_for_every_domain_shape(self):
        case = self.new_case()
        attachment = self.env["ir.attachment"].create(
            {
                "name": "anteckning.txt",
                "res_model": CASE,
                "res_id": case.id,
                "raw": b"ensam under natten",
                "mimetype": "text/plain",
            }
        )
        self.assertIn(
            attachment,
            self.env["ir.attachment"]
            .with_user(self.handler)
            .search([("res_model", "=", CASE), ("res_id", "=", case.id)]),
        )
        case.unit_id = self.unit_other
        shapes = [
            [("res_model", "=", CASE), ("res_id", "=", case.id)],
            [("res_model", "=", [CASE]), ("res_id", "=", case.id)],
            [("res_model", "in", [CASE, "res.partner"])],
            [("res_model", "ilike", "synpunkt")],
            [("name", "=", "anteckning.txt")],
            [("id", "=", attachment.id)],
            ["|", ("res_model", "=", "res.partner"), ("res_id", "=", case.id)],
        ]
        for user in (self.handler, self.outsider, self.foreign):
            Attachment = self.env["ir.attachment"].with_user(user)
            for domain in shapes:
                with self.subTest(user=user.login, domain=domain):
                    self.assertNotIn(attachment, Attachment.search(domain))
                    rows = Attachment.search_read(domain, ["name"])
                    self.assertNotIn(attachment.id, [r["id"] for r in rows])
                    groups = Attachment.read_group(
                        domain, ["res_id:array_agg"], ["res_model"]
                    )
                    self.assertFalse([g for g in groups if g["res_model"] == CASE])
            with self.assertRaises(AccessError):
                attachment.with_user(user).read(["raw"])

    def test_readers_still_see_the_chatter(self):
        case = self.new_case(is_confidential=True)
        message = self.post_to(case, self.manager_conf)
        for user in (self.manager_conf, self.users["registrar_conf"]):
            found = (
                self.env["mail.message"]
                .with_user(user)
                .search([("model", "=", [CASE]), ("res_id", "=", case.id)])
            )
            self.assertIn(message, found)
            self.assertIn(
                "ensam under natten",
                found.with_user(user).read(["body"])[0]["body"]
                if len(found) == 1
                else message.with_user(user).body,
            )

    def test_users_without_case_rights_search_messages_without_error(self):
        partner = self.env["res.partner"].create({"name": "Leverantör AB"})
        partner_message = partner.message_post(
            body="Faktura 123", message_type="comment"
        )
        case = self.new_case()
        self.post_to(case, self.outsider)
        # (Odoo gives the public user no right on notifications: no inbox to search.)
        for user, domains in (
            (
                self.outsider,
                ([("needaction", "=", True)], [("body", "ilike", "natten")], []),
            ),
            (self.env.ref("base.public_user"), ([("body", "ilike", "natten")], [])),
        ):
            Message = self.env["mail.message"].with_user(user)
            for domain in domains:
                found = Message.search(domain)
                self.assertFalse(found.filtered(lambda m: m.model == CASE), user.login)
        found = (
            self.env["mail.message"]
            .with_user(self.outsider)
            .search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        self.assertIn(partner_message, found)

    # ------------------------------------------------------ followers, recipients

    def followers(self, case):
        return case.sudo().message_partner_ids

    def test_moving_a_case_prunes_the_old_units_followers_and_mails_none_to_them(self):
        case = self.new_case()
        case.message_subscribe(partner_ids=self.handler.partner_id.ids)
        self.assertIn(self.handler.partner_id, self.followers(case))
        case.unit_id = self.unit_other
        self.assertNotIn(self.handler.partner_id, self.followers(case))
        self.assertNotIn(self.own_manager.partner_id, self.followers(case))
        with self.mock_mail_gateway():
            message = self.post_to(case, self.handler | self.other_manager)
        notified = message.sudo().notification_ids.res_partner_id
        self.assertNotIn(self.handler.partner_id, notified)
        self.assertIn(self.other_manager.partner_id, notified)
        self.assertFalse(
            self._new_mails.filtered(
                lambda m: (
                    self.handler.partner_id in m.recipient_ids
                    or "handler@" in (m.email_to or "")
                )
            )
        )

    def test_losing_confidential_access_ends_follows_and_notifications(self):
        case = self.new_case(is_confidential=True)
        reader = self.handler_conf
        case.message_subscribe(partner_ids=reader.partner_id.ids)
        self.assertIn(reader.partner_id, self.followers(case))
        reader.groups_id = [
            Command.unlink(self.env.ref("synpunkt_klagomal.group_confidential").id)
        ]
        self.assertNotIn(reader.partner_id, self.followers(case))
        # Even had a follow survived (e.g. written in SQL), nothing is notified.
        self.env["mail.followers"].sudo().create(
            {"res_model": CASE, "res_id": case.id, "partner_id": reader.partner_id.id}
        )
        message = self.post_to(case, self.env["res.users"])
        self.assertNotIn(
            reader.partner_id, message.sudo().notification_ids.res_partner_id
        )

    def test_losing_access_leaves_no_unread_count_of_the_case(self):
        """Discuss's unread counter (plain SQL over the notifications) counts
        nothing of a case the user can no longer read, whatever way they lost
        access; the counter of the cases they still read is kept."""
        kept = self.new_case()
        member = self.handler
        member.notification_type = "inbox"
        ways = {
            "moved to another unit": lambda case: setattr(
                case, "unit_id", self.unit_other
            ),
            "made confidential": lambda case: case.write(
                {"is_confidential": True, "confidentiality_ground": "OSL 26 kap. 1 §"}
            ),
        }
        for label, lose_access in ways.items():
            with self.subTest(label):
                case = self.new_case()
                self.post_to(case, member)
                self.post_to(kept, member)
                before = member.partner_id._get_needaction_count()
                lose_access(case)
                self.assertEqual(
                    member.partner_id._get_needaction_count(), before - 1, label
                )
        # removed from the unit: nothing of its cases is counted any more
        self.unit_own.member_ids = [Command.unlink(member.id)]
        self.assertEqual(member.partner_id._get_needaction_count(), 0)

    def test_other_ways_of_losing_access_prune_followers(self):
        # removed from the unit
        case = self.new_case()
        member = self.handler
        case.message_subscribe(partner_ids=member.partner_id.ids)
        self.unit_own.member_ids = [Command.unlink(member.id)]
        self.assertNotIn(member.partner_id, self.followers(case))
        # archived user
        case2 = self.new_case()
        registrar = self.users["registrar"]
        case2.message_subscribe(partner_ids=registrar.partner_id.ids)
        registrar.active = False
        self.assertNotIn(registrar.partner_id, self.followers(case2))
        # the case's responsible handler changed on a confidential case
        case3 = self.new_case(is_confidential=True, user_id=self.own_manager.id)
        self.assertIn(self.own_manager.partner_id, self.followers(case3))
        case3.user_id = self.users["manager_conf"]
        self.assertNotIn(self.own_manager.partner_id, self.followers(case3))

    def test_cannot_subscribe_someone_who_cannot_read(self):
        case = self.new_case(is_confidential=True)
        case.with_user(self.handler_conf).message_subscribe(
            partner_ids=(
                self.handler | self.outsider | self.manager_conf
            ).partner_id.ids
        )
        followers = self.followers(case)
        self.assertNotIn(self.handler.partner_id, followers)
        self.assertNotIn(self.outsider.partner_id, followers)
        self.assertIn(self.manager_conf.partner_id, followers)

    def test_activities_only_for_readers(self):
        case = self.new_case(is_confidential=True)
        with self.assertRaises(UserError):
            case.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.handler.id
            )
        activity = case.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.handler_conf.id
        )
        self.assertEqual(activity.user_id, self.handler_conf)
        # The assignee loses access: the activity is handed on to a reader.
        self.handler_conf.groups_id = [
            Command.unlink(self.env.ref("synpunkt_klagomal.group_confidential").id)
        ]
        self.assertTrue(activity.exists())
        self.assertTrue(case._synpunkt_readable_by(activity.user_id))

    def test_redirect_and_escalation_notices_go_to_readers(self):
        # The unit manager has no confidential access; the head has none either.
        case = self.new_case(is_confidential=True, user_id=self.manager_conf.id)
        case.write({"redirect_reason": "lex_sarah"})
        activities = case.sudo().activity_ids
        self.assertTrue(activities)
        for activity in activities:
            self.assertTrue(
                case._synpunkt_readable_by(activity.user_id), activity.user_id.login
            )
        self.assertNotIn(self.own_manager, activities.user_id)
        redirect_message = case.sudo().message_ids.filtered(
            lambda m: (
                m.subtype_id
                == self.env.ref("synpunkt_klagomal.mt_complaint_redirected")
            )
        )
        self.assertNotIn(self.own_manager.partner_id, redirect_message.partner_ids)
        self.assertNotIn(
            self.own_manager.partner_id,
            redirect_message.notification_ids.res_partner_id,
        )
        # Escalation picks recipients the same way.
        late = self.new_case(is_confidential=True, user_id=self.handler_conf.id)
        late._synpunkt_escalate("response")
        escalated = late.sudo().activity_ids.user_id
        self.assertTrue(escalated)
        self.assertNotIn(self.own_manager, escalated)
        self.assertNotIn(self.head, escalated)

    def test_responsible_handler_belongs_to_the_cases_company(self):
        case = self.new_case()
        with self.assertRaises(ValidationError):
            case.user_id = self.foreign
        with self.assertRaises(ValidationError):
            self.unit_own.manager_id = self.foreign
        with self.assertRaises(ValidationError):
            case.user_id = self.outsider

    # ------------------------------------------------------- metadata

    def test_followers_and_notifications_only_for_readers(self):
        case = self.new_case(is_confidential=True)
        case.message_subscribe(partner_ids=self.manager_conf.partner_id.ids)
        message = self.post_to(case, self.manager_conf)
        follower = case.sudo().message_follower_ids[:1]
        notification = message.sudo().notification_ids[:1]
        self.assertTrue(follower and notification)
        for user in (self.outsider, self.foreign, self.handler):
            Followers = self.env["mail.followers"].with_user(user)
            Notifications = self.env["mail.notification"].with_user(user)
            for domain in (
                [("res_model", "=", CASE)],
                [("res_model", "in", [CASE])],
                [],
            ):
                with self.subTest(user=user.login, domain=domain):
                    self.assertFalse(
                        Followers.search(domain).filtered(lambda f: f.res_id == case.id)
                    )
                    self.assertFalse(
                        Followers.search_read(domain + [("res_id", "=", case.id)])
                    )
            self.assertFalse(
                Followers.read_group(
                    [("res_id", "=", case.id), ("res_model", "=", CASE)],
                    ["partner_id"],
                    ["partner_id"],
                )
            )
            self.assertFalse(
                Notifications.search([("mail_message_id", "=", message.id)])
            )
            self.assertFalse(
                Notifications.search_read(
                    [("res_partner_id", "=", self.manager_conf.partner_id.id)],
                    ["mail_message_id"],
                )
                and Notifications.search([("mail_message_id.res_id", "=", case.id)])
            )
            with self.assertRaises(AccessError):
                follower.with_user(user).read(["partner_id"])
            with self.assertRaises(AccessError):
                notification.with_user(user).read(["res_partner_id"])
        # Readers still see them.
        self.assertIn(
            follower,
            self.env["mail.followers"]
            .with_user(self.manager_conf)
            .search([("res_model", "=", CASE), ("res_id", "=", case.id)]),
        )
        self.assertIn(
            notification,
            self.env["mail.notification"]
            .with_user(self.users["registrar_conf"])
            .search([("mail_message_id", "=", message.id)]),
        )
        # Other documents' followers are Odoo's business, for everyone.
        partner = self.env["res.partner"].create({"name": "Kund AB"})
        partner.message_subscribe(partner_ids=self.outsider.partner_id.ids)
        self.assertTrue(
            self.env["mail.followers"]
            .with_user(self.outsider)
            .search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )

    # ------------------------------------------------------- stored mails

    def test_stored_mail_of_confidential_case_keeps_only_the_notice(self):
        quoting = self.env["mail.template"].create(
            {
                "name": "Citerande mall",
                "model_id": self.env["ir.model"]._get_id(CASE),
                "subject": "Ditt ärende {{ object.name }}",
                "email_to": "{{ object.submitter_email }}",
                "body_html": "<p>Du skrev: <t t-out='object.description'/></p>",
                "auto_delete": False,
            }
        )
        stage = self.env.ref("synpunkt_klagomal.stage_in_progress")
        stage.mail_template_id = quoting
        case = self.new_case(
            is_confidential=True,
            description=SECRET_TEXT,
            submitter_name="Greta Hemligsson",
            submitter_email="greta@example.com",
            feedback_method="email",
        )
        case.stage_id = stage
        quoting.send_mail(case.id)  # the same template sent by hand
        self.env.flush_all()
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", CASE), ("res_id", "=", case.id)])
        )
        self.assertTrue(mails)
        for mail in mails:
            for text in (
                mail.body_html,
                mail.body,
                mail.subject,
                mail.mail_message_id.body,
            ):
                self.assertNotIn("ensam under natten", str(text or ""))
        # The module administrator (no confidential access) reading them.
        admin = self.users["admin"]
        admin.groups_id = [Command.link(self.env.ref("base.group_system").id)]
        for row in (
            self.env["mail.mail"]
            .with_user(admin)
            .search_read([("id", "in", mails.ids)], ["body_html", "body", "subject"])
        ):
            self.assertNotIn("ensam under natten", str(row))

    # ------------------------------------------------ found in the security review

    def test_removed_from_unit_on_the_user_form_loses_the_cases_at_once(self):
        case = self.new_case()
        member = self.users["handler"]
        Complaint = self.env["synpunkt.complaint"]
        self.assertIn(
            case, Complaint.with_user(member).search([])
        )  # rule domain now cached
        case.message_subscribe(partner_ids=member.partner_id.ids)
        member.write({"synpunkt_unit_ids": [Command.unlink(self.unit_own.id)]})
        self.assertNotIn(case, Complaint.with_user(member).search([]))
        self.assertNotIn(member.partner_id, self.followers(case))
        message = self.post_to(case, member)
        self.assertNotIn(
            member.partner_id, message.sudo().notification_ids.res_partner_id
        )
        self.assertFalse(
            self.env["mail.message"]
            .with_user(member)
            .search([("needaction", "=", True), ("res_id", "=", case.id)])
        )

    def test_activity_of_someone_not_following_is_handed_on_when_they_lose_access(self):
        case = self.new_case(is_confidential=True, user_id=self.manager_conf.id)
        activity = case.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.handler_conf.id,
            summary="Ring anhörig",
        )
        case.message_unsubscribe(partner_ids=self.handler_conf.partner_id.ids)
        self.handler_conf.groups_id = [
            Command.unlink(self.env.ref("synpunkt_klagomal.group_confidential").id)
        ]
        self.assertNotEqual(activity.user_id, self.handler_conf)
        self.assertFalse(
            self.env["mail.activity"]
            .with_user(self.handler_conf)
            .search([("res_model", "=", CASE), ("res_id", "=", case.id)])
        )
        # Removed from the confidential group through the group itself: the same.
        case2 = self.new_case(is_confidential=True, user_id=self.manager_conf.id)
        registrar = self.users["registrar_conf"]
        activity2 = case2.activity_schedule(
            "mail.mail_activity_data_todo", user_id=registrar.id
        )
        case2.message_unsubscribe(partner_ids=registrar.partner_id.ids)
        self.env.ref("synpunkt_klagomal.group_confidential").users = [
            Command.unlink(registrar.id)
        ]
        self.assertNotEqual(activity2.user_id, registrar)

    def test_queued_mail_checked_again_when_it_leaves(self):
        # Queued to a reader; the case moves before the queue runs.
        case = self.new_case(description=SECRET_TEXT)
        registrar = self.users["registrar"]
        self.handler.notification_type = "email"
        with self.mock_mail_gateway():
            message = self.post_to(case, self.handler | registrar)
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("mail_message_id", "=", message.id)])
            )
            self.assertTrue(mails)
            case.unit_id = self.unit_other
            outgoing = [
                values for mail in mails for values in mail._prepare_outgoing_list()
            ]
        self.assertNotIn(self.handler.partner_id, [v["partner_id"] for v in outgoing])
        self.assertIn(registrar.partner_id, [v["partner_id"] for v in outgoing])
        # Queued before the case became confidential: the notice only, to readers only.
        case.write(
            {"is_confidential": True, "confidentiality_ground": "OSL 26 kap. 1 §"}
        )
        outgoing = [
            values for mail in mails for values in mail._prepare_outgoing_list()
        ]
        self.assertNotIn(registrar.partner_id, [v["partner_id"] for v in outgoing])
        for values in outgoing:
            self.assertNotIn("ensam under natten", values["body"] + values["subject"])

    def test_stored_mails_of_a_case_readable_only_with_the_case(self):
        case = self.new_case(is_confidential=True, user_id=self.manager_conf.id)
        self.users["registrar_conf"].notification_type = "email"
        with self.mock_mail_gateway():
            self.post_to(case, self.users["registrar_conf"])
            self.env.flush_all()
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("model", "=", CASE), ("res_id", "=", case.id)])
            )
        self.assertTrue(mails)
        admin = self.users["admin"]
        admin.groups_id = [Command.link(self.env.ref("base.group_system").id)]
        Mail = self.env["mail.mail"].with_user(admin)
        self.assertFalse(Mail.search([("id", "in", mails.ids)]))
        self.assertFalse(
            Mail.search_read([("model", "=", CASE), ("res_id", "=", case.id)], ["body"])
        )
        with self.assertRaises(AccessError):
            mails.with_user(admin).read(["body"])
        # With confidential access the administrator reads them.
        admin.groups_id = [
            Command.link(self.env.ref("synpunkt_klagomal.group_confidential").id)
        ]
        self.assertTrue(
            self.env["mail.mail"].with_user(admin).search([("id", "in", mails.ids)])
        )

    def test_stage_mail_quoting_a_short_answer_of_a_confidential_case(self):
        stage = self.env.ref("synpunkt_klagomal.stage_in_progress")
        stage.mail_template_id = self.env["mail.template"].create(
            {
                "name": "Svar i stegmall",
                "model_id": self.env["ir.model"]._get_id(CASE),
                "subject": "Ditt ärende {{ object.name }}",
                "email_to": "{{ object.submitter_email }}",
                "body_html": "<p>Svar: <t t-out='object.answer'/> (<t "
                "t-out='object.submitter_city'/>)</p>",
            }
        )
        case = self.new_case(
            is_confidential=True,
            submitter_email="greta@example.com",
            feedback_method="email",
            submitter_city="Hemligby",
            answer="<p>Ja, beviljas.</p>",
        )
        with self.mock_mail_gateway():
            case.stage_id = stage
            stage.mail_template_id.send_mail(case.id)  # the same template sent by hand
            self.env.flush_all()
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", CASE), ("res_id", "=", case.id)])
        )
        self.assertTrue(mails)
        for mail in mails:
            texts = [mail.body_html or "", mail.subject or ""] + [
                values["body"] for values in mail._prepare_outgoing_list()
            ]
            for text in texts:
                self.assertNotIn("beviljas", text)
                self.assertNotIn("Hemligby", text)

    # ------------------------------------------------ second security review

    def test_formatting_does_not_hide_a_quote_of_a_confidential_case(self):
        quoting = self.env["mail.template"].create(
            {
                "name": "Formaterande mall",
                "model_id": self.env["ir.model"]._get_id(CASE),
                "subject": "Ärende {{ object.name }}",
                "email_to": "{{ object.submitter_email }}",
                "body_html": "<div t-out='object.answer'/><p "
                "t-out='object.description'/><p t-out=\"(object.submitter_name or "
                "'').upper()\"/>",
            }
        )
        case = self.new_case(
            is_confidential=True,
            submitter_email="maria@example.com",
            feedback_method="email",
            submitter_name="Maria Andersson",
            description="Min mamma blev illa behandlad av personal & ingen brydde sig "
            "om henne",
            answer="<p>Vi har <strong>pratat</strong> med personalen om det som "
            "hände.</p>",
        )
        with self.mock_mail_gateway():
            quoting.send_mail(case.id)
            self.env.flush_all()
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", CASE), ("res_id", "=", case.id)])
        )
        self.assertTrue(mails)
        for mail in mails:
            texts = [mail.body_html or "", mail.body or "", mail.subject or ""] + [
                values["body"] for values in mail._prepare_outgoing_list()
            ]
            for text in texts:
                for secret in (
                    "pratat",
                    "illa behandlad",
                    "MARIA ANDERSSON",
                    "Maria Andersson",
                ):
                    self.assertNotIn(secret, text)

    def test_stage_mail_never_sent_for_a_confidential_case(self):
        stage = self.env.ref("synpunkt_klagomal.stage_in_progress")
        stage.mail_template_id = self.env["mail.template"].create(
            {
                "name": "Harmlös stegmall",
                "model_id": self.env["ir.model"]._get_id(CASE),
                "subject": "Ditt ärende",
                "email_to": "{{ object.submitter_email }}",
                "body_html": "<p>Vi arbetar med ditt ärende.</p>",
            }
        )
        case = self.new_case(
            is_confidential=True,
            submitter_email="greta@example.com",
            feedback_method="email",
        )
        open_case = self.new_case(
            submitter_email="anna@example.com", feedback_method="email"
        )
        with self.mock_mail_gateway():
            (case | open_case).stage_id = stage
            self.env.flush_all()
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", CASE),
                    ("res_id", "=", case.id),
                    ("email_to", "ilike", "greta"),
                ]
            )
        )
        self.assertTrue(
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", CASE),
                    ("res_id", "=", open_case.id),
                    ("email_to", "ilike", "anna"),
                ]
            )
        )

    def test_refusal_names_no_case_the_user_cannot_read(self):
        unit = self.env["synpunkt.unit"].create(
            {
                "name": "Familjehem",
                "manager_id": self.own_manager.id,
                "member_ids": [Command.set(self.handler_conf.ids)],
            }
        )
        secret = self.new_case(
            unit=unit, is_confidential=True, user_id=self.handler_conf.id
        )
        admin = self.users["admin"]  # no confidential access; may manage users
        admin.groups_id = [Command.link(self.env.ref("base.group_erp_manager").id)]
        with self.assertRaises(UserError) as refusal:
            self.handler_conf.with_user(admin).sudo(False).write({"active": False})
        self.assertIn("Familjehem", str(refusal.exception))
        self.assertNotIn(secret.name, str(refusal.exception))

    def test_provider_notice_still_goes_to_the_provider(self):
        self.private_provider.partner_id = self.env["res.partner"].create(
            {
                "name": "Trygg Vård AB",
                "email": "kontakt@tryggvard.example",
                "is_company": True,
            }
        )
        case = self.new_case(unit=self.unit_private)
        with self.mock_mail_gateway():
            case.action_notify_provider()
            self.env.flush_all()
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("model", "=", CASE), ("res_id", "=", case.id)])
            )
            outgoing = [
                values for mail in mails for values in mail._prepare_outgoing_list()
            ]
        self.assertIn(
            self.private_provider.partner_id, [v["partner_id"] for v in outgoing]
        )
        self.assertNotIn("cancel", mails.mapped("state"))
