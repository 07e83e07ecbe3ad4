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
"""

import os

import pytest
from odoo_server import OdooServer, RpcClient, Unavailable

DEMO_LOGINS = ("admin", "registrator", "kvalitet", "hemtjanst.chef", "ifo.handlaggare")


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
