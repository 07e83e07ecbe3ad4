"""What the citizens' web form accepts (SPEC §5), as plain functions: the
limits, the parsing of each input and the checks, with messages in the
person's language. No request here: the routes (web_form.py) pass in what
they received. The anonymity, feedback and event date rules are the model's
own constraints, run on an unsaved record, so they live in one place."""

import os
import re
from datetime import date

from odoo import _, fields
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize
from odoo.tools.mimetypes import guess_mimetype

from ..models.synpunkt_complaint import PERSONAL_FIELDS

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
    "kind",
    "submitter_role",
    "description",
    "event_date",
    "event_time",
    "unit_id",
    "suggestion",
    "attachments",
    "is_anonymous",
    *PERSONAL_FIELDS,
    "feedback_method",
)
# Where a broken feedback rule of the model is shown: next to the missing contact field.
FEEDBACK_CONTACT_FIELD = {
    "email": "submitter_email",
    "phone": "submitter_phone",
    "letter": "submitter_street",
}
UNKNOWN_UNIT = "unknown"
HONEYPOT = "homepage"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,40}$")
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate(env, posted, company, units, uploads):
    """Check what the person posted, on the server.

    :param env: environment of the web request (its language gives the messages)
    :param dict posted: {input name: string} as posted
    :param company: the res.company the case is for
    :param units: the units the person may choose (active units of the company)
    :param list uploads: werkzeug FileStorage objects of the input "attachments"
    :return: (vals for synpunkt.complaint.create, [attachment values],
        {field name or "__form__": message}); nothing is stored
    """
    Complaint = env["synpunkt.complaint"].sudo()
    errors = {}
    vals = {}
    read_choices(env, posted, vals, errors)
    read_texts(posted, vals, errors)
    anonymous = posted.get("is_anonymous", "")
    if anonymous not in ("", "1", "on"):
        errors["is_anonymous"] = _("Choose one of the options.")
    vals["is_anonymous"] = anonymous in ("1", "on")
    email = vals.get("submitter_email")
    if email:
        normalized = email_normalize(email, strict=True)
        if not normalized or len(normalized) > TEXT_FIELDS["submitter_email"][0]:
            errors["submitter_email"] = _(
                "Write the e-mail address in the form name@example.se."
            )
        else:
            vals["submitter_email"] = normalized
    phone = vals.get("submitter_phone")
    if phone and not PHONE_RE.match(phone):
        errors["submitter_phone"] = _(
            "Write the phone number with digits only, for example 070-123 45 67."
        )
    event_date = parse_date(posted.get("event_date", ""))
    if event_date is False:
        errors["event_date"] = _("Write a real date, for example 2026-03-15.")
    elif event_date:
        vals["event_date"] = event_date
    unit = parse_unit(posted.get("unit_id", ""), units)
    if unit is False:
        errors["unit_id"] = _('Choose a unit from the list, or "I don\'t know".')
    elif unit:
        vals["unit_id"] = unit.id
    files, file_errors = read_files(uploads)
    if file_errors:
        errors["attachments"] = " ".join(file_errors)
    vals.update(
        channel="web", company_id=company.id, received_date=fields.Datetime.now()
    )
    # The anonymity, feedback and event date rules are the model's: run
    # its constraints on an unsaved record and show each message next to
    # the field it concerns.
    if not ({"is_anonymous", "feedback_method", "event_date"} & errors.keys()):
        errors.update(model_errors(Complaint.new(vals), vals))
    return vals, files, errors


def read_choices(env, posted, vals, errors):
    """The selection fields: each posted value that is one of the field's
    options goes into ``vals``, else a message into ``errors``."""
    Complaint = env["synpunkt.complaint"]
    for fname in SELECTION_FIELDS:
        value = posted.get(fname, "")
        options = dict(Complaint._fields[fname]._description_selection(env))
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


def read_texts(posted, vals, errors):
    """The text fields, without control characters and surrounding blanks,
    into ``vals``; a missing required text or one too long into ``errors``."""
    for fname, (size, required) in TEXT_FIELDS.items():
        value = CONTROL_CHARS_RE.sub("", posted.get(fname, "")).strip()
        if required and not value:
            errors[fname] = _("Describe what happened or what you want to tell us.")
        elif len(value) > size:
            errors[fname] = _("Write at most %s characters.", size)
        elif value:
            vals[fname] = value


def model_errors(record, vals):
    """The model's own constraints (anonymity, feedback contact, event date)
    run on an unsaved record: {field to show the message at: message}."""
    errors = {}
    personal = [fname for fname in PERSONAL_FIELDS if vals.get(fname)]
    checks = (
        (record._check_anonymous, personal[0] if personal else "feedback_method"),
        (
            record._check_feedback_contact,
            FEEDBACK_CONTACT_FIELD.get(vals.get("feedback_method"), "feedback_method"),
        ),
        (record._check_event_date, "event_date"),
    )
    for check, fname in checks:
        try:
            check()
        except ValidationError as error:
            errors.setdefault(fname, error.args[0])
    return errors


def parse_date(value):
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


def parse_unit(value, units):
    """None for "don't know", False for anything but an active unit of
    the company: a posted id is never trusted."""
    if value in ("", UNKNOWN_UNIT):
        return None
    if not value.isdigit() or len(value) > 12:
        return False
    unit = units.filtered(lambda u: u.id == int(value))
    return unit or False


def read_files(uploads):
    """Read and check the uploads: ([{name, raw, mimetype}], [messages]). An
    empty file input sends a part without a file name, which is not an
    attachment."""
    uploads = [upload for upload in uploads if upload and upload.filename]
    if len(uploads) > MAX_FILES:
        return [], [_("You can attach at most %s files.", MAX_FILES)]
    files, errors = [], []
    for upload in uploads:
        name = file_name(upload.filename)
        data = upload.read(MAX_FILE_SIZE + 1)
        if len(data) > MAX_FILE_SIZE:
            errors.append(
                _(
                    "The file %(name)s is larger than %(size)s MB.",
                    name=name,
                    size=MAX_FILE_SIZE // (1024 * 1024),
                )
            )
            continue
        if not data:
            errors.append(_("The file %s is empty.", name))
            continue
        mimetype = guess_mimetype(data)
        if mimetype not in ALLOWED_MIMETYPES:
            errors.append(
                _(
                    "The file %s is of a kind we cannot receive. Send PDF, JPEG, PNG, "
                    "text or Word/OpenDocument text files.",
                    name,
                )
            )
            continue
        files.append({"name": name, "raw": data, "mimetype": mimetype})
    return files, errors


def file_name(filename):
    name = os.path.basename(filename.replace("\\", "/"))
    name = CONTROL_CHARS_RE.sub("", name).strip()
    return name[:200] or _("attachment")
