"""The citizens' web form (SPEC §5): /synpunkter, its receipt, and the
status page of a case reached by its access token. No login, no website
module: plain QWeb pages on web.frontend_layout."""
import logging
import os
import re
from datetime import date

from odoo import _, fields, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import consteq, email_normalize
from odoo.tools.misc import format_date
from odoo.tools.mimetypes import guess_mimetype

from ..tools.swedish_time import swedish_date

_logger = logging.getLogger(__name__)

# Attachments: documented in README.rst and readme/USAGE.md. The request may
# carry all files plus the text fields; werkzeug refuses anything larger (413).
MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_REQUEST_SIZE = MAX_FILES * MAX_FILE_SIZE + 1024 * 1024
# Checked on the content (guess_mimetype), never on the file name.
ALLOWED_MIMETYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
}
TEXT_FIELDS = {
    # field: (maximum length, required)
    "description": (20000, True),
    "suggestion": (10000, False),
    "event_time": (50, False),
    "submitter_name": (200, False),
    "submitter_street": (200, False),
    "submitter_zip": (20, False),
    "submitter_city": (100, False),
    "submitter_phone": (40, False),
    "submitter_email": (254, False),
}
SELECTION_FIELDS = ("kind", "submitter_role", "feedback_method")
# The order of the form, which is also the order of the error summary.
FORM_ORDER = (
    "kind", "submitter_role", "description", "event_date", "event_time", "unit_id",
    "suggestion", "attachments", "is_anonymous", "submitter_name", "submitter_street",
    "submitter_zip", "submitter_city", "submitter_phone", "submitter_email", "feedback_method",
)
PERSONAL_FIELDS = (
    "submitter_name", "submitter_street", "submitter_zip", "submitter_city",
    "submitter_phone", "submitter_email",
)
# Where a broken feedback rule of the model is shown: next to the missing contact field.
FEEDBACK_CONTACT_FIELD = {
    "email": "submitter_email", "phone": "submitter_phone", "letter": "submitter_street",
}
UNKNOWN_UNIT = "unknown"
HONEYPOT = "homepage"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,40}$")
TOKEN_RE = re.compile(r"^[0-9a-fA-F-]{16,64}$")
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
        "/synpunkter", type="http", auth="public", methods=["GET", "POST"],
        max_content_length=MAX_REQUEST_SIZE, csrf=False,
    )
    def synpunkt_form(self, **kwargs):
        self._synpunkt_set_lang(kwargs.get("lang"))
        if request.httprequest.method != "POST":
            return self._synpunkt_render_form({"feedback_method": "none"}, {})
        return self._synpunkt_submit()

    @http.route("/synpunkter/status/<string:access_token>", type="http", auth="public",
                methods=["GET"])
    def synpunkt_status(self, access_token, **kwargs):
        self._synpunkt_set_lang(kwargs.get("lang"))
        case = self._synpunkt_case_by_token(access_token)
        if not case:
            return request.render(
                "synpunkt_klagomal.synpunkt_web_not_found",
                self._synpunkt_page_values(_("Page not found")),
                status=404, headers=PRIVATE_HEADERS,
            )
        return request.render(
            "synpunkt_klagomal.synpunkt_web_status",
            dict(self._synpunkt_page_values(_("Status of case %s", case.name)),
                 **self._synpunkt_status_values(case)),
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
                posted, {"__form__": _(
                    "We could not accept the form: it had been open too long, or it was sent "
                    "from another page. Your answers are kept below: check them and send again."
                )},
                status=400, had_files=bool(request.httprequest.files),
            )
        if not request.env["synpunkt.rate.limit"].sudo()._hit(request.httprequest.remote_addr):
            return request.render(
                "synpunkt_klagomal.synpunkt_web_throttled",
                self._synpunkt_page_values(_("Too many messages")),
                status=429, headers=FORM_HEADERS + [("Retry-After", "3600")],
            )
        if repeated:
            # A browser never sends a field of this form twice: tampered input.
            _logger.info("Web form refused: repeated parameters %s", repeated)
            return self._synpunkt_render_form(
                posted, {"__form__": _("The form was sent in a way we cannot read. "
                                       "Please check your answers and send it again.")},
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
        vals, files, errors = self._synpunkt_validate(posted, company)
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
            dict(self._synpunkt_page_values(_("Thank you")), case=case,
                 status_url=case.get_base_url() + case.access_url),
            headers=PRIVATE_HEADERS,
        )

    def _synpunkt_validate(self, posted, company):
        """The posted strings as values for synpunkt.complaint, the checked
        attachments, and {field: message} for everything refused."""
        Complaint = request.env["synpunkt.complaint"].sudo()
        errors = {}
        vals = {}
        for fname in SELECTION_FIELDS:
            value = posted.get(fname, "")
            options = dict(Complaint._fields[fname]._description_selection(request.env))
            if not value and fname == "feedback_method":
                value = "none"
            if not value:
                errors[fname] = {
                    "kind": _("Choose what your message is."),
                    "submitter_role": _("Choose who you are."),
                }[fname]
            elif value not in options:
                errors[fname] = _("Choose one of the options.")
            else:
                vals[fname] = value
        for fname, (size, required) in TEXT_FIELDS.items():
            value = CONTROL_CHARS_RE.sub("", posted.get(fname, "")).strip()
            if required and not value:
                errors[fname] = _("Describe what happened or what you want to tell us.")
            elif len(value) > size:
                errors[fname] = _("Write at most %s characters.", size)
            elif value:
                vals[fname] = value
        anonymous = posted.get("is_anonymous", "")
        if anonymous not in ("", "1", "on"):
            errors["is_anonymous"] = _("Choose one of the options.")
        vals["is_anonymous"] = anonymous in ("1", "on")
        email = vals.get("submitter_email")
        if email:
            normalized = email_normalize(email, strict=True)
            if not normalized or len(normalized) > TEXT_FIELDS["submitter_email"][0]:
                errors["submitter_email"] = _(
                    "Write the e-mail address in the form name@example.se.")
            else:
                vals["submitter_email"] = normalized
        phone = vals.get("submitter_phone")
        if phone and not PHONE_RE.match(phone):
            errors["submitter_phone"] = _(
                "Write the phone number with digits only, for example 070-123 45 67.")
        event_date = self._synpunkt_parse_date(posted.get("event_date", ""))
        if event_date is False:
            errors["event_date"] = _("Write a real date, for example 2026-03-15.")
        elif event_date:
            vals["event_date"] = event_date
        unit = self._synpunkt_parse_unit(posted.get("unit_id", ""), company)
        if unit is False:
            errors["unit_id"] = _("Choose a unit from the list, or \"I don't know\".")
        elif unit:
            vals["unit_id"] = unit.id
        files, file_errors = self._synpunkt_read_files()
        if file_errors:
            errors["attachments"] = " ".join(file_errors)
        vals.update(channel="web", company_id=company.id, received_date=fields.Datetime.now())
        # The anonymity, feedback and event date rules are the model's: run
        # its constraints on an unsaved record and show each message next to
        # the field it concerns.
        if not ({"is_anonymous", "feedback_method", "event_date"} & errors.keys()):
            errors.update(self._synpunkt_model_errors(Complaint.new(vals), vals))
        return vals, files, errors

    def _synpunkt_model_errors(self, record, vals):
        errors = {}
        personal = [fname for fname in PERSONAL_FIELDS if vals.get(fname)]
        checks = (
            (record._check_anonymous, personal[0] if personal else "feedback_method"),
            (record._check_feedback_contact,
             FEEDBACK_CONTACT_FIELD.get(vals.get("feedback_method"), "feedback_method")),
            (record._check_event_date, "event_date"),
        )
        for check, fname in checks:
            try:
                check()
            except ValidationError as error:
                errors.setdefault(fname, error.args[0])
        return errors

    def _synpunkt_parse_date(self, value):
        """None when empty, False when not a real date."""
        value = value.strip()
        if not value:
            return None
        if not DATE_RE.match(value):
            return False
        try:
            return date.fromisoformat(value)
        except ValueError:
            return False

    def _synpunkt_parse_unit(self, value, company):
        """None for "don't know", False for anything but an active unit of
        the company: a posted id is never trusted."""
        if value in ("", UNKNOWN_UNIT):
            return None
        if not value.isdigit() or len(value) > 12:
            return False
        unit = self._synpunkt_units(company).filtered(lambda u: u.id == int(value))
        return unit or False

    def _synpunkt_read_files(self):
        """Read and check the uploads; an empty file input sends a part
        without a file name, which is not an attachment."""
        uploads = [
            upload for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]
        if len(uploads) > MAX_FILES:
            return [], [_("You can attach at most %s files.", MAX_FILES)]
        files, errors = [], []
        for upload in uploads:
            name = self._synpunkt_file_name(upload.filename)
            data = upload.read(MAX_FILE_SIZE + 1)
            if len(data) > MAX_FILE_SIZE:
                errors.append(_("The file %(name)s is larger than %(size)s MB.",
                                name=name, size=MAX_FILE_SIZE // (1024 * 1024)))
                continue
            if not data:
                errors.append(_("The file %s is empty.", name))
                continue
            mimetype = guess_mimetype(data)
            if mimetype not in ALLOWED_MIMETYPES:
                errors.append(_(
                    "The file %s is of a kind we cannot receive. Send PDF, JPEG, PNG, "
                    "text or Word/OpenDocument text files.", name))
                continue
            files.append({"name": name, "raw": data, "mimetype": mimetype})
        return files, errors

    def _synpunkt_file_name(self, filename):
        name = os.path.basename(filename.replace("\\", "/"))
        name = CONTROL_CHARS_RE.sub("", name).strip()
        return name[:200] or _("attachment")

    def _synpunkt_create_case(self, vals, files, company):
        """The case and its attachments, from values built above out of
        validated input only: sudo because the person is not logged in."""
        case = (
            request.env["synpunkt.complaint"].sudo().with_company(company)
            .with_context(mail_create_nosubscribe=True)
            .create(vals)
        )
        if files:
            request.env["ir.attachment"].sudo().create([
                dict(file, res_model=case._name, res_id=case.id, company_id=company.id)
                for file in files
            ])
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
            chosen or nearest(request.cookies.get("frontend_lang"))
            or nearest("sv_SE") or nearest("en_US") or installed[0]
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
            "other_lang": other,
            # Each in its own language, so not translated.
            "other_lang_label": "In English" if other == "en" else "På svenska",
            "no_copyright": True,
        }

    def _synpunkt_units(self, company):
        return request.env["synpunkt.unit"].sudo().search(
            [("company_id", "=", company.id), ("active", "=", True)]
        )

    def _synpunkt_render_form(self, posted, errors, status=200, had_files=False):
        company = request.env.company
        Complaint = request.env["synpunkt.complaint"]

        def options(fname):
            return Complaint._fields[fname]._description_selection(request.env)

        kinds, roles, methods = options("kind"), options("submitter_role"), options("feedback_method")
        # Where each summary link leads: the field, or a radio group's first option.
        anchors = {fname: f"sk_{fname}" for fname in FORM_ORDER}
        for fname, choices in (("kind", kinds), ("submitter_role", roles),
                               ("feedback_method", methods)):
            anchors[fname] = f"sk_{fname}_{choices[0][0]}"
        summary = [(fname, errors[fname]) for fname in FORM_ORDER if fname in errors]
        if "__form__" in errors:
            summary.insert(0, ("__form__", errors["__form__"]))
        values = dict(
            self._synpunkt_page_values(
                _("Error: Feedback and complaints") if errors else _("Feedback and complaints")
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
            accept=",".join(sorted(ALLOWED_MIMETYPES)) + ",.pdf,.jpg,.jpeg,.png,.txt,.docx,.odt",
            honeypot=HONEYPOT,
            company=company,
        )
        return request.render(
            "synpunkt_klagomal.synpunkt_web_form", values, status=status, headers=FORM_HEADERS
        )

    # ------------------------------------------------------------- status page

    def _synpunkt_case_by_token(self, token):
        """The case whose token this is, or nothing; the answer is the same
        for a malformed token and for one that matches no case."""
        if not token or not TOKEN_RE.match(token):
            return None
        case = request.env["synpunkt.complaint"].sudo().search(
            [("access_token", "=", token)], limit=1
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
            "answered_on": format_date(request.env, case.response_date) if case.response_date else "",
        }
