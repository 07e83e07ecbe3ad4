"""The citizens' web form (SPEC §5): the routes of /synpunkter, its receipt,
and the status page of a case reached by its access token. No login, no
website module: plain QWeb pages on web.frontend_layout. What the form
accepts is checked in form_input.py."""

import logging
import re

from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.misc import format_date

from ..tools.swedish_time import swedish_date
from . import form_input
from .form_input import (
    ALLOWED_MIMETYPES,
    FORM_ORDER,
    HONEYPOT,
    MAX_FILE_SIZE,
    MAX_FILES,
    MAX_REQUEST_SIZE,
    UNKNOWN_UNIT,
)

_logger = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"^[0-9a-fA-F-]{16,64}$")
# Pages that show a case's reference or token must not be cached, indexed, or
# leak their address to other sites.
PRIVATE_HEADERS = [
    ("Cache-Control", "no-store, max-age=0"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Referrer-Policy", "no-referrer"),
]
FORM_HEADERS = [("Cache-Control", "no-store, max-age=0")]


class SynpunktWebForm(http.Controller):
    # ------------------------------------------------------------------ routes

    # csrf=False: the token is checked in _synpunkt_submit instead, so that a
    # form left open until the session expired comes back with the person's
    # text and a plain Swedish explanation, not Odoo's bare error page.
    @http.route(
        "/synpunkter",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        max_content_length=MAX_REQUEST_SIZE,
        csrf=False,
    )
    def synpunkt_form(self, **kwargs):
        self._synpunkt_set_lang(kwargs.get("lang"))
        if request.httprequest.method != "POST":
            return self._synpunkt_render_form({"feedback_method": "none"}, {})
        return self._synpunkt_submit()

    @http.route(
        "/synpunkter/status/<string:access_token>",
        type="http",
        auth="public",
        methods=["GET"],
    )
    def synpunkt_status(self, access_token, **kwargs):
        self._synpunkt_set_lang(kwargs.get("lang"))
        case = self._synpunkt_case_by_token(access_token)
        if not case:
            return request.render(
                "synpunkt_klagomal.synpunkt_web_not_found",
                self._synpunkt_page_values(_("Page not found")),
                status=404,
                headers=PRIVATE_HEADERS,
            )
        return request.render(
            "synpunkt_klagomal.synpunkt_web_status",
            dict(
                self._synpunkt_page_values(_("Status of case %s", case.name)),
                **self._synpunkt_status_values(case),
            ),
            headers=PRIVATE_HEADERS,
        )

    # -------------------------------------------------------------- submission

    def _synpunkt_submit(self):
        form = request.httprequest.form
        posted = {key: form.get(key, "") for key in form}
        repeated = [key for key in form if len(form.getlist(key)) > 1]
        if not request.validate_csrf(posted.get("csrf_token")):
            _logger.warning("Web form refused: CSRF token missing, expired or forged")
            return self._synpunkt_render_form(
                posted,
                {
                    "__form__": _(
                        "We could not accept the form: it had been open too long, or "
                        "it was sent from another page. Your answers are kept below: "
                        "check them and send again."
                    )
                },
                status=400,
                had_files=bool(request.httprequest.files),
            )
        if (
            not request.env["synpunkt.rate.limit"]
            .sudo()
            ._hit(request.httprequest.remote_addr)
        ):
            return request.render(
                "synpunkt_klagomal.synpunkt_web_throttled",
                self._synpunkt_page_values(_("Too many messages")),
                status=429,
                headers=FORM_HEADERS + [("Retry-After", "3600")],
            )
        if repeated:
            # A browser never sends a field of this form twice: tampered input.
            _logger.info("Web form refused: repeated parameters %s", repeated)
            return self._synpunkt_render_form(
                posted,
                {
                    "__form__": _(
                        "The form was sent in a way we cannot read. "
                        "Please check your answers and send it again."
                    )
                },
                status=400,
            )
        if posted.get(HONEYPOT):
            # Looks like success to the robot; nothing is stored.
            _logger.info("Web form: honeypot filled, submission dropped")
            return request.render(
                "synpunkt_klagomal.synpunkt_web_receipt",
                self._synpunkt_page_values(_("Thank you")),
                headers=PRIVATE_HEADERS,
            )
        company = request.env.company
        vals, files, errors = form_input.validate(
            request.env,
            posted,
            company,
            self._synpunkt_units(company),
            request.httprequest.files.getlist("attachments"),
        )
        if not errors:
            try:
                with request.env.cr.savepoint():
                    case = self._synpunkt_create_case(vals, files, company)
            except ValidationError as error:
                errors = {"__form__": error.args[0]}
        if errors:
            return self._synpunkt_render_form(posted, errors, had_files=bool(files))
        return request.render(
            "synpunkt_klagomal.synpunkt_web_receipt",
            dict(
                self._synpunkt_page_values(_("Thank you")),
                case=case,
                status_url=case.get_base_url() + case.access_url,
            ),
            headers=PRIVATE_HEADERS,
        )

    def _synpunkt_create_case(self, vals, files, company):
        """The case and its attachments, from values built above out of
        validated input only: sudo because the person is not logged in."""
        case = (
            request.env["synpunkt.complaint"]
            .sudo()
            .with_company(company)
            .with_context(mail_create_nosubscribe=True)
            .create(vals)
        )
        if files:
            request.env["ir.attachment"].sudo().create(
                [
                    dict(
                        file,
                        res_model=case._name,
                        res_id=case.id,
                        company_id=company.id,
                    )
                    for file in files
                ]
            )
        case._send_acknowledgement()  # case is sudo: created just above
        return case

    # --------------------------------------------------------------- rendering

    def _synpunkt_set_lang(self, requested):
        """Swedish by default when installed, else English; ``?lang=en``
        (or the portal's language selector) switches, remembered in the
        frontend_lang cookie Odoo's portal uses."""
        installed = self._synpunkt_languages()

        def nearest(code):
            if not code:
                return None
            if code in installed:
                return code
            short = code.split("_")[0].split("-")[0].lower()
            return next((c for c in installed if c.split("_")[0] == short), None)

        chosen = nearest(requested)
        lang = (
            chosen
            or nearest(request.cookies.get("frontend_lang"))
            or nearest("sv_SE")
            or nearest("en_US")
            or installed[0]
        )
        if chosen:
            request.future_response.set_cookie("frontend_lang", chosen, samesite="Lax")
        request.update_context(lang=lang)

    def _synpunkt_languages(self):
        """The installed languages, and English, the language of the source
        texts, which needs no translation to be shown (Odoo deactivates
        en_US when a database is created with another language)."""
        installed = [code for code, _name in request.env["res.lang"].get_installed()]
        return installed + ([] if "en_US" in installed else ["en_US"])

    def _synpunkt_page_values(self, title):
        lang = request.env.lang or "en_US"
        short = lang.split("_")[0]
        other = "en" if short == "sv" else "sv"
        if not any(code.startswith(other) for code in self._synpunkt_languages()):
            other = None
        return {
            "title": title,
            "html_data": {"lang": short},
            # The header's logo (synpunkt_frontend_layout).
            "logo_alt": _("Logo of %s", request.env.company.name),
            "other_lang": other,
            # Each in its own language, so not translated.
            "other_lang_label": "In English" if other == "en" else "På svenska",
            "no_copyright": True,
        }

    def _synpunkt_units(self, company):
        return (
            request.env["synpunkt.unit"]
            .sudo()
            .search([("company_id", "=", company.id), ("active", "=", True)])
        )

    def _synpunkt_render_form(self, posted, errors, status=200, had_files=False):
        company = request.env.company
        Complaint = request.env["synpunkt.complaint"]

        def options(fname):
            return Complaint._fields[fname]._description_selection(request.env)

        kinds, roles, methods = (
            options("kind"),
            options("submitter_role"),
            options("feedback_method"),
        )
        # Where each summary link leads: the field, or a radio group's first option.
        anchors = {fname: f"sk_{fname}" for fname in FORM_ORDER}
        for fname, choices in (
            ("kind", kinds),
            ("submitter_role", roles),
            ("feedback_method", methods),
        ):
            anchors[fname] = f"sk_{fname}_{choices[0][0]}"
        summary = [(fname, errors[fname]) for fname in FORM_ORDER if fname in errors]
        if "__form__" in errors:
            summary.insert(0, ("__form__", errors["__form__"]))
        values = dict(
            self._synpunkt_page_values(
                _("Error: Feedback and complaints")
                if errors
                else _("Feedback and complaints")
            ),
            posted=posted,
            errors=errors,
            error_summary=summary,
            had_files=had_files and bool(errors),
            units=self._synpunkt_units(company),
            unknown_unit=UNKNOWN_UNIT,
            anchors=anchors,
            kinds=kinds,
            roles=roles,
            feedback_methods=methods,
            max_files=MAX_FILES,
            max_file_mb=MAX_FILE_SIZE // (1024 * 1024),
            accept=",".join(sorted(ALLOWED_MIMETYPES))
            + ",.pdf,.jpg,.jpeg,.png,.txt,.docx,.odt",
            honeypot=HONEYPOT,
            company=company,
        )
        return request.render(
            "synpunkt_klagomal.synpunkt_web_form",
            values,
            status=status,
            headers=FORM_HEADERS,
        )

    # ------------------------------------------------------------- status page

    def _synpunkt_case_by_token(self, token):
        """The case whose token this is, or nothing; the answer is the same
        for a malformed token and for one that matches no case."""
        if not token or not TOKEN_RE.match(token):
            return None
        case = (
            request.env["synpunkt.complaint"]
            .sudo()
            .search([("access_token", "=", token)], limit=1)
        )
        if not case or not consteq(case.access_token or "", token):
            return None
        return case

    def _synpunkt_status_values(self, case):
        """Only what the person may see: never the handler, the description,
        notes or messages."""
        kinds = dict(case._fields["kind"]._description_selection(request.env))
        stage = case.stage_id.with_context(lang=request.env.lang)
        # What of the answer may show is the model's rule, the same as for its mails.
        answer = case._synpunkt_status_answer()
        return {
            "reference": case.name,
            "kind_label": kinds.get(case.kind, ""),
            "received": format_date(request.env, swedish_date(case.received_date)),
            "stage_label": stage.public_name or stage.name,
            "answer": answer["html"],
            "answer_withheld": answer["withheld"],
            "feedback_method": case.feedback_method,
            "answered_on": format_date(request.env, case.response_date)
            if case.response_date
            else "",
        }
