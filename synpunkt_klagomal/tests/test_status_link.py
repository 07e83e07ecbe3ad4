"""The status link (the case's access_token) opens the status page and
nothing else (issue 15, items 1, 2 and 8): the generic chatter routes that
Odoo's portal and mail mixins open to a token or a signed link give nothing
to anyone who may not read the case, store nothing, and the token is not
readable by staff. The status page shows a confidential case's answer no
more than its mails do, and staff HTML reaches it strictly sanitized."""

import hashlib
import hmac
import json
import re

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.synpunkt_klagomal.tools.public_html import sanitize_public_html

from .common import SynpunktCase

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4096
STAFF_NOTE = "Personalens anteckning om Solgården"
ATTACHMENT_NAME = "journalkopia-berit.pdf"
ACTIVITY_SUMMARY = "Ring anhöriga om Lex Sarah"
FOLLOWER_EMAIL = "foljare.hemlig@example.com"
ANSWER = "Vi har bytt rutin för medicinering på Solgården."
SECRETS = (STAFF_NOTE, ATTACHMENT_NAME, ACTIVITY_SUMMARY, FOLLOWER_EMAIL, "Berit")


@tagged("post_install", "-at_install")
class TestStatusLinkRoutes(HttpCase):
    """Each token door, with the token of a confidential and of an open
    case, as a visitor who is not logged in, an internal user outside the
    module, a handler who lost the case and a handler of another company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, no_reset_password=True, tracking_disable=True)
        )
        company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Grannkommunen SL"})
        cls.reader = new_test_user(
            cls.env,
            login="sk_sl_reader",
            password="sk_sl_reader_pw",
            email=FOLLOWER_EMAIL,
            groups="synpunkt_klagomal.group_handler,synpunkt_klagomal.group_confidential",
        )
        cls.lost = new_test_user(
            cls.env,
            login="sk_sl_lost",
            password="sk_sl_lost_pw",
            groups="synpunkt_klagomal.group_handler,synpunkt_klagomal.group_confidential",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="sk_sl_outsider",
            password="sk_sl_outsider_pw",
            groups="base.group_user",
        )
        cls.foreign = new_test_user(
            cls.env,
            login="sk_sl_foreign",
            password="sk_sl_foreign_pw",
            groups="synpunkt_klagomal.group_manager,synpunkt_klagomal.group_confidential",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.unit = cls.env["synpunkt.unit"].create(
            {
                "name": "Solgården",
                "company_id": company.id,
                "member_ids": [Command.set((cls.reader | cls.lost).ids)],
            }
        )
        cls.cases = {}
        cls.lost_messages = {}
        for key, confidential in (("open", False), ("secret", True)):
            case = cls.env["synpunkt.complaint"].create(
                {
                    "kind": "complaint",
                    "submitter_role": "relative",
                    "channel": "web",
                    "description": "Min mamma Berit fick fel medicin.",
                    "unit_id": cls.unit.id,
                    "user_id": cls.reader.id,
                    "is_confidential": confidential,
                    "confidentiality_ground": "OSL 26 kap. 1 §"
                    if confidential
                    else False,
                    "company_id": company.id,
                }
            )
            case.message_subscribe(partner_ids=cls.reader.partner_id.ids)
            # The handler who lost the case wrote on it while they had it.
            cls.lost_messages[key] = case.with_user(cls.lost).message_post(
                body="Jag tar ärendet",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            case.message_post(
                body=STAFF_NOTE, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            cls.env["ir.attachment"].create(
                {
                    "name": ATTACHMENT_NAME,
                    "res_model": case._name,
                    "res_id": case.id,
                    "raw": b"%PDF-1.4 hemligt",
                    "mimetype": "application/pdf",
                }
            )
            case.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=ACTIVITY_SUMMARY,
                user_id=cls.reader.id,
            )
            cls.cases[key] = case
        # The handler loses access: moved out of the unit (which also ends
        # their following of its cases).
        cls.unit.member_ids = [Command.unlink(cls.lost.id)]
        cls.actors = {
            "public": None,
            "outsider": ("sk_sl_outsider", "sk_sl_outsider_pw"),
            "lost": ("sk_sl_lost", "sk_sl_lost_pw"),
            "foreign": ("sk_sl_foreign", "sk_sl_foreign_pw"),
        }

    # ---------------------------------------------------------------- helpers

    def as_actor(self, actor):
        login, password = self.actors[actor] or (None, None)
        self.authenticate(login, password)

    def json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            ),
            headers={"Content-Type": "application/json"},
        )
        return response

    def signed(self, case, pid):
        """The per-recipient signature portal would accept (hash, pid)."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        token = (self.env.cr.dbname, case.access_token, pid)
        return hmac.new(
            secret.encode(), repr(token).encode(), hashlib.sha256
        ).hexdigest()

    def keys(self, case):
        """The ways a link can carry a key to the case: its token, or a
        signature for the partner of a former handler."""
        pid = self.lost.partner_id.id
        return {
            "token": {"token": case.access_token},
            "hash": {"hash": self.signed(case, pid), "pid": pid},
        }

    def stored(self, case):
        self.env.invalidate_all()
        Message = self.env["mail.message"].sudo()
        messages = Message.search(
            [("model", "=", case._name), ("res_id", "=", case.id)]
        )
        return (
            len(messages),
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [
                    "|",
                    "&",
                    ("res_model", "=", case._name),
                    ("res_id", "=", case.id),
                    ("res_model", "=", "mail.compose.message"),
                ]
            ),
            self.env["mail.message.reaction"]
            .sudo()
            .search_count([("message_id", "in", messages.ids)]),
            tuple(messages.mapped("body")),
        )

    def assertNothingLeaks(self, response, case, route):
        text = response.text
        for secret in SECRETS:
            self.assertNotIn(secret, text, f"{route} leaks {secret!r}")
        self.assertNotIn(
            case.access_token,
            text.replace(f"/synpunkter/status/{case.access_token}", ""),
            f"{route} echoes the token",
        )

    def csrf_token(self):
        match = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open("/synpunkter").text
        )
        return match.group(1)

    # ------------------------------------------------------------------ tests

    def test_token_routes_give_nothing_and_store_nothing(self):
        for actor in self.actors:
            for key, case in self.cases.items():
                for kind, credentials in self.keys(case).items():
                    with self.subTest(actor=actor, case=key, key=kind):
                        self.as_actor(actor)
                        self._check_routes(case, self.lost_messages[key], credentials)

    def _check_routes(self, case, lost_message, credentials):
        before = self.stored(case)
        thread = {"thread_model": case._name, "thread_id": case.id}
        staff_message = case.message_ids.filtered(
            lambda m: STAFF_NOTE in (m.body or "")
        )

        response = self.json(
            "/mail/thread/data",
            dict(
                thread,
                request_list=[
                    "followers",
                    "attachments",
                    "activities",
                    "suggestedRecipients",
                    "scheduledMessages",
                ],
                **credentials,
            ),
        )
        self.assertNothingLeaks(response, case, "/mail/thread/data")
        self.assertNotIn('"hasReadAccess": true', json.dumps(response.json()))

        response = self.json("/portal/chatter_init", dict(thread, **credentials))
        self.assertIn("error", response.json())
        response = self.json("/mail/chatter_fetch", dict(thread, **credentials))
        self.assertNothingLeaks(response, case, "/mail/chatter_fetch")
        self.assertNotIn("Jag tar", response.text)

        response = self.json(
            "/mail/message/post",
            dict(
                thread,
                post_data={
                    "body": "Inskickat via länken",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                **credentials,
            ),
        )
        self.assertIn("error", response.json())
        self.assertNothingLeaks(response, case, "/mail/message/post")

        for message in staff_message | lost_message:
            response = self.json(
                "/mail/message/update_content",
                dict(
                    message_id=message.id,
                    body="Ändrat via länken",
                    attachment_ids=[],
                    **credentials,
                ),
            )
            self.assertIn("error", response.json())
            response = self.json(
                "/mail/message/reaction",
                dict(message_id=message.id, content="👍", action="add", **credentials),
            )
            self.assertIn("error", response.json())
            self.assertNothingLeaks(response, case, "/mail/message/reaction")

        response = self.url_open(
            "/mail/attachment/upload",
            data=dict(
                thread_id=case.id,
                thread_model=case._name,
                csrf_token=self.csrf_token(),
                **credentials,
            ),
            files={"ufile": ("program.exe", EXE, "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 404)

        avatar = f"/mail/avatar/mail.message/{staff_message.id}/author_avatar/50x50"
        if "token" in credentials:
            query = f"access_token={credentials['token']}"
        else:
            query = f"_hash={credentials['hash']}&pid={credentials['pid']}"
        placeholder = self.url_open(f"{avatar}?access_token=0000").content
        self.assertEqual(self.url_open(f"{avatar}?{query}").content, placeholder)

        if "token" in credentials:
            response = self.url_open(
                f"/mail/view?model={case._name}&res_id={case.id}&access_token={credentials['token']}",
                allow_redirects=False,
            )
            self.assertNotIn(credentials["token"], response.headers.get("Location", ""))

        self.assertEqual(
            self.stored(case), before, "nothing stored through a token route"
        )

    def test_logged_in_routes_without_token(self):
        """The routes for logged-in users take no token: without access to
        the case, they give nothing of it either."""
        for actor in ("outsider", "lost", "foreign"):
            for key, case in self.cases.items():
                with self.subTest(actor=actor, case=key):
                    self.as_actor(actor)
                    response = self.json(
                        "/mail/thread/messages",
                        {"thread_model": case._name, "thread_id": case.id},
                    )
                    self.assertNothingLeaks(response, case, "/mail/thread/messages")

    def test_reader_still_sees_the_chatter(self):
        """Control: a user who may read the case gets its chatter by the same routes."""
        self.authenticate("sk_sl_reader", "sk_sl_reader_pw")
        for key, case in self.cases.items():
            with self.subTest(case=key):
                response = self.json(
                    "/mail/thread/data",
                    {
                        "thread_model": case._name,
                        "thread_id": case.id,
                        "request_list": ["followers", "attachments", "activities"],
                    },
                )
                self.assertIn(ATTACHMENT_NAME, response.text)
                self.assertIn(ACTIVITY_SUMMARY, response.text)
                response = self.json(
                    "/mail/thread/messages",
                    {"thread_model": case._name, "thread_id": case.id},
                )
                self.assertIn(STAFF_NOTE, response.text)
                before = self.stored(case)[0]
                response = self.json(
                    "/mail/message/post",
                    {
                        "thread_model": case._name,
                        "thread_id": case.id,
                        "post_data": {
                            "body": "Handläggarens svar",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_note",
                        },
                    },
                )
                self.assertNotIn("error", response.json())
                self.assertEqual(self.stored(case)[0], before + 1)

    def test_status_page_still_opens(self):
        for key, case in self.cases.items():
            with self.subTest(case=key):
                self.authenticate(None, None)
                response = self.url_open(f"/synpunkter/status/{case.access_token}")
                self.assertEqual(response.status_code, 200)
                self.assertIn(case.name, response.text)
                self.assertNotIn(STAFF_NOTE, response.text)


@tagged("post_install", "-at_install")
class TestStatusPageAnswer(HttpCase):
    """Item 2 and 8: one rule for a confidential case's answer on the status
    page and in mails, and a strict sanitizer for staff HTML there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.answered = cls.env.ref("synpunkt_klagomal.stage_answered")

    def make_case(self, confidential=False, feedback="letter", answer=ANSWER):
        values = {
            "kind": "complaint",
            "submitter_role": "relative",
            "channel": "letter",
            "description": "Fel medicin.",
            "feedback_method": feedback,
            "submitter_street": "Storgatan 1",
            "submitter_phone": "070-1234567",
            "submitter_email": "anna@example.com",
            "answer": answer,
            "is_confidential": confidential,
        }
        if confidential:
            values["confidentiality_ground"] = "OSL 26 kap. 1 §"
        case = self.env["synpunkt.complaint"].create(values)
        case.stage_id = self.answered
        return case

    def status(self, case):
        response = self.url_open(f"/synpunkter/status/{case.access_token}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_confidential_answer_not_on_status_page(self):
        for feedback in ("letter", "phone", "none"):
            with self.subTest(feedback=feedback):
                case = self.make_case(confidential=True, feedback=feedback)
                page = self.status(case)
                self.assertNotIn("bytt rutin", page)
                self.assertIn(
                    'id="sk_answer_delivery"', page, "the page says the answer is given"
                )
                self.assertNotIn('id="sk_answer"', page)

    def test_case_made_confidential_after_answer(self):
        case = self.make_case()
        self.assertIn("bytt rutin", self.status(case))
        case.write(
            {"is_confidential": True, "confidentiality_ground": "OSL 26 kap. 1 §"}
        )
        self.assertNotIn("bytt rutin", self.status(case))

    def test_open_case_answer_still_shown(self):
        """Control: a non-confidential case's answer is on its status page."""
        case = self.make_case()
        page = self.status(case)
        self.assertIn(ANSWER, page)
        self.assertNotIn('id="sk_answer_delivery"', page)

    def test_same_rule_as_mail(self):
        """The rule is one model method: the page withholds exactly what
        the answer mail refuses."""
        for confidential in (False, True):
            case = self.make_case(
                confidential=confidential,
                feedback="email" if not confidential else "letter",
            )
            self.assertEqual(case._synpunkt_answer_may_leave(), not confidential)
            self.assertEqual(case._synpunkt_status_answer()["withheld"], confidential)
        secret = self.make_case(confidential=True)
        secret.write({"feedback_method": "email", "submitter_email": "a@example.com"})
        with self.assertRaises(UserError):
            secret.action_send_answer()

    def test_staff_html_strictly_sanitized(self):
        variants = {
            "style attribute": '<p style="position:fixed;top:0;left:0;'
            'width:100%;height:100%">Svar</p>',
            "overlay link": '<a href="https://evil.example" class="stretched-link" '
            'style="position:fixed;inset:0;z-index:9999">Svar</a>',
            "style element": "<style>body{display:none}</style><p>Svar</p>",
            "javascript url": '<a href="javascript:alert(1)">Svar</a>',
            "spaced javascript": '<a href=" java\tscript:alert(1)">Svar</a>',
            "onerror": '<img src="x" onerror="alert(1)"><p>Svar</p>',
            "data image": '<img src="data:image/png;base64,iVBORw0KGgo="><p>Svar</p>',
            "outside image": '<img src="https://tracker.example/pixel.png"><p>Svar</p>',
            "svg": '<svg onload="alert(1)"><a href="https://evil.example">'
            "<text>x</text></a></svg><p>Svar</p>",
            "form": '<form action="https://evil.example"><input name="pnr">'
            "<button>Skicka</button></form><p>Svar</p>",
            "iframe": '<iframe src="https://evil.example"></iframe><p>Svar</p>',
            "target": '<a href="https://ok.example" target="_blank" '
            'id="sk_reference">Svar</a>',
        }
        forbidden = (
            "style",
            "class=",
            'id="sk_reference"',
            "javascript",
            "onerror",
            "onload",
            "<img",
            "<svg",
            "<form",
            "<input",
            "<iframe",
            "data:",
            "target=",
            "tracker.example",
            "position",
            "z-index",
        )
        # Content of embedding elements goes with them (a link inside an svg too).
        gone_with_content = {"svg", "form", "iframe"}
        for name, html in variants.items():
            with self.subTest(variant=name):
                case = self.make_case(answer=html)
                page = self.status(case)
                section = page[
                    page.index('id="sk_answer"') : page.index(
                        "</section>", page.index('id="sk_answer"')
                    )
                ]
                self.assertIn("Svar", section)
                for needle in forbidden:
                    self.assertNotIn(needle, section, f"{name}: {needle}")
                if name in gone_with_content:
                    self.assertNotIn("evil.example", section)

    def test_sanitizer_keeps_text_and_safe_links(self):
        result = sanitize_public_html(
            "<p>Hej <strong>Anna</strong>, läs "
            '<a href="https://kommun.example/lex-sarah" target="_blank">här</a> '
            'eller skriv till <a href="mailto:sk@kommun.example">oss</a>.'
            "</p><ul><li>1 &lt; 2</li></ul>"
        )
        self.assertIn("<strong>Anna</strong>", result)
        self.assertIn('href="https://kommun.example/lex-sarah"', result)
        self.assertIn('rel="nofollow noopener noreferrer"', result)
        self.assertIn('href="mailto:sk@kommun.example"', result)
        self.assertIn("1 &lt; 2", result)
        self.assertNotIn("target", result)


@tagged("post_install", "-at_install")
class TestStatusToken(SynpunktCase, MockEmail):
    """Who reads the token, and what the case's links carry."""

    def test_staff_cannot_read_the_token(self):
        case = self.cases[("own", False)]
        for role in ("handler", "handler_conf", "registrar", "manager_conf", "admin"):
            user = self.users[role]
            user.groups_id |= self.env.ref("base.group_allow_export")
            Complaint = self.Complaint.with_user(user)
            mine = case.with_user(user)
            with self.subTest(role=role):
                mine.check_access("read")  # they may read the case itself
                with self.assertRaises(AccessError):
                    mine.read(["access_token"])
                with self.assertRaises(AccessError):
                    mine.read(["access_url"])
                with self.assertRaises(AccessError):
                    Complaint.read_group([], ["access_token:array_agg"], ["kind"])
                with self.assertRaises(AccessError):
                    Complaint.read_group([], ["__count"], ["access_token"])
                with self.assertRaises(AccessError):
                    Complaint.search_count(
                        [("access_token", "=like", case.access_token[:1] + "%")]
                    )
                with self.assertRaises(AccessError):
                    mine.export_data(["access_token"])
                self.assertNotIn("access_token", Complaint.fields_get())

    def test_links_carry_no_token(self):
        case = self.cases[("own", False)]
        url = case._get_share_url(
            redirect=True, pid=self.users["handler"].partner_id.id
        )
        self.assertNotIn(case.access_token, url)
        self.assertNotIn("hash", url)
        action = case._get_access_action(force_website=True)
        self.assertEqual(action["type"], "ir.actions.act_window")
        with self.assertRaises(AccessError):
            case._sign_token(self.users["handler"].partner_id.id)

    def test_notifications_carry_no_token(self):
        outsider = self.env["res.partner"].create(
            {"name": "Extern", "email": "ext@example.com"}
        )
        portal_user = new_test_user(
            self.env,
            login="sk_portal_sl",
            groups="base.group_portal",
            email="portal@example.com",
        )
        for conf in (False, True):
            case = self.cases[("own", conf)]
            with self.subTest(confidential=conf), self.mock_mail_gateway():
                case.message_post(
                    body="Ny information",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=(
                        outsider
                        | portal_user.partner_id
                        | self.users["handler_conf"].partner_id
                    ).ids,
                )
                self.assertTrue(self._mails)
                for mail in self._mails:
                    self.assertNotIn(case.access_token, mail["body"])
                    self.assertNotIn("/synpunkter/status/", mail["body"])

    def test_confidential_answer_not_in_a_stage_mail(self):
        """The mail path follows the same rule as the status page: a stage
        template quoting the answer sends a confidential case's answer
        nowhere (the mail becomes the notice); an open case's goes out."""
        stage = self.env.ref("synpunkt_klagomal.stage_answered")
        stage.mail_template_id = self.env.ref("synpunkt_klagomal.mail_template_answer")
        for confidential in (False, True):
            address = f"anna{int(confidential)}@example.com"
            case = self.create_case(
                unit=self.unit_own,
                is_confidential=confidential,
                submitter_email=address,
                feedback_method="email",
                answer=f"<p>{ANSWER}</p>",
            )
            with self.subTest(confidential=confidential), self.mock_mail_gateway():
                case.stage_id = stage
                mails = self._new_mails.filtered(
                    lambda m, address=address: m.email_to == address
                )
                if confidential:
                    # No stage mail for a confidential case; sent by hand, the notice.
                    self.assertFalse(mails)
                    stage.mail_template_id.send_mail(case.id)
                    mails = self._new_mails.filtered(
                        lambda m, address=address: m.email_to == address
                    )
                self.assertEqual(len(mails), 1)
                texts = [mails.body_html or "", mails.body or ""] + [
                    values["body"] for values in mails._prepare_outgoing_list()
                ]
                for text in texts:
                    if confidential:
                        self.assertNotIn("bytt rutin", text)
                    else:
                        self.assertIn("bytt rutin", text)
