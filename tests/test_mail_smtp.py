"""E-mail through a real SMTP server (SPEC §6): a case sent with the web form
gets its acknowledgement, and a mail server that is down loses nothing.

The Odoo server of conftest.py sends to 127.0.0.1:<odoo_server.smtp_port>;
here an aiosmtpd sink listens there, or does not when it is "down"."""

import re
import time
from email import message_from_bytes, policy

import pytest
import requests

try:
    from aiosmtpd.controller import Controller
except ImportError:  # the failure says what is missing, it does not skip
    Controller = None

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REFERENCE_RE = re.compile(r"SK-\d{4}-\d{5}")


class Sink:
    """Collects what the SMTP server receives."""

    def __init__(self, controller_class, port):
        self.messages = []
        self.controller_class = controller_class
        self.port = port
        self.controller = None

    def start(self):
        self.controller = self.controller_class(
            self, hostname="127.0.0.1", port=self.port
        )
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                message_from_bytes(envelope.content, policy=policy.default),
            )
        )
        return "250 OK"

    def to(self, address):
        return [msg for rcpts, msg in self.messages if address in rcpts]


@pytest.fixture
def smtp_sink(odoo_server):
    assert (
        Controller is not None
    ), "aiosmtpd is missing: pip install -r requirements-test.txt"
    sink = Sink(Controller, odoo_server.smtp_port)
    sink.start()
    yield sink
    sink.stop()


def submit_case(base_url, email):
    session = requests.Session()
    form = session.get(base_url + "/synpunkter", timeout=60)
    assert form.status_code == 200, form.text[:500]
    token = CSRF_RE.search(form.text).group(1)
    response = session.post(
        base_url + "/synpunkter",
        timeout=60,
        data={
            "csrf_token": token,
            "kind": "complaint",
            "submitter_role": "relative",
            "description": "Hemtjänsten kom inte på morgonen i går.",
            "unit_id": "unknown",
            "feedback_method": "email",
            "submitter_email": email,
        },
    )
    assert response.status_code == 200, response.text[:500]
    reference = REFERENCE_RE.search(response.text)
    assert reference, "the receipt shows no reference"
    return reference.group(0)


def run_mail_queue(clients):
    clients["admin"].execute("mail.mail", "process_email_queue")


def requeue_cron(clients):
    ids = clients["admin"].execute(
        "ir.model.data",
        "search_read",
        [
            ("module", "=", "synpunkt_klagomal"),
            ("name", "=", "ir_cron_requeue_unsent_mail"),
        ],
        fields=["res_id"],
    )
    assert ids, "the requeue job is missing"
    return ids[0]["res_id"]


def wait_for(predicate, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_acknowledgement_reaches_the_person(base_url, clients, smtp_sink):
    address = "anna.ack@example.se"
    reference = submit_case(base_url, address)
    run_mail_queue(clients)
    assert wait_for(
        lambda: smtp_sink.to(address)
    ), "no acknowledgement in the SMTP sink"
    mail = smtp_sink.to(address)[0]
    assert reference in mail["Subject"]
    body = mail.get_body(preferencelist=("html", "plain")).get_content()
    assert reference in body
    assert "/synpunkter/status/" in body
    assert "Hemtjänsten kom inte" not in body, "the acknowledgement repeats no content"


def test_mail_server_down_loses_nothing(base_url, clients, odoo_server, smtp_sink):
    address = "anna.down@example.se"
    smtp_sink.stop()  # the mail server is down
    reference = submit_case(base_url, address)
    cases = clients["admin"].execute(
        "synpunkt.complaint",
        "search_read",
        [("name", "=", reference)],
        fields=["submitter_email"],
    )
    assert cases and cases[0]["submitter_email"] == address, "the case was not saved"
    run_mail_queue(clients)
    mails = clients["admin"].execute(
        "mail.mail",
        "search_read",
        [("model", "=", "synpunkt.complaint"), ("res_id", "=", cases[0]["id"])],
        fields=["state", "email_to"],
    )
    assert mails and all(m["state"] == "exception" for m in mails), mails
    assert not smtp_sink.to(address)

    smtp_sink.start()  # the server is back
    clients["admin"].execute(
        "ir.cron", "method_direct_trigger", [requeue_cron(clients)]
    )
    run_mail_queue(clients)
    assert wait_for(
        lambda: smtp_sink.to(address)
    ), "the queued acknowledgement never arrived"
    assert reference in smtp_sink.to(address)[0]["Subject"]
