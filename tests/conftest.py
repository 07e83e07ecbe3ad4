"""Fixtures of the out-of-process test suite.

`odoo_server` installs synpunkt_klagomal with its demo data in a fresh
database, serves it with a real Odoo process on a free localhost port, and
drops everything at the end. Missing Odoo or PostgreSQL is a failure, not a
skip: a green run must mean the tests ran.

    SK_PYTEST_DB           database name (sk_pytest_<pid>); scripts/test.sh sets it
    SK_LOG_DIR             keep the install and server logs there (default: a tmp dir)
    SK_PYTEST_EXISTING_DB  serve this database as it is, installing and dropping
                           nothing (a quick local rerun; its data dir must be
                           SK_PYTEST_DATA_DIR)
    SK_CHROMIUM            the browser of the browser tests (/usr/bin/chromium)
"""

import os

import pytest
from odoo_server import OdooServer, RpcClient, Unavailable

DEMO_LOGINS = ("admin", "registrator", "kvalitet", "hemtjanst.chef", "ifo.handlaggare")
CHROMIUM = os.environ.get("SK_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    """The screenshots first: they show the demo data as installed, before
    the other tests add cases, notes and mail to the shared database."""
    items.sort(key=lambda item: item.path.name != "test_screenshots.py")


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("odoo"))
    existing = os.environ.get("SK_PYTEST_EXISTING_DB")
    dbname = existing or os.environ.get("SK_PYTEST_DB") or f"sk_pytest_{os.getpid()}"
    server = OdooServer(
        dbname,
        workdir,
        log_dir=os.environ.get("SK_LOG_DIR"),
        data_dir=os.environ.get("SK_PYTEST_DATA_DIR") if existing else None,
    )
    try:
        server.check()
    except Unavailable as exc:
        pytest.fail(f"Cannot run the server tests: {exc}", pytrace=False)
    try:
        if not existing:
            server.install()
        server.start()
    except Exception as exc:
        server.stop()
        if not existing:
            server.db.drop()
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()
        if not existing:
            server.db.drop()


@pytest.fixture(scope="session")
def base_url(odoo_server):
    return odoo_server.base_url


@pytest.fixture(scope="session")
def clients(odoo_server):
    """A logged-in JSON-RPC client per demo login (password = login)."""
    return {
        login: RpcClient(odoo_server.base_url, odoo_server.dbname, login)
        for login in DEMO_LOGINS
    }


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(
            f"Playwright for Python is missing ({exc}): pip install -r "
            "requirements-test.txt (scripts/test.sh does that).",
            pytrace=False,
        )
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}): apt-get install chromium "
            "(scripts/test.sh does that). Never `playwright install`.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()
