"""The citizens' web form in a real browser (Debian's Chromium driven by
Playwright) against the real Odoo server of conftest.py: a submission with
an attachment, the error state, keyboard-only use, and an axe-core audit
(WCAG 2.1 A and AA, lag (2018:1937)) of every page in its normal and error
states.

Chromium, Playwright and axe-core are installed by scripts/test.sh; when one
is missing these tests fail and say so, they never skip."""

import os
import re

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
AXE_JS = os.path.join(HERE, "node_modules", "axe-core", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RATE_LIMIT_PARAM = "synpunkt_klagomal.rate_limit_per_hour"
REFERENCE_RE = re.compile(r"^SK-\d{4}-\d{5}$")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture(scope="session")
def axe_source():
    if not os.path.isfile(AXE_JS):
        pytest.fail(
            f"axe-core is missing ({AXE_JS}). Install it with `npm ci` in tests/ "
            "(scripts/test.sh does that).",
            pytrace=False,
        )
    with open(AXE_JS, encoding="utf-8") as f:
        return f.read()


@pytest.fixture(scope="session")
def form_url(base_url, clients):
    """The form's address. The tests all come from 127.0.0.1: lift the
    per-client rate limit for the session, and put it back afterwards."""
    admin = clients["admin"]
    old = admin.execute("ir.config_parameter", "get_param", RATE_LIMIT_PARAM)
    admin.execute("ir.config_parameter", "set_param", RATE_LIMIT_PARAM, "1000")
    yield base_url + "/synpunkter"
    admin.execute("ir.config_parameter", "set_param", RATE_LIMIT_PARAM, old or False)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def audit(page, axe_source, what):
    """Run axe-core on the page; fail listing every violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: "
        "tags}})",
        AXE_TAGS,
    )
    problems = [
        "{} ({}): {}\n    {}".format(
            v["id"],
            v["impact"],
            v["help"],
            "\n    ".join(n["html"][:160] for n in v["nodes"][:5]),
        )
        for v in result["violations"]
    ]
    assert not problems, "axe-core violations on {}:\n{}".format(
        what, "\n".join(problems)
    )
    assert result["passes"], f"axe-core ran no check on {what}"


def fill_minimal(page, description="Hemtjänsten kom inte på morgonen."):
    page.check("#sk_kind_complaint")
    page.check("#sk_submitter_role_relative")
    page.fill("#sk_description", description)


def submit(page):
    with page.expect_navigation():
        page.click("form.sk-form button[type=submit]")


def case_row(odoo_server, reference):
    rows = odoo_server.db.query(
        "SELECT id, channel, kind, unit_id, submitter_email, feedback_method, "
        "access_token FROM synpunkt_complaint WHERE name = %s",
        [reference],
    )
    assert len(rows) == 1, f"case {reference} is stored once"
    return rows[0]


def test_form_is_swedish_by_default_with_english_link(page, form_url):
    page.goto(form_url)
    assert page.get_attribute("html", "lang") == "sv"
    with page.expect_navigation():
        page.click("a[hreflang=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Feedback and complaints"


def test_full_submission_with_attachment(page, form_url, odoo_server, tmp_path):
    attachment = tmp_path / "brev.pdf"
    attachment.write_bytes(PDF)
    page.goto(form_url)
    page.check("#sk_kind_opinion")
    page.check("#sk_submitter_role_service_user")
    page.fill("#sk_description", "Maten på Solgården är ofta kall.")
    page.select_option("#sk_unit_id", index=1)
    unit_id = int(page.input_value("#sk_unit_id"))
    page.fill("#sk_event_time", "vid lunch")
    page.set_input_files("#sk_attachments", str(attachment))
    page.fill("#sk_submitter_name", "Anna Andersson")
    page.fill("#sk_submitter_email", "anna@example.se")
    page.check("#sk_feedback_method_email")
    submit(page)

    reference = page.inner_text("#sk_reference").strip()
    assert REFERENCE_RE.match(reference), reference
    row = case_row(odoo_server, reference)
    assert (
        row["channel"],
        row["kind"],
        row["unit_id"],
        row["submitter_email"],
        row["feedback_method"],
    ) == ("web", "opinion", unit_id, "anna@example.se", "email")
    attachments = odoo_server.db.query(
        "SELECT name, mimetype FROM ir_attachment WHERE res_model = "
        "'synpunkt.complaint' AND res_id = %s",
        [row["id"]],
    )
    assert attachments == [{"name": "brev.pdf", "mimetype": "application/pdf"}]
    mails = odoo_server.db.query(
        "SELECT mail.email_to FROM mail_mail mail JOIN mail_message msg "
        "ON msg.id = mail.mail_message_id "
        "WHERE msg.model = 'synpunkt.complaint' AND msg.res_id = %s",
        [row["id"]],
    )
    assert mails == [{"email_to": "anna@example.se"}], "acknowledgement queued"
    partners = odoo_server.db.query(
        "SELECT count(*) AS n FROM res_partner WHERE email = 'anna@example.se'"
    )
    assert partners[0]["n"] == 0, "no res.partner for the person"

    status_link = page.get_attribute("#sk_status_link", "href")
    assert status_link == f"/synpunkter/status/{row['access_token']}"
    with page.expect_navigation():
        page.click("#sk_status_link")
    assert page.inner_text("#sk_reference").strip() == reference
    body = page.inner_text("body")
    assert "Solgården" not in body and "Anna Andersson" not in body


def test_error_state(page, form_url, odoo_server):
    before = odoo_server.db.query("SELECT count(*) AS n FROM synpunkt_complaint")[0][
        "n"
    ]
    page.goto(form_url)
    page.fill("#sk_description", "Min text ska finnas kvar.")
    page.fill("#sk_submitter_email", "inte-en-adress")
    submit(page)
    summary = page.locator("#sk_error_summary")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.id") == "sk_error_summary"
    assert summary.get_attribute("role") == "alert"
    links = summary.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {
        "#sk_kind_complaint",
        "#sk_submitter_role_service_user",
        "#sk_submitter_email",
    } <= set(hrefs), hrefs
    # Input kept, errors tied to their controls.
    assert page.input_value("#sk_description") == "Min text ska finnas kvar."
    assert page.input_value("#sk_submitter_email") == "inte-en-adress"
    email = page.locator("#sk_submitter_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "sk_submitter_email_error" in email.get_attribute("aria-describedby")
    # A summary link takes the focus to its field.
    page.click("#sk_error_summary a[href='#sk_submitter_email']")
    assert page.evaluate("() => document.activeElement.id") == "sk_submitter_email"
    after = odoo_server.db.query("SELECT count(*) AS n FROM synpunkt_complaint")[0]["n"]
    assert after == before, "nothing stored"


def test_keyboard_only(page, form_url, odoo_server):
    """Tab, Space, arrows and Enter only: no mouse, no script filling."""
    page.goto(form_url)
    typed = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return {tag: e.tagName, type: e.type || '', name: e.name || '', id: e.id,"
            " checked: !!e.checked}; }"
        )
        assert focused["name"] != "homepage", "the honeypot never gets the focus"
        name = focused["name"]
        if name == "kind" and "kind" not in typed:
            page.keyboard.press("ArrowDown")  # from the first option to the second
            typed.add("kind")
        elif name == "submitter_role" and "role" not in typed:
            page.keyboard.press("Space")
            typed.add("role")
        elif name == "description" and "description" not in typed:
            page.keyboard.type("Skrivet med bara tangentbordet.")
            typed.add("description")
        elif name == "unit_id" and "unit" not in typed:
            page.keyboard.press("ArrowDown")
            typed.add("unit")
        elif name == "submitter_phone" and "phone" not in typed:
            page.keyboard.type("070-123 45 67")
            typed.add("phone")
        elif name == "feedback_method" and "feedback" not in typed:
            page.keyboard.press("ArrowDown")  # none -> letter
            page.keyboard.press("ArrowDown")  # letter -> phone
            typed.add("feedback")
        elif focused["tag"] == "BUTTON" and focused["type"] == "submit":
            with page.expect_navigation():
                page.keyboard.press("Enter")
            break
    else:
        pytest.fail("Tab never reached the Send button")
    assert {"kind", "role", "description", "unit", "phone", "feedback"} <= typed, typed
    reference = page.inner_text("#sk_reference").strip()
    assert REFERENCE_RE.match(reference), page.inner_text("body")[:500]
    row = case_row(odoo_server, reference)
    assert row["kind"] == "opinion" and row["feedback_method"] == "phone"
    assert row["unit_id"], "a unit chosen with the arrow key"


def test_axe_form(page, form_url, axe_source):
    page.goto(form_url)
    audit(page, axe_source, "the form")
    page.goto(form_url + "?lang=en")
    audit(page, axe_source, "the form in English")


def test_axe_form_error_state(page, form_url, axe_source):
    page.goto(form_url)
    page.check("#sk_is_anonymous")
    page.fill("#sk_submitter_name", "Anonym men med namn")
    page.fill("#sk_event_date", "2099-01-01")
    submit(page)
    assert page.locator("#sk_error_summary").is_visible()
    audit(page, axe_source, "the form with errors")


def test_axe_receipt_and_status(page, form_url, axe_source, base_url):
    page.goto(form_url)
    fill_minimal(page)
    submit(page)
    assert page.locator("#sk_reference").is_visible()
    audit(page, axe_source, "the receipt")
    with page.expect_navigation():
        page.click("#sk_status_link")
    assert page.locator("#sk_stage").is_visible()
    audit(page, axe_source, "the status page")
    response = page.goto(
        base_url + "/synpunkter/status/00000000-0000-0000-0000-000000000000"
    )
    assert response.status == 404
    audit(page, axe_source, "the page of a wrong status link")
