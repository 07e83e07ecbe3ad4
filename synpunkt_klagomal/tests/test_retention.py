import base64
import os
import uuid
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import html2plaintext

from .common import SynpunktCase

DECISION = "SN 2024/123 § 45"


@tagged("post_install", "-at_install")
class TestRetention(SynpunktCase):
    """SPEC §8, issue 11: the retention job removes the personal data of
    cases closed longer ago than the retention period, keeps the statistics,
    and logs what it did; holds, recent and open cases are left alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings_admin = new_test_user(
            cls.env,
            login="sk_settings_admin",
            name="Systemadministratör",
            groups="base.group_system,synpunkt_klagomal.group_admin",
        )
        cls.company.with_user(cls.settings_admin).write(
            {
                "synpunkt_retention_months": 24,
                "synpunkt_retention_decision": DECISION,
            }
        )
        cls.stage_closed = cls.env.ref("synpunkt_klagomal.stage_closed")
        cls.stage_new = cls.env.ref("synpunkt_klagomal.stage_new")

    def closed_case(self, days_ago=800, **values):
        vals = {
            "submitter_name": "Greta Persson",
            "submitter_street": "Storgatan 1",
            "submitter_zip": "123 45",
            "submitter_city": "Motala",
            "submitter_phone": "070-123 45 67",
            "submitter_email": "greta.persson@example.com",
            "feedback_method": "email",
            "description": "Greta Persson fick fel medicin av personalen på Solgården.",
            "suggestion": "Greta vill att rutinen ses över.",
            "answer": "<p>Hej Greta, vi har sett över rutinen.</p>",
            "ack_date": fields.Date.today() - timedelta(days=days_ago + 20),
            "response_date": fields.Date.today() - timedelta(days=days_ago + 5),
        }
        vals.update(values)
        case = self.create_case(
            unit=self.unit_own,
            received_date=fields.Datetime.now() - timedelta(days=days_ago + 30),
            **vals,
        )
        case.stage_id = self.stage_closed
        case.closed_date = fields.Datetime.now() - timedelta(days=days_ago)
        return case

    def attachment(self, res_model, res_id, name="brev.pdf"):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(f"Brev från Greta {uuid.uuid4()}".encode()),
                "res_model": res_model,
                "res_id": res_id,
            }
        )

    def test_closed_date_set_on_close_and_redirect_cleared_on_reopen(self):
        case = self.create_case(unit=self.unit_own)
        self.assertFalse(case.closed_date)
        case.stage_id = self.stage_closed
        self.assertTrue(case.closed_date)
        case.stage_id = self.stage_new
        self.assertFalse(case.closed_date, "reopening a case clears its closing date")
        redirected = self.create_case(unit=self.unit_own)
        redirected.redirect_reason = "lex_sarah"
        self.assertTrue(redirected.is_closed)
        self.assertTrue(redirected.closed_date, "a redirected case is closed")

    def test_removal_past_retention(self):
        case = self.closed_case(redirect_note="Anmäld enligt Lex Sarah av Gretas son.")
        measure = self.env["synpunkt.measure"].create(
            {
                "complaint_id": case.id,
                "name": "Ny rutin för läkemedel",
                "date_deadline": fields.Date.today() - timedelta(days=700),
                "note": "Gretas son ringde igen.",
            }
        )
        case_file = self.attachment(case._name, case.id)
        measure_file = self.attachment("synpunkt.measure", measure.id)
        message_file = self.attachment("mail.message", 0, "bild.png")
        full_path = case_file._full_path(case_file.store_fname)
        self.assertTrue(os.path.exists(full_path))
        mail_in = self.env["mail.message"].create(
            {
                "model": case._name,
                "res_id": case.id,
                "message_type": "email",
                "body": "<p>Jag heter Greta Persson och bor på Storgatan 1.</p>",
                "subject": "Klagomål från Greta Persson",
                "email_from": "greta.persson@example.com",
                "attachment_ids": [Command.link(message_file.id)],
            }
        )
        note = case.message_post(
            body="Ringde Greta Persson på 070-123 45 67.", subtype_xmlid="mail.mt_note"
        )
        self.env["mail.tracking.value"].create(
            {
                "mail_message_id": note.id,
                "field_id": self.env["ir.model.fields"]
                ._get(case._name, "submitter_name")
                .id,
                "old_value_char": "Greta P",
                "new_value_char": "Greta Persson",
            }
        )
        mail = self.env["mail.mail"].create(
            {
                "model": case._name,
                "res_id": case.id,
                "subject": "Svar till Greta",
                "body_html": "<p>Hej Greta</p>",
                "email_to": "greta.persson@example.com",
            }
        )
        case.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Ring Greta",
            user_id=self.own_manager.id,
        )

        done = self.Complaint._cron_retention()

        self.assertEqual(done, 1)
        case.invalidate_recordset()
        for fname in (
            "submitter_name",
            "submitter_street",
            "submitter_zip",
            "submitter_city",
            "submitter_phone",
            "submitter_email",
        ):
            self.assertFalse(case[fname], fname)
        for fname in ("description", "suggestion", "redirect_note", "answer"):
            self.assertIn(DECISION, case[fname], fname)
            self.assertNotIn("Greta", case[fname], fname)
        self.assertTrue(case.retention_date)
        # Statistics kept.
        self.assertEqual(case.kind, "complaint")
        self.assertEqual(case.unit_id, self.unit_own)
        self.assertEqual(case.stage_id, self.stage_closed)
        self.assertTrue(case.response_date and case.ack_date)
        self.assertEqual(measure.name, "Ny rutin för läkemedel")
        self.assertTrue(measure.date_deadline)
        self.assertFalse(measure.note)
        # Attachments gone, also their files after Odoo's garbage collection.
        self.assertFalse((case_file | measure_file | message_file).sudo().exists())
        self.env["ir.attachment"]._gc_file_store_unsafe()
        self.assertFalse(os.path.exists(full_path))
        # Messages emptied (read back with sudo), personal tracking values and
        # mails gone.
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", case._name), ("res_id", "=", case.id)])
        )
        for message in messages - messages.sorted("id")[-1]:
            self.assertFalse(html2plaintext(message.body or "").strip())
            self.assertFalse(message.subject)
        for message in messages:
            self.assertNotIn("Greta", message.body or "")
        self.assertFalse(mail_in.sudo().email_from)
        self.assertFalse(
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "in", messages.ids),
                    ("field_id.name", "=", "submitter_name"),
                ]
            )
        )
        self.assertFalse(mail.exists())
        self.assertFalse(case.activity_ids)
        # The chatter says so, and the log has one entry per run and per case.
        self.assertIn(DECISION, messages.sorted("id")[-1].body)
        log = (
            self.env["synpunkt.retention.log"]
            .sudo()
            .search([("complaint_id", "=", case.id)])
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.reference, case.name)
        self.assertEqual(log.decision, DECISION)
        self.assertEqual(log.configured_by_id, self.settings_admin)
        self.assertEqual(log.attachment_count, 3)
        self.assertEqual(log.mail_count, 1)
        self.assertTrue(log.removed)
        self.assertEqual(log.run_id.log_type, "run")
        self.assertEqual(log.run_id.case_count, 1)

    def test_held_recent_open_and_undecided_untouched(self):
        held = self.closed_case()
        held.with_user(self.users["manager"]).write(
            {
                "retention_hold": True,
                "retention_hold_reason": "Överklagande pågår",
            }
        )
        recent = self.closed_case(days_ago=300)
        still_open = self.create_case(unit=self.unit_own, submitter_name="Öppen Person")
        # Even a stale closing date on an open case does not make it due.
        still_open.closed_date = fields.Datetime.now() - timedelta(days=1000)
        due = self.closed_case()
        self.assertEqual(self.Complaint._cron_retention(), 1)
        self.assertTrue(due.retention_date)
        for case in (held, recent, still_open):
            self.assertFalse(case.retention_date)
            self.assertTrue(case.submitter_name)
        # No decision, nothing removed.
        other = self.closed_case()
        self.company.synpunkt_retention_decision = False
        self.assertEqual(self.Complaint._cron_retention(), 0)
        self.assertEqual(other.submitter_name, "Greta Persson")

    def test_second_run_does_nothing_and_batches(self):
        cases = self.closed_case() | self.closed_case() | self.closed_case()
        self.assertEqual(self.Complaint._cron_retention(batch_size=2), 3)
        Log = self.env["synpunkt.retention.log"].sudo()
        self.assertEqual(
            Log.search_count(
                [("log_type", "=", "case"), ("complaint_id", "in", cases.ids)]
            ),
            3,
        )
        run = Log.search([("complaint_id", "in", cases.ids)]).run_id
        self.assertEqual(len(run), 1)
        self.assertEqual(run.case_count, 3)
        log_count = Log.search_count([])
        stamps = cases.mapped("retention_date")
        self.assertEqual(self.Complaint._cron_retention(), 0)
        self.assertEqual(Log.search_count([]), log_count)
        self.assertEqual(cases.mapped("retention_date"), stamps)

    def test_statistics_identical(self):
        for days, kind, channel in (
            (800, "complaint", "phone"),
            (900, "praise", "web"),
            (1000, "opinion", "web"),
            (100, "complaint", "email"),
        ):
            self.closed_case(days_ago=days, kind=kind, channel=channel)

        def figures():
            self.env.invalidate_all()
            Cases = self.Complaint.sudo()
            return [
                sorted(Cases._read_group([], [groupby], ["__count"]), key=str)
                for groupby in (
                    "kind",
                    "unit_id",
                    "channel",
                    "provider_id",
                    "category_id",
                    "submitter_role",
                    "ack_in_time",
                    "response_in_time",
                    "redirect_reason",
                )
            ] + [
                sorted(
                    self.env["synpunkt.measure"]
                    .sudo()
                    ._read_group([], ["unit_id"], ["__count"]),
                    key=str,
                )
            ]

        before = figures()
        self.assertEqual(self.Complaint._cron_retention(), 3)
        self.assertEqual(figures(), before)

    def test_log_access(self):
        self.closed_case()
        self.closed_case(is_confidential=True, confidentiality_ground="OSL 26 kap. 1 §")
        self.Complaint._cron_retention()
        Log = self.env["synpunkt.retention.log"]
        entries = Log.sudo().search([])
        for role in ("handler", "handler_conf", "registrar", "registrar_conf"):
            with self.assertRaises(AccessError, msg=role):
                Log.with_user(self.users[role]).search([])
            with self.assertRaises(AccessError, msg=role):
                entries.with_user(self.users[role]).read(["reference"])
        self.assertEqual(
            len(
                Log.with_user(self.users["manager_conf"]).search(
                    [("log_type", "=", "case")]
                )
            ),
            2,
        )
        # A manager without confidential access does not learn the confidential case's
        # reference.
        seen = Log.with_user(self.users["manager"]).search([("log_type", "=", "case")])
        self.assertEqual(seen.mapped("is_confidential"), [False])
        for role in ("manager", "manager_conf", "admin"):
            user = self.users[role]
            with self.assertRaises(AccessError, msg=role):
                entries.with_user(user).write({"decision": "ändrat"})
            with self.assertRaises(AccessError, msg=role):
                entries.with_user(user).unlink()
            with self.assertRaises(AccessError, msg=role):
                Log.with_user(user).create(
                    {"log_type": "run", "company_id": self.company.id}
                )
        with self.assertRaises(AccessError):
            entries.with_user(self.settings_admin).unlink()
        # Exportable, for those who may read it (and may export).
        self.users["manager_conf"].groups_id += self.env.ref("base.group_allow_export")
        rows = entries.with_user(self.users["manager_conf"]).export_data(
            ["reference", "decision", "removed"]
        )
        self.assertEqual(len(rows["datas"]), len(entries))

    def test_hold_only_managers(self):
        case = self.closed_case()
        for role in ("handler", "registrar"):
            with self.assertRaises(AccessError, msg=role):
                case.with_user(self.users[role]).write(
                    {
                        "retention_hold": True,
                        "retention_hold_reason": "Begäran om handling",
                    }
                )
        with self.assertRaises(ValidationError):
            case.with_user(self.users["manager"]).write({"retention_hold": True})
        case.with_user(self.users["manager"]).write(
            {
                "retention_hold": True,
                "retention_hold_reason": "Begäran om handling",
                "retention_hold_user_id": self.users["handler"].id,
            }
        )
        self.assertEqual(
            case.retention_hold_user_id, self.users["manager"], "the server stamps who"
        )
        self.assertTrue(case.retention_hold_date)
        self.env.cr.precommit.run()  # tracking is written at commit
        tracked = case.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "retention_hold"
        )
        self.assertTrue(tracked, "setting a hold is in the chatter")
        with self.assertRaises(AccessError):
            case.with_user(self.users["registrar"]).write({"retention_hold": False})
        case.with_user(self.users["manager"]).write({"retention_hold": False})
        self.assertFalse(case.retention_hold_user_id)
        self.assertEqual(self.Complaint._cron_retention(), 1)

    def test_settings_record_who_configured(self):
        self.assertEqual(self.company.synpunkt_retention_user_id, self.settings_admin)
        with self.assertRaises(ValidationError):
            self.company.synpunkt_retention_months = 0
