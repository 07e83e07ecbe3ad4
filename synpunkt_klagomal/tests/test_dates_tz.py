"""Dates in mails, the printout and the dates the module stores are Swedish
dates, whatever the server's, the user's or the recipient's time zone
(issue 16 item 2): the day boundary, summer time (UTC+2) and the days the
clocks change."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.mail.tests.common import MockEmail

from .common import SynpunktCase

# (moment in UTC, its date in Stockholm, the wrong UTC date)
MOMENTS = [
    (
        datetime(2026, 12, 31, 23, 30),
        date(2027, 1, 1),
        date(2026, 12, 31),
    ),  # winter, UTC+1
    (
        datetime(2026, 7, 14, 22, 30),
        date(2026, 7, 15),
        date(2026, 7, 14),
    ),  # summer, UTC+2
    (
        datetime(2026, 3, 28, 23, 30),
        date(2026, 3, 29),
        date(2026, 3, 28),
    ),  # night summer time begins
    (
        datetime(2026, 3, 29, 22, 30),
        date(2026, 3, 30),
        date(2026, 3, 29),
    ),  # first summer night
    (
        datetime(2026, 10, 24, 22, 30),
        date(2026, 10, 25),
        date(2026, 10, 24),
    ),  # night summer time ends
    (
        datetime(2026, 10, 25, 23, 30),
        date(2026, 10, 26),
        date(2026, 10, 25),
    ),  # first winter night
]
TEMPLATES = ("acknowledgement", "delay_notice", "answer", "provider_notice")


@tagged("post_install", "-at_install")
class TestSwedishDates(SynpunktCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.private_provider.partner_id = cls.env["res.partner"].create(
            {
                "name": "Trygg Vård AB",
                "email": "kontakt@tryggvard.example",
                "is_company": True,
            }
        )
        # A user far from Stockholm, in a UTC session: neither may decide the date.
        cls.registrar = cls.users["registrar_conf"]
        cls.registrar.tz = "Pacific/Honolulu"

    def case_at(self, moment):
        return self.create_case(
            unit=self.unit_private,
            received_date=moment,
            submitter_email="anna@example.com",
            feedback_method="email",
            answer="<p>Svar</p>",
        )

    def test_mails_show_the_swedish_date_of_receipt(self):
        for moment, swedish, wrong in MOMENTS:
            case = self.case_at(moment)
            for name in TEMPLATES:
                with self.subTest(moment=moment, template=name):
                    template = self.env.ref(f"synpunkt_klagomal.mail_template_{name}")
                    lang = template._render_lang([case.id])[case.id]
                    with self.mock_mail_gateway():
                        template.with_user(self.registrar).with_context(
                            tz="UTC"
                        ).send_mail(case.id)
                    mail = self._new_mails.filtered(
                        lambda m, case=case: m.res_id == case.id
                    )
                    self.assertEqual(len(mail), 1)
                    self.assertIn(
                        format_date(self.env, swedish, lang_code=lang), mail.body_html
                    )
                    self.assertNotIn(
                        format_date(self.env, wrong, lang_code=lang), mail.body_html
                    )

    def test_printout_shows_the_swedish_time(self):
        for moment, swedish, wrong in MOMENTS[:2]:
            with self.subTest(moment=moment):
                case = self.case_at(moment)
                report = (
                    self.env["ir.actions.report"]
                    .with_user(self.registrar)
                    .with_context(tz="UTC", lang="en_US")
                )
                html = report._render_qweb_html(
                    "synpunkt_klagomal.report_synpunkt_complaint", case.ids
                )[0].decode()
                self.assertIn(format_date(self.env, swedish, lang_code="en_US"), html)
                self.assertNotIn(format_date(self.env, wrong, lang_code="en_US"), html)

    def test_dates_stored_by_the_module_are_swedish(self):
        for moment, swedish, _wrong in MOMENTS:
            with self.subTest(moment=moment), freeze_time(moment):
                case = self.case_at(moment)
                as_registrar = case.with_user(self.registrar).with_context(tz="UTC")
                as_registrar.action_mark_acknowledged()
                as_registrar.action_send_answer()
                self.assertEqual(case.ack_date, swedish)
                self.assertEqual(case.response_date, swedish)
                self.assertEqual(
                    case.response_deadline,
                    case.company_id._synpunkt_add_days(
                        [swedish], case.company_id.synpunkt_response_days
                    )[swedish],
                )
