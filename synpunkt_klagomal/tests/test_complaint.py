from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SynpunktCase


@tagged("post_install", "-at_install")
class TestAnonymousAndNoPartner(SynpunktCase):
    def test_anonymous_case_refuses_personal_data(self):
        anonymous_before = self.Complaint.search_count([("is_anonymous", "=", True)])
        for fname, value in (
            ("submitter_name", "Anna Andersson"),
            ("submitter_street", "Storgatan 1"),
            ("submitter_zip", "123 45"),
            ("submitter_city", "Exempelby"),
            ("submitter_phone", "070-1740600"),
            ("submitter_email", "anna@example.com"),
        ):
            with self.subTest(field=fname), self.assertRaises(ValidationError):
                self.create_case(
                    unit=self.unit_own, is_anonymous=True, **{fname: value}
                )
        self.assertEqual(
            self.Complaint.search_count([("is_anonymous", "=", True)]), anonymous_before
        )

    def test_anonymous_case_cannot_ask_for_feedback(self):
        with self.assertRaises(ValidationError):
            self.create_case(
                unit=self.unit_own, is_anonymous=True, feedback_method="letter"
            )

    def test_making_a_case_anonymous_needs_its_data_removed(self):
        case = self.create_case(unit=self.unit_own, submitter_name="Anna")
        with self.assertRaises(ValidationError):
            case.write({"is_anonymous": True})
        case.write({"is_anonymous": True, "submitter_name": False})
        self.assertTrue(case.is_anonymous)

    def test_anonymous_onchange_clears_personal_data(self):
        case = self.Complaint.new(
            {
                "submitter_name": "Anna",
                "submitter_email": "a@example.com",
                "feedback_method": "email",
            }
        )
        case.is_anonymous = True
        case._onchange_is_anonymous()
        self.assertFalse(case.submitter_name or case.submitter_email)
        self.assertEqual(case.feedback_method, "none")

    def test_feedback_method_needs_contact(self):
        with self.assertRaises(ValidationError):
            self.create_case(unit=self.unit_own, feedback_method="email")
        with self.assertRaises(ValidationError):
            self.create_case(unit=self.unit_own, feedback_method="phone")
        case = self.create_case(
            unit=self.unit_own,
            feedback_method="email",
            submitter_email="anna@example.com",
        )
        self.assertEqual(case.feedback_method, "email")

    def test_no_partner_created_for_submitter(self):
        partners_before = (
            self.env["res.partner"].with_context(active_test=False).search_count([])
        )
        case = self.create_case(
            unit=self.unit_own,
            submitter_name="Anna Andersson",
            submitter_email="anna.andersson@example.com",
            feedback_method="email",
        )
        case.message_post(
            body="Svar skickat", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            partners_before,
        )
        self.assertFalse(case._message_get_suggested_recipients())
        self.assertNotIn("submitter", " ".join(case._mail_get_partner_fields()))

    def test_submitter_never_follower(self):
        outsider = self.env["res.partner"].create(
            {"name": "Anna", "email": "anna@example.com"}
        )
        case = self.create_case(unit=self.unit_own)
        case.message_subscribe(partner_ids=(outsider | self.own_manager.partner_id).ids)
        self.assertNotIn(outsider, case.message_partner_ids)
        self.assertIn(self.own_manager.partner_id, case.message_partner_ids)


@tagged("post_install", "-at_install")
class TestRedirect(SynpunktCase):
    def test_redirect_closes_and_notifies_manager(self):
        case = self.create_case(unit=self.unit_own)
        wizard = self.env["synpunkt.redirect.wizard"].create(
            {
                "complaint_id": case.id,
                "redirect_reason": "lex_sarah",
                "redirect_note": "Anmäld till MAS enligt rutin.",
            }
        )
        wizard.action_redirect()
        self.assertTrue(case.stage_id.is_redirect)
        self.assertTrue(case.is_closed)
        self.assertTrue(case.closed_date)
        self.assertTrue(case.redirect_date)
        self.assertEqual(case.redirect_note, "Anmäld till MAS enligt rutin.")
        notice = case.message_ids.filtered(
            lambda m: (
                m.subtype_id
                == self.env.ref("synpunkt_klagomal.mt_complaint_redirected")
            )
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(self.own_manager.partner_id, notice.partner_ids)
        activity = case.activity_ids.filtered(lambda a: a.user_id == self.own_manager)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("synpunkt_klagomal.mail_activity_type_redirect"),
        )

    def test_redirect_notice_carries_no_content(self):
        case = self.create_case(
            unit=self.unit_own,
            is_confidential=True,
            description="Personal slog brukaren.",
            submitter_name="Bertil Hemlig",
        )
        case.write(
            {"redirect_reason": "staff_crime", "redirect_note": "Polisanmälan gjord"}
        )
        notice = case.message_ids.filtered(
            lambda m: (
                m.subtype_id
                == self.env.ref("synpunkt_klagomal.mt_complaint_redirected")
            )
        )
        for secret in ("slog", "Bertil", "Polisanmälan"):
            self.assertNotIn(secret, str(notice.body))
            self.assertNotIn(secret, case.activity_ids.summary or "")

    def test_redirect_without_unit_goes_to_head_of_administration(self):
        case = self.create_case()
        case.write({"redirect_reason": "authority_decision"})
        self.assertIn(self.head, case.activity_ids.user_id)

    def test_redirect_set_at_registration(self):
        case = self.create_case(
            unit=self.unit_other, redirect_reason="supervisory_authority"
        )
        self.assertTrue(case.stage_id.is_redirect)
        self.assertIn(self.other_manager, case.activity_ids.user_id)


@tagged("post_install", "-at_install")
class TestSequence(SynpunktCase):
    def test_reference_format_and_increment(self):
        first = self.create_case(unit=self.unit_own)
        second = self.create_case(unit=self.unit_own)
        self.assertRegex(first.name, r"^SK-\d{4}-\d{5}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)

    def test_reference_year_follows_stockholm_date(self):
        # 23:30 UTC on New Year's Eve is already 2027 in Stockholm.
        case = self.create_case(
            unit=self.unit_own, received_date=datetime(2026, 12, 31, 23, 30)
        )
        self.assertTrue(case.name.startswith("SK-2027-"), case.name)
        case = self.create_case(
            unit=self.unit_own, received_date=datetime(2026, 6, 1, 10, 0)
        )
        self.assertTrue(case.name.startswith("SK-2026-"), case.name)

    def test_references_of_a_batch(self):
        """One create of many cases (numbers drawn per year in one query,
        issue 12): each case in the series of its year, in the order given,
        without gaps, and the next single case follows on."""
        moments = [
            datetime(2026, 3, 1, 10, 0),
            datetime(2025, 5, 1, 10, 0),
            datetime(2026, 3, 2, 10, 0),
            datetime(2025, 5, 2, 10, 0),
            datetime(2026, 3, 3, 10, 0),
        ]
        cases = self.env["synpunkt.complaint"].create(
            [
                {
                    "kind": "complaint",
                    "submitter_role": "relative",
                    "channel": "phone",
                    "description": "Hemtjänsten kom inte på morgonen.",
                    "unit_id": self.unit_own.id,
                    "received_date": moment,
                }
                for moment in moments
            ]
        )
        for year in (2025, 2026):
            of_year = cases.filtered(lambda c, y=year: c.received_date.year == y)
            self.assertTrue(all(c.name.startswith(f"SK-{year}-") for c in of_year))
            numbers = [int(c.name[-5:]) for c in of_year]
            self.assertEqual(
                numbers, list(range(numbers[0], numbers[0] + len(numbers)))
            )
        last = self.create_case(
            unit=self.unit_own, received_date=datetime(2026, 3, 4, 10, 0)
        )
        self.assertEqual(int(last.name[-5:]), int(cases[-1].name[-5:]) + 1)

    def test_reference_not_copied_nor_writable_by_form(self):
        case = self.create_case(unit=self.unit_own)
        copy = case.copy()
        self.assertNotEqual(copy.name, case.name)


@tagged("post_install", "-at_install")
class TestRouting(SynpunktCase):
    def test_unit_manager_becomes_responsible(self):
        case = self.create_case(unit=self.unit_own)
        self.assertEqual(case.user_id, self.own_manager)

    def test_case_without_unit_waits_for_registrar(self):
        case = self.create_case()
        self.assertFalse(case.user_id)
        self.assertIn(
            case,
            self.Complaint.search([("unit_id", "=", False), ("is_closed", "=", False)]),
        )
        self.assertNotIn(
            case, self.Complaint.with_user(self.users["handler"]).search([])
        )
        self.assertIn(
            case, self.Complaint.with_user(self.users["registrar"]).search([])
        )

    def test_registrar_routes_and_it_is_tracked(self):
        case = self.create_case()
        # A record created in the same transaction is not tracked: commit point.
        self.env.flush_all()
        self.env.cr.flush()
        case.with_user(self.users["registrar"]).write({"unit_id": self.unit_other.id})
        self.assertEqual(case.user_id, self.other_manager)
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written when the cursor flushes
        case.invalidate_recordset(["message_ids"])
        tracked = case.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("unit_id", tracked)
        self.assertIn("user_id", tracked)

    def test_handler_cannot_move_case_to_other_unit(self):
        case = self.cases[("own", False)]
        with self.assertRaises(AccessError):
            case.with_user(self.users["handler"]).write({"unit_id": self.unit_other.id})

    def test_handler_hands_over_within_unit_only(self):
        case = self.cases[("own", False)].with_user(self.users["handler"])
        case.write({"user_id": self.users["handler_conf"].id})
        self.assertEqual(case.user_id, self.users["handler_conf"])
        with self.assertRaises(AccessError):
            case.write({"user_id": self.other_manager.id})

    def test_general_matter_goes_to_head_of_administration(self):
        case = self.create_case()
        case.with_user(self.users["registrar"]).action_send_to_head()
        self.assertTrue(case.is_general)
        self.assertEqual(case.user_id, self.head)

    def test_private_provider_shown_with_contract_owner(self):
        case = self.create_case(unit=self.unit_private)
        self.assertEqual(case.provider_id, self.private_provider)
        self.assertEqual(case.provider_type, "private")
        self.assertEqual(case.contract_owner_id, self.head)

    def test_sub_unit_cases_visible_to_parent_unit_members(self):
        case = self.create_case(unit=self.unit_own_child)
        self.assertIn(case, self.Complaint.with_user(self.users["handler"]).search([]))
        self.assertTrue(case.with_user(self.users["handler"]).is_my_unit)

    def test_membership_change_takes_effect_at_once(self):
        handler = self.users["handler"]
        Complaint = self.Complaint.with_user(handler)
        case = self.cases[("other", False)]
        self.assertNotIn(case, Complaint.search([]))
        self.unit_other.member_ids = [(4, handler.id)]
        self.assertIn(case, Complaint.search([]))
        self.unit_other.member_ids = [(3, handler.id)]
        self.assertNotIn(case, Complaint.search([]))


@tagged("post_install", "-at_install")
class TestStagesAndDeadlines(SynpunktCase):
    def test_closing_sets_closed_date_and_reopening_clears_it(self):
        case = self.create_case(unit=self.unit_own)
        case.stage_id = self.env.ref("synpunkt_klagomal.stage_closed")
        self.assertTrue(case.closed_date)
        self.assertTrue(case.response_date)
        case.stage_id = self.env.ref("synpunkt_klagomal.stage_in_progress")
        self.assertFalse(case.closed_date)

    @freeze_time("2026-11-23 09:00:00")
    def test_working_day_deadlines_skip_weekend(self):
        # Monday 23 November 2026: ten working days later is Monday 7 December.
        case = self.create_case(
            unit=self.unit_own,
            received_date=datetime(2026, 11, 23, 9, 0),
            feedback_method="phone",
            submitter_phone="070-1740600",
        )
        self.assertEqual(case.response_deadline, date(2026, 12, 7))
        self.assertEqual(case.ack_deadline, date(2026, 12, 7))
        self.assertEqual(case.next_deadline, date(2026, 12, 7))
        self.assertEqual(case.deadline_state, "on_time")

    @freeze_time("2026-11-23 09:00:00")
    def test_no_acknowledgement_deadline_without_feedback(self):
        case = self.create_case(
            unit=self.unit_own, received_date=datetime(2026, 11, 23, 9, 0)
        )
        self.assertFalse(case.ack_deadline)
        self.assertEqual(case.next_deadline, case.response_deadline)

    def test_deadline_state_refresh_job_moves_only_stale_cases(self):
        with freeze_time("2026-11-23 09:00:00"):
            case = self.create_case(
                unit=self.unit_own, received_date=datetime(2026, 11, 23, 9, 0)
            )
            fresh = self.create_case(
                unit=self.unit_own, received_date=datetime(2026, 11, 23, 9, 0)
            )
            fresh.response_date = date(2026, 11, 23)
            self.assertEqual(case.deadline_state, "on_time")
        with freeze_time("2026-12-08 09:00:00"):
            self.Complaint._cron_refresh_deadline_state()
            self.assertEqual(case.deadline_state, "overdue")
            self.assertEqual(fresh.deadline_state, "done")
