"""The escalation notice's template (data/mail_template_data.xml) now uses
plain field paths, which Odoo renders without compiling QWeb for each case
of an escalation run (issue 12). The template is noupdate data, so an update
does not rewrite it: reset it from the file here (with its translations),
but only if its body is still the one shipped before (an administrator's own
text is kept; it keeps working, only slower)."""

import logging
import re

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

OLD_MARKERS = (
    "ctx.get('deadline_label') or ''",
    "format_date(ctx.get('deadline_date'))",
    "Please see that the case is handled.",
)
OLD_TEXT = (
    "The deadline of case () has passed without being met. Unit: . "
    "Responsible handler: . Please see that the case is handled."
)


def _text(html):
    """The body's words without its markup, spaces normalised."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html or "")).strip()


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "synpunkt_klagomal.mail_template_escalation", raise_if_not_found=False
    )
    if not template:
        return
    body = template.with_context(lang="en_US").body_html or ""
    if all(marker in body for marker in OLD_MARKERS) and _text(body) == OLD_TEXT:
        template.reset_template()
        _logger.info("Escalation notice template reset to the shipped one")
    else:
        _logger.info("Escalation notice template edited here: kept as it is")
