"""Screenshots for the addon's description page (static/description/),
taken in a real browser (Debian's Chromium, Playwright) from the demo data
of the server of conftest.py: the board and a case form as the demo
manager (kvalitet), the citizens' web form and its error state; and the
first page of each report, downloaded as PDF over HTTP as kvalitet (Odoo's
report route, wkhtmltopdf), rendered by poppler's pdftoppm.

Each test asserts what its picture shows (the demo municipality, Swedish,
Stockholm time, the cases of the database) before it saves it; nothing
reads the committed pictures. conftest.py runs these tests first, before
the other tests add cases to the database.

    SK_SCREENSHOT_DIR  where the pictures go
                       (synpunkt_klagomal/static/description/)
"""

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
from datetime import date, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import requests
from odoo_server import REPO_ROOT, RpcClient

SHOT_DIR = os.environ.get("SK_SCREENSHOT_DIR") or os.path.join(
    REPO_ROOT, "synpunkt_klagomal", "static", "description"
)
DEMO_LOGO = os.path.join(
    REPO_ROOT, "synpunkt_klagomal", "static", "img", "exempelby_kommun_logo.png"
)
COMPANY = "Exempelby kommun – Socialförvaltningen"
TZ = ZoneInfo("Europe/Stockholm")
REFERENCE_RE = re.compile(r"SK-\d{4}-\d{5}")
# Wide enough for Odoo to put the chatter beside the form (from 1534 px).
BACKEND_VIEWPORT = {"width": 1600, "height": 900}
# Tall enough for the header, the introduction and the first questions.
FORM_VIEWPORT = {"width": 1280, "height": 1600}
BOARD_URL = "/odoo/action-synpunkt_klagomal.action_synpunkt_complaint"
# A demo case that is not confidential, in progress, with a unit and a handler.
FORM_CASE = "complaint_sabo_natt_bemotande"
FORM_CASE_HANDLER = "sabo.chef"
NOTE = (
    "Jag har pratat med nattpersonalen och bokat ett möte med pappan "
    "och dottern på torsdag."
)


def new_page(browser, viewport):
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport=viewport
    )
    page = context.new_page()
    # The first page of the web client builds its assets: slow once.
    page.set_default_timeout(180000)
    return page


def settle(page):
    """Wait until the images (avatars, logo) are in: "network idle" never
    comes, the web client keeps its bus connection open."""
    page.wait_for_function("() => [...document.images].every((i) => i.complete)")
    page.wait_for_timeout(300)  # the last layout and fade-ins


def save_shot(page, name):
    """Save the viewport as SHOT_DIR/name (see save_png)."""
    png = page.screenshot(animations="disabled", caret="hide")
    viewport = page.viewport_size
    save_png(png, name, (viewport["width"], viewport["height"]))


def save_png(png, name, size):
    """Save PNG bytes of ``size`` (width, height in px) as SHOT_DIR/name, as
    a 256-colour PNG (a third of the size, no visible loss for a user
    interface or a printout)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == size, (image.size, size)
    os.makedirs(SHOT_DIR, exist_ok=True)
    image.quantize(
        colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    ).save(os.path.join(SHOT_DIR, name), optimize=True)


def stage_names(odoo_server):
    """Stage names as the Swedish UI shows them, in board order."""
    return [
        r["name"]
        for r in odoo_server.db.query(
            "SELECT COALESCE(name->>'sv_SE', name->>'en_US') AS name "
            "FROM synpunkt_stage ORDER BY sequence, id"
        )
    ]


def assert_demo_company(odoo_server):
    rows = odoo_server.db.query("SELECT name FROM res_company ORDER BY id LIMIT 1")
    assert rows[0]["name"] == COMPANY, "the database has the demo data"


@pytest.fixture(scope="module")
def backend(browser, base_url, odoo_server):
    """The web client, logged in through the login page as the demo
    manager (all cases, secrecy permission), Swedish, in Stockholm."""
    assert_demo_company(odoo_server)
    page = new_page(browser, BACKEND_VIEWPORT)
    page.goto(base_url + "/web/login")
    page.fill("input[name=login]", "kvalitet")
    page.fill("input[name=password]", "kvalitet")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    page.wait_for_selector(".o_main_navbar")
    user = page.evaluate(
        "() => { const u = odoo.loader.modules.get('@web/core/user').user;"
        " return [u.context.lang, u.tz]; }"
    )
    assert user == ["sv_SE", "Europe/Stockholm"], user
    yield page
    page.context.close()


def test_board(backend, base_url, odoo_server):
    page = backend
    page.goto(base_url + BOARD_URL)
    page.wait_for_selector(".o_kanban_renderer .o_kanban_record")
    settle(page)
    columns = page.evaluate(
        """() => [...document.querySelectorAll('.o_kanban_group')].map(g => ({
            title: (g.querySelector('.o_column_title') || {}).innerText,
            cards: [...g.querySelectorAll('.o_kanban_record')].map(r => r.innerText),
        }))"""
    )
    navbar = page.text_content(".o_main_navbar")
    assert "Synpunkter och klagomål" in navbar and COMPANY in navbar, navbar
    assert "Ärenden" in page.inner_text(".o_control_panel")

    # The columns are the stages, in Swedish and in their order.
    stages = stage_names(odoo_server)
    titles = [c["title"].strip() for c in columns]
    assert titles[:3] == ["Ny", "Fördelat", "Under handläggning"], titles
    assert titles == [s for s in stages if s in titles], (titles, stages)
    # Every card is a case of the database, in the column of its stage.
    truth = {
        r["name"]: r["stage"]
        for r in odoo_server.db.query(
            "SELECT c.name, COALESCE(s.name->>'sv_SE', s.name->>'en_US') AS stage "
            "FROM synpunkt_complaint c JOIN synpunkt_stage s ON s.id = c.stage_id"
        )
    }
    shown = 0
    for column in columns:
        for card in column["cards"]:
            reference = REFERENCE_RE.search(card)
            assert reference, card
            assert truth[reference.group()] == column["title"].strip(), card
            shown += 1
    assert shown >= 15, f"the board shows the demo cases ({shown} cards)"
    save_shot(page, "board.png")


@pytest.fixture(scope="module")
def form_case(odoo_server, base_url):
    rows = odoo_server.db.query(
        "SELECT c.id, c.name, c.received_date, c.is_confidential, "
        "COALESCE(s.name->>'sv_SE', s.name->>'en_US') AS stage "
        "FROM ir_model_data d JOIN synpunkt_complaint c ON c.id = d.res_id "
        "JOIN synpunkt_stage s ON s.id = c.stage_id "
        "WHERE d.module = 'synpunkt_klagomal' AND d.name = %s",
        [FORM_CASE],
    )
    assert len(rows) == 1, f"demo case {FORM_CASE}"
    case = rows[0]
    assert not case["is_confidential"]
    # The demo cases' chatter holds only their creation: the handler adds a
    # note (once, should the database be reused).
    posted = odoo_server.db.query(
        "SELECT 1 FROM mail_message WHERE model = 'synpunkt.complaint' "
        "AND res_id = %s AND body LIKE %s",
        [case["id"], "%" + NOTE[:40] + "%"],
    )
    if not posted:
        handler = RpcClient(base_url, odoo_server.dbname, FORM_CASE_HANDLER)
        handler.execute(
            "synpunkt.complaint",
            "message_post",
            [case["id"]],
            body=NOTE,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
    return case


def test_case_form(backend, base_url, form_case):
    page = backend
    page.goto(f"{base_url}{BOARD_URL}/{form_case['id']}")
    note = page.locator(".o-mail-Message", has_text=NOTE[:40])
    note.wait_for()
    settle(page)
    assert page.inner_text(".o_form_view h1").strip() == form_case["name"]
    current = page.inner_text(".o_statusbar_status .o_arrow_button_current")
    assert current.strip() == form_case["stage"] == "Under handläggning"
    assert page.locator(".fa-lock").count() == 0, "not a confidential case"
    # The chatter beside the form, the handler's note in view.
    assert page.locator(".o-mail-Form-chatter.o-aside").is_visible()
    box = note.bounding_box()
    assert box and box["y"] + box["height"] <= BACKEND_VIEWPORT["height"], box
    assert "Birgitta Björk" in note.inner_text()
    # Received: stored in UTC, shown in Stockholm time in Swedish format.
    received = page.locator(".o_field_widget[name=received_date]")
    shown = (
        received.locator("input").input_value()
        if received.locator("input").count()
        else received.inner_text()
    ).strip()
    utc = form_case["received_date"].replace(tzinfo=timezone.utc)
    assert shown == utc.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S"), (
        shown,
        utc,
    )
    assert shown != utc.strftime("%Y-%m-%d %H:%M:%S"), "not UTC"
    save_shot(page, "case_form.png")


@pytest.fixture
def public_page(browser):
    page = new_page(browser, FORM_VIEWPORT)
    yield page
    page.context.close()


def assert_municipality_header(page, base_url, odoo_server):
    """The form's header: the demo municipality's own logo, and its name
    in plain sight beside it."""
    brand = page.locator("header .navbar-brand")
    assert brand.locator(".sk-company-name").is_visible()
    assert brand.inner_text().strip() == COMPANY
    logo = brand.locator("img")
    assert logo.get_attribute("title") == COMPANY
    assert logo.get_attribute("alt") == f"Logotyp för {COMPANY}"
    assert page.evaluate(
        "(img) => img.complete && img.naturalWidth > 0", logo.element_handle()
    ), "the logo is loaded"
    served = requests.get(base_url + logo.get_attribute("src"), timeout=30).content
    stored = odoo_server.db.query(
        "SELECT c.logo_web, a.checksum FROM res_company c JOIN ir_attachment a "
        "ON a.res_model = 'res.partner' AND a.res_id = c.partner_id "
        "AND a.res_field = 'image_1920' WHERE c.name = %s",
        [COMPANY],
    )
    assert served == base64.b64decode(bytes(stored[0]["logo_web"]))
    with open(DEMO_LOGO, "rb") as f:
        assert stored[0]["checksum"] == hashlib.sha1(f.read()).hexdigest()


def test_web_form(public_page, base_url, odoo_server):
    page = public_page
    assert_demo_company(odoo_server)
    page.goto(base_url + "/synpunkter")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.inner_text("h1").strip() == "Synpunkter och klagomål"
    assert_municipality_header(page, base_url, odoo_server)
    assert page.locator("#sk_error_summary").count() == 0
    assert page.get_by_text("Innan du skriver").is_visible()
    assert page.locator("#sk_description").is_visible()
    assert page.locator("#sk_description").bounding_box()["y"] < FORM_VIEWPORT["height"]
    save_shot(page, "web_form.png")


def test_web_form_error(public_page, base_url, odoo_server):
    page = public_page
    page.goto(base_url + "/synpunkter")
    page.fill("#sk_description", "Ingen svarar när jag ringer till hemtjänsten.")
    page.fill("#sk_submitter_email", "inte-en-adress")
    with page.expect_navigation():
        page.click("form.sk-form button[type=submit]")
    assert page.get_attribute("html", "lang") == "sv"
    assert_municipality_header(page, base_url, odoo_server)
    summary = page.locator("#sk_error_summary")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "Det finns ett problem" in text, text
    assert "Skriv e-postadressen i formen namn@exempel.se." in text, text
    assert "Välj vem du är." in text, text
    assert (
        page.inner_text("#sk_submitter_email_error")
        .strip()
        .endswith("Skriv e-postadressen i formen namn@exempel.se.")
    )
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= FORM_VIEWPORT["height"], box
    save_shot(page, "web_form_error.png")


# ------------------------------------------------------------------- reports

# A4 at 60 dpi: 496 x 702 px, the first page of a report, legible enough.
REPORT_DPI = 60
REPORT_SIZE = (496, 702)
# Demo cases: answered by letter (the printout and the letter), and another
# one answered, not confidential, for the copy released after review.
LETTER_CASE = "complaint_sabo_tvatt"
RELEASED_CASE = "complaint_sabo_kall_mat"


def demo_id(odoo_server, model, xmlid):
    rows = odoo_server.db.query(
        "SELECT res_id FROM ir_model_data WHERE module = 'synpunkt_klagomal' "
        "AND name = %s AND model = %s",
        [xmlid, model],
    )
    assert len(rows) == 1, f"demo record {xmlid}"
    return rows[0]["res_id"]


@pytest.fixture(scope="module")
def manager(base_url, odoo_server):
    """kvalitet over JSON-RPC and a web session: Swedish, Stockholm time,
    in the demo municipality."""
    for tool in ("pdftotext", "pdftoppm"):
        if not shutil.which(tool):
            pytest.fail(
                f"{tool} is missing: install Debian's poppler-utils", pytrace=False
            )
    assert_demo_company(odoo_server)
    # wkhtmltopdf fetches the report CSS from report.url: this server.
    RpcClient(base_url, odoo_server.dbname, "admin").execute(
        "ir.config_parameter", "set_param", "report.url", base_url
    )
    client = RpcClient(base_url, odoo_server.dbname, "kvalitet")
    user = client.execute(
        "res.users", "read", [client.uid], fields=["lang", "tz", "company_id"]
    )[0]
    assert (user["lang"], user["tz"]) == ("sv_SE", "Europe/Stockholm"), user
    assert user["company_id"][1] == COMPANY, user
    client.session = client.web_session()
    return client


def report_shot(manager, base_url, report, ids, name, tmp_path):
    """Download the PDF of ``report`` for ``ids`` as kvalitet, check that it
    is the demo municipality's and in Swedish, save its first page as
    SHOT_DIR/name; return the PDF's text (pages split by form feeds)."""
    response = manager.session.get(
        f"{base_url}/report/pdf/synpunkt_klagomal.{report}/"
        + ",".join(str(i) for i in ids),
        timeout=180,
    )
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    pdf = tmp_path / f"{report}.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    first_page = text.split("\f")[0]
    assert COMPANY in first_page, first_page[:1000]
    assert re.search(r"Sida 1 av \d", first_page), first_page[-500:]
    for english in ("YourCompany", "San Francisco", "Page 1 of"):
        assert english not in text, english
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(REPORT_DPI),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / report),
        ],
        check=True,
    )
    save_png((tmp_path / f"{report}.png").read_bytes(), name, REPORT_SIZE)
    return text


def test_report_summary(manager, base_url, tmp_path):
    # The last half-year or so, beside the one before: the demo cases came
    # in over the last eight months.
    today = date.today()
    wizard = manager.execute(
        "synpunkt.summary.wizard",
        "create",
        {
            "period": "custom",
            "date_from": (today - timedelta(days=181)).isoformat(),
            "date_to": today.isoformat(),
        },
    )
    text = report_shot(
        manager,
        base_url,
        "report_synpunkt_summary",
        [wizard],
        "action_report_summary.png",
        tmp_path,
    )
    assert "Sammanställning" in text or "sammanställning" in text, text[:1000]
    assert "jämfört med" in text, text[:1000]
    dates = f"{today - timedelta(days=181)} – {today}"
    assert text.count(dates) >= 1 and f"({dates})" not in text, text[:1000]
    received = re.search(r"Inkomna ärenden\s+(\d+)\s+(\d+)", text)
    assert received and int(received.group(1)) > 0 and int(received.group(2)) > 0, text[
        :2000
    ]


def test_report_complaint(manager, base_url, odoo_server, tmp_path):
    case = demo_id(odoo_server, "synpunkt.complaint", LETTER_CASE)
    name = manager.execute("synpunkt.complaint", "read", [case], fields=["name"])
    text = report_shot(
        manager,
        base_url,
        "report_synpunkt_complaint",
        [case],
        "action_report_complaint.png",
        tmp_path,
    )
    assert name[0]["name"] in text
    assert "Uppgiftslämnare" in text, text[:2000]


def test_report_answer_letter(manager, base_url, odoo_server, tmp_path):
    case = demo_id(odoo_server, "synpunkt.complaint", LETTER_CASE)
    text = report_shot(
        manager,
        base_url,
        "report_synpunkt_answer_letter",
        [case],
        "action_report_answer_letter.png",
        tmp_path,
    )
    # One closing, the letter's own (the demo answers carry none).
    assert len(re.findall(r"[Hh]älsning", text)) == 1, text


def test_report_complaint_redacted(manager, base_url, odoo_server, tmp_path):
    case = demo_id(odoo_server, "synpunkt.complaint", RELEASED_CASE)
    values = manager.execute(
        "synpunkt.complaint",
        "read",
        [case],
        fields=["is_confidential", "secrecy_review_decision", "submitter_name"],
    )[0]
    assert not values["is_confidential"]
    if values["secrecy_review_decision"] != "release":
        # The registrar's review, recorded as the manager (a registrar too).
        manager.execute(
            "synpunkt.complaint",
            "write",
            [case],
            {
                "secrecy_review_decision": "release",
                "secrecy_review_ground": "OSL 26 kap. 1 §",
            },
        )
    text = report_shot(
        manager,
        base_url,
        "report_synpunkt_complaint_redacted",
        [case],
        "action_report_complaint_redacted.png",
        tmp_path,
    )
    assert values["submitter_name"] not in text
    assert "maskerat" in text, text[:2000]


def test_report_paper_form(manager, base_url, tmp_path):
    company = manager.execute("res.users", "read", [manager.uid], ["company_id"])
    report_shot(
        manager,
        base_url,
        "report_synpunkt_paper_form",
        [company[0]["company_id"][0]],
        "action_report_paper_form.png",
        tmp_path,
    )


def test_report_register(manager, base_url, tmp_path):
    cases = manager.execute(
        "synpunkt.complaint", "search", [], order="received_date, id"
    )
    assert len(cases) >= 15, cases
    text = report_shot(
        manager,
        base_url,
        "report_synpunkt_register",
        cases,
        "action_report_register.png",
        tmp_path,
    )
    assert REFERENCE_RE.search(text), text[:1000]
