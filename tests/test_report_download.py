"""The committee's summary downloaded from a running Odoo, as the demo
manager (kvalitet): the PDF from Odoo's report route, rendered by
wkhtmltopdf, and the spreadsheet from the module's route, opened with
openpyxl."""

import io
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

LOGIN = "kvalitet"


@pytest.fixture(scope="module")
def wizard(odoo_server, clients):
    # wkhtmltopdf fetches the report CSS from report.url: this server, not
    # whatever answers on the default web.base.url.
    clients["admin"].execute(
        "ir.config_parameter", "set_param", "report.url", odoo_server.base_url
    )
    return clients[LOGIN].execute(
        "synpunkt.summary.wizard",
        "create",
        {
            "period": "custom",
            "date_from": "2000-01-01",
            "date_to": date.today().isoformat(),
        },
    )


def test_summary_pdf_download(base_url, clients, wizard):
    if not shutil.which("pdftotext"):
        pytest.fail(
            "pdftotext is missing: install Debian's poppler-utils", pytrace=False
        )
    session = clients[LOGIN].web_session()
    response = session.get(
        f"{base_url}/report/pdf/synpunkt_klagomal.report_synpunkt_summary/{wizard}",
        timeout=180,
    )
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    units = clients[LOGIN].execute(
        "synpunkt.unit", "search_read", [("parent_id", "=", False)], fields=["name"]
    )
    assert any(unit["name"] in text for unit in units), text[:1000]


def test_summary_xlsx_download(base_url, clients, wizard):
    client = clients[LOGIN]
    response = client.web_session().get(
        f"{base_url}/synpunkt_klagomal/summary/{wizard}/xlsx", timeout=120
    )
    assert response.status_code == 200, response.text[:500]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 10  # key figures, eight breakdowns, trend
    received = book[book.sheetnames[0]].cell(2, 2).value
    # kvalitet sees every case (manager with confidential access).
    assert received == client.execute("synpunkt.complaint", "search_count", [])
    # Another user cannot fetch kvalitet's wizard.
    other = (
        clients["hemtjanst.chef"]
        .web_session()
        .get(f"{base_url}/synpunkt_klagomal/summary/{wizard}/xlsx", timeout=60)
    )
    assert other.status_code != 200 or not other.content.startswith(b"PK")
