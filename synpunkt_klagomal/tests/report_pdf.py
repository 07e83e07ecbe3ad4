"""Render this module's reports to real PDF in tests and read their text."""

import os
import shutil
import subprocess
import tempfile
from unittest.mock import patch

from odoo.addons.base.models import ir_actions_report

from .common import activate_swedish


class PdfReportMixin:
    """For an HttpCase: Odoo renders HTML instead of PDF in tests unless
    ``force_report_rendering`` is set; wkhtmltopdf fetches the report CSS
    from ``report.url``, which must be this test server. A missing tool is a
    failure saying what to install, never a skip."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The reports are read back in Swedish, the language they are printed in.
        activate_swedish(cls.env)

    def setUp(self):
        super().setUp()
        for tool, package in (
            ("wkhtmltopdf", "wkhtmltopdf"),
            ("pdftotext", "poppler-utils"),
        ):
            if not shutil.which(tool):
                self.fail(
                    f"{tool} is missing: install Debian's {package} "
                    f"(apt-get install {package}; scripts/test.sh does it)"
                )
        if ir_actions_report.wkhtmltopdf_state != "ok":
            self.fail(
                "Odoo did not find a working wkhtmltopdf when it started "
                f"(state {ir_actions_report.wkhtmltopdf_state}): install it and restart"
            )
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        if not os.environ.get("XDG_RUNTIME_DIR"):
            # Qt warns on every run without one (a logged WARNING per PDF).
            runtime = tempfile.mkdtemp(prefix="sk-xdg-")
            self.addCleanup(shutil.rmtree, runtime, ignore_errors=True)
            env_patch = patch.dict(os.environ, {"XDG_RUNTIME_DIR": runtime})
            env_patch.start()
            self.addCleanup(env_patch.stop)

    def render_pdf(self, report_ref, res_ids, user=None, data=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        Report = Report.with_context(force_report_rendering=True, lang="sv_SE")
        content, kind = Report._render_qweb_pdf(report_ref, res_ids, data=data)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "not a PDF")
        shots = os.environ.get("SK_REPORT_PDF_DIR")
        if shots:
            os.makedirs(shots, exist_ok=True)
            with open(
                os.path.join(shots, report_ref.split(".")[-1] + ".pdf"), "wb"
            ) as f:
                f.write(content)
        return content

    def pdf_text(self, content):
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        )
        return result.stdout.decode()
