import logging
import uuid
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext
from odoo.tools.mail import parse_contact_from_email

_logger = logging.getLogger(__name__)

# Headers by which mail robots (vacation replies, list servers) announce
# themselves: such mail must not open a case (RFC 3834, common practice).
AUTO_REPLY_HEADERS = {
    "Auto-Submitted": lambda v: v.strip().lower() != "no",
    "X-Autoreply": lambda v: True,
    "X-Autorespond": lambda v: True,
    "X-Auto-Response-Suppress": lambda v: "oof" in v.lower() or "all" in v.lower(),
    "Precedence": lambda v: v.strip().lower() in ("auto_reply", "bulk", "junk", "list"),
}

from .res_company import DAY_TYPES

KINDS = [
    ("complaint", "Complaint"),
    ("opinion", "Opinion"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]
SUBMITTER_ROLES = [
    ("service_user", "Service user"),
    ("relative", "Relative"),
    ("representative", "Legal representative"),
    ("staff", "Staff"),
    ("organisation", "Organisation or authority"),
    ("other", "Other"),
]
FEEDBACK_METHODS = [
    ("none", "No feedback"),
    ("letter", "Letter"),
    ("phone", "Phone"),
    ("email", "E-mail"),
]
CHANNELS = [
    ("web", "Web form"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("paper_form", "Paper form"),
    ("in_person", "In person"),
    ("other", "Other"),
]
# Seed 003: matters that must not be handled as complaints.
REDIRECT_REASONS = [
    ("authority_decision", "Decision in the exercise of authority (appeal instead)"),
    ("supervisory_authority", "Matter with the supervisory authority (IVO)"),
    ("lex_sarah", "Lex Sarah report"),
    ("lex_maria", "Lex Maria report"),
    ("staff_crime", "Allegation of a crime by staff"),
]
DEADLINE_STATES = [
    ("on_time", "On time"),
    ("due_soon", "Due soon"),
    ("overdue", "Overdue"),
    ("done", "Done"),
]
# Personal data of the submitter: never stored on an anonymous case, removed
# at retention.
PERSONAL_FIELDS = (
    "submitter_name",
    "submitter_street",
    "submitter_zip",
    "submitter_city",
    "submitter_phone",
    "submitter_email",
)
DEFAULT_CONFIDENTIALITY_GROUND = "OSL 26 kap. 1 §"
DUE_SOON_DAYS = 2
# Writes that change who may read a case (see synpunkt_complaint_readers.py).
READER_FIELDS = {"is_confidential", "user_id", "unit_id", "company_id"}


class SynpunktComplaint(models.Model):
    """One case: a complaint, opinion, suggestion or praise.

    The person who sent it is deliberately not a res.partner: that someone is
    a client of the social services is itself secret (OSL 26 kap. 1 §), so
    contact data lives on the case, under the case's access rules."""

    _name = "synpunkt.complaint"
    _description = "Feedback or complaint"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "received_date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"
    _primary_email = "submitter_email"

    def _default_stage_id(self):
        return self.env["synpunkt.stage"].search(
            [("is_closed", "=", False), ("is_answered", "=", False)], limit=1
        )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, index="trigram",
        default=lambda self: _("New"),
    )
    kind = fields.Selection(KINDS, required=True, default="complaint", tracking=True, index=True)
    submitter_role = fields.Selection(SUBMITTER_ROLES, string="From", required=True, index=True)
    is_anonymous = fields.Boolean(string="Anonymous", tracking=True)
    submitter_name = fields.Char(string="Name")
    submitter_street = fields.Char(string="Address")
    submitter_zip = fields.Char(string="Postal code")
    submitter_city = fields.Char(string="City")
    submitter_phone = fields.Char(string="Phone")
    submitter_email = fields.Char(string="E-mail")
    feedback_method = fields.Selection(
        FEEDBACK_METHODS, string="Feedback wanted", required=True, default="none", tracking=True
    )
    oral_consent = fields.Boolean(
        string="Consent to write down",
        help="For a complaint made orally: the person agreed that staff write it down "
        "and pass it on (seed 000).",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    received_date = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, index=True, tracking=True,
        help="Arrival registration (ankomst): when the municipality received the case.",
    )
    event_date = fields.Date(string="Date of the event")
    event_time = fields.Char(string="Time of the event", help="Free text, e.g. 'around 14:30'.")
    description = fields.Text(required=True)
    suggestion = fields.Text(string="Improvement suggestion")
    is_general = fields.Boolean(
        string="General matter",
        tracking=True,
        help="A matter of general character goes straight to the head of administration "
        "(seed 001).",
    )
    unit_id = fields.Many2one(
        "synpunkt.unit", string="Unit", tracking=True, index=True, check_company=True,
        ondelete="restrict",
    )
    provider_id = fields.Many2one(
        "synpunkt.provider", string="Provider", compute="_compute_provider_id", store=True,
        readonly=False, tracking=True, index=True, check_company=True,
    )
    provider_type = fields.Selection(related="provider_id.provider_type", store=True)
    contract_owner_id = fields.Many2one(related="provider_id.contract_owner_id")
    category_id = fields.Many2one(
        "synpunkt.category", string="Category", tracking=True, index=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    stage_id = fields.Many2one(
        "synpunkt.stage", string="Stage", tracking=True, index=True, copy=False,
        default=_default_stage_id, group_expand="_read_group_stage_ids", ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible handler", compute="_compute_user_id", store=True,
        readonly=False, tracking=True, index=True, domain=[("share", "=", False)],
    )
    unit_manager_id = fields.Many2one(related="unit_id.manager_id", string="Unit manager")
    unit_name = fields.Char(related="unit_id.name", string="Unit name")
    is_confidential = fields.Boolean(string="Confidential", tracking=True, index=True)
    confidentiality_ground = fields.Char(
        string="Legal ground", tracking=True,
        help="The provision of the Public Access to Information and Secrecy Act, "
        "e.g. 'OSL 26 kap. 1 §'.",
    )
    confidentiality_date = fields.Datetime(string="Marked confidential on", readonly=True, copy=False)
    confidentiality_user_id = fields.Many2one(
        "res.users", string="Marked confidential by", readonly=True, copy=False
    )
    ack_deadline = fields.Date(
        string="Acknowledgement deadline", compute="_compute_deadlines", store=True, index=True,
        help="By this day the person learns how the case will be handled.",
    )
    ack_date = fields.Date(string="Acknowledged on", tracking=True, copy=False)
    response_deadline = fields.Date(
        string="Response deadline", compute="_compute_deadlines", store=True, index=True
    )
    response_date = fields.Date(string="Answered on", tracking=True, copy=False)
    next_deadline = fields.Date(
        compute="_compute_next_deadline", store=True, index=True,
        help="The earliest deadline not yet met.",
    )
    deadline_state = fields.Selection(
        DEADLINE_STATES, compute="_compute_deadline_state", store=True, index=True,
        string="Deadline",
    )
    answer = fields.Html(copy=False, help="The answer given to the person.")
    measure_ids = fields.One2many("synpunkt.measure", "complaint_id", string="Measures")
    measure_count = fields.Integer(compute="_compute_measure_count")
    redirect_reason = fields.Selection(
        REDIRECT_REASONS, tracking=True, copy=False, index=True,
        help="The case must be handled in another order and is closed here as redirected.",
    )
    redirect_note = fields.Text(copy=False)
    redirect_date = fields.Datetime(readonly=True, copy=False)
    ack_in_time = fields.Boolean(
        string="Acknowledged in time", compute="_compute_in_time", store=True,
        help="The person was told how the case is handled by its deadline.",
    )
    response_in_time = fields.Boolean(
        string="Answered in time", compute="_compute_in_time", store=True
    )
    escalation_level = fields.Integer(default=0, tracking=True, copy=False, readonly=True)
    escalation_date = fields.Datetime(readonly=True, copy=False)
    ack_escalation_date = fields.Datetime(
        string="Acknowledgement deadline escalated on", readonly=True, copy=False
    )
    response_escalation_date = fields.Datetime(
        string="Response deadline escalated on", readonly=True, copy=False
    )
    answer_sent_date = fields.Datetime(
        string="Answer sent on", readonly=True, copy=False,
        help="When the answer went out by the way the person asked for.",
    )
    provider_notice_date = fields.Datetime(
        string="Provider notified on", readonly=True, copy=False
    )
    delay_notice_date = fields.Datetime(
        string="Delay notice on", readonly=True, copy=False,
        help="When the person was told that the case will be late (förvaltningslagen 11 §).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # Indexed: the public status page looks a case up by its token.
    access_token = fields.Char(
        default=lambda self: str(uuid.uuid4()), copy=False, index="btree_not_null"
    )
    closed_date = fields.Datetime(readonly=True, copy=False, index=True)
    retention_hold = fields.Boolean(
        string="Retention hold", tracking=True, copy=False,
        help="Keep the personal data past the retention period (e.g. pending appeal).",
    )
    submitter_display = fields.Char(compute="_compute_submitter_display", string="Submitter")
    can_route = fields.Boolean(compute="_compute_can_route")
    is_my_unit = fields.Boolean(
        compute="_compute_is_my_unit", search="_search_is_my_unit", string="In my units"
    )
    color = fields.Integer()

    # ------------------------------------------------------------------ computes

    @api.depends("unit_id")
    def _compute_provider_id(self):
        for case in self:
            case.provider_id = case.unit_id.provider_id

    @api.depends("unit_id")
    def _compute_user_id(self):
        # A unit without a manager keeps whoever was responsible.
        for case in self:
            case.user_id = case.unit_id.manager_id or case.user_id

    @api.depends("received_date", "company_id", "feedback_method")
    def _compute_deadlines(self):
        for company, cases in self.grouped("company_id").items():
            company = company or self.env.company
            dated = cases.filtered("received_date")
            (cases - dated).ack_deadline = False
            (cases - dated).response_deadline = False
            if not dated:
                continue
            start_days = {case: company._synpunkt_local_date(case.received_date) for case in dated}
            ack = company._synpunkt_add_days(
                start_days.values(), company.synpunkt_ack_days, company.synpunkt_day_type
            )
            response = company._synpunkt_add_days(
                start_days.values(), company.synpunkt_response_days, company.synpunkt_day_type
            )
            for case, start in start_days.items():
                # Only a person who wants feedback is told how the case will be handled.
                case.ack_deadline = ack[start] if case.feedback_method != "none" else False
                case.response_deadline = response[start]

    @api.depends("ack_deadline", "ack_date", "response_deadline", "response_date", "is_closed")
    def _compute_next_deadline(self):
        for case in self:
            if case.is_closed or case.response_date:
                case.next_deadline = False
            elif case.ack_deadline and not case.ack_date:
                case.next_deadline = case.ack_deadline
            else:
                case.next_deadline = case.response_deadline

    @api.depends("ack_date", "ack_deadline", "response_date", "response_deadline")
    def _compute_in_time(self):
        for case in self:
            case.ack_in_time = bool(
                case.ack_date and case.ack_deadline and case.ack_date <= case.ack_deadline
            )
            case.response_in_time = bool(
                case.response_date and case.response_deadline
                and case.response_date <= case.response_deadline
            )

    @api.depends("next_deadline")
    def _compute_deadline_state(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.deadline_state = case._deadline_state_on(today)

    def _compute_measure_count(self):
        counts = dict(
            self.env["synpunkt.measure"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for case in self:
            case.measure_count = counts.get(case, 0)

    @api.depends("is_anonymous", "submitter_name")
    def _compute_submitter_display(self):
        for case in self:
            if case.is_anonymous:
                case.submitter_display = _("Anonymous")
            else:
                case.submitter_display = case.submitter_name or _("Name not given")

    @api.depends_context("uid")
    def _compute_can_route(self):
        can_route = self.env.user.has_group("synpunkt_klagomal.group_registrar")
        for case in self:
            case.can_route = can_route

    @api.depends_context("uid")
    def _compute_is_my_unit(self):
        mine = self.search([("id", "in", self.ids), ("is_my_unit", "=", True)])
        for case in self:
            case.is_my_unit = case in mine

    def _search_is_my_unit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on 'In my units'."))
        domain = [("unit_id", "child_of", self.env.user.synpunkt_access_unit_ids.ids)]
        return domain if (operator == "=") == value else ["!"] + domain

    def _compute_access_url(self):
        super()._compute_access_url()
        for case in self:
            case.access_url = f"/synpunkter/status/{case.access_token}"

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # --------------------------------------------------------------- constraints

    @api.constrains("is_anonymous", "feedback_method", *PERSONAL_FIELDS)
    def _check_anonymous(self):
        for case in self.filtered("is_anonymous"):
            if any(case[fname] for fname in PERSONAL_FIELDS):
                raise ValidationError(
                    _(
                        "An anonymous case cannot hold a name, address, phone number or "
                        "e-mail address. Remove them or untick 'Anonymous'."
                    )
                )
            if case.feedback_method != "none":
                raise ValidationError(
                    _("An anonymous case cannot ask for feedback: there is no one to answer.")
                )

    @api.constrains("feedback_method", "submitter_email", "submitter_phone", "submitter_street")
    def _check_feedback_contact(self):
        needs = {
            "email": ("submitter_email", _("Feedback by e-mail needs an e-mail address.")),
            "phone": ("submitter_phone", _("Feedback by phone needs a phone number.")),
            "letter": ("submitter_street", _("Feedback by letter needs a postal address.")),
        }
        for case in self:
            fname, message = needs.get(case.feedback_method, (None, None))
            if fname and not case[fname]:
                raise ValidationError(message)

    @api.constrains("is_confidential", "confidentiality_ground")
    def _check_confidentiality_ground(self):
        for case in self:
            if case.is_confidential and not (case.confidentiality_ground or "").strip():
                raise ValidationError(
                    _("A confidential case needs its legal ground, e.g. 'OSL 26 kap. 1 §'.")
                )

    @api.constrains("event_date", "received_date")
    def _check_event_date(self):
        for case in self:
            if case.event_date and case.received_date and case.event_date > (
                case.company_id._synpunkt_local_date(case.received_date)
            ):
                raise ValidationError(_("The date of the event cannot be after the case was received."))

    # ----------------------------------------------------------------- onchanges

    @api.onchange("is_anonymous")
    def _onchange_is_anonymous(self):
        if self.is_anonymous:
            for fname in PERSONAL_FIELDS:
                self[fname] = False
            self.feedback_method = "none"

    @api.onchange("is_confidential")
    def _onchange_is_confidential(self):
        if self.is_confidential and not self.confidentiality_ground:
            self.confidentiality_ground = DEFAULT_CONFIDENTIALITY_GROUND

    # ---------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"]
        Company.browse(
            {vals.get("company_id") or self.env.company.id for vals in vals_list}
        )._synpunkt_ensure_sequence()
        for vals in vals_list:
            company = Company.browse(vals.get("company_id")) or self.env.company
            received = fields.Datetime.to_datetime(vals.get("received_date")) or fields.Datetime.now()
            if not vals.get("name") or vals["name"] == _("New"):
                vals["name"] = company._synpunkt_next_reference(received)
            if vals.get("is_confidential"):
                vals.setdefault("confidentiality_ground", DEFAULT_CONFIDENTIALITY_GROUND)
                vals.update(self._confidentiality_stamp())
        cases = super().create(vals_list)
        cases._apply_stage_effects()
        cases.filtered("redirect_reason")._apply_redirect()
        cases._synpunkt_prune_followers()
        return cases

    def write(self, vals):
        if not self.env.su and ({"unit_id", "user_id"} & vals.keys()):
            self._check_routing_allowed(vals)
        if vals.get("is_confidential"):
            vals = dict(vals, **self._confidentiality_stamp())
        newly_redirected = self.browse()
        if vals.get("redirect_reason"):
            newly_redirected = self.filtered(lambda c: not c.redirect_reason)
        result = super().write(vals)
        if "stage_id" in vals:
            self._apply_stage_effects()
            self._send_stage_template()
        if newly_redirected:
            newly_redirected._apply_redirect()
        if READER_FIELDS & vals.keys():
            self._synpunkt_prune_followers()
        if vals.get("ack_date"):
            self._close_deadline_activities("ack")
        if vals.get("response_date") or "stage_id" in vals:
            self.filtered("response_date")._close_deadline_activities("response")
        return result

    def _confidentiality_stamp(self):
        return {
            "confidentiality_date": fields.Datetime.now(),
            "confidentiality_user_id": self.env.uid,
        }

    # ------------------------------------------------------------------- actions

    def action_open_redirect_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Redirect case"),
            "res_model": "synpunkt.redirect.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_send_to_head(self):
        """Seed 001: a matter of general character goes straight to the head
        of administration, who answers the person."""
        for case in self:
            head = case.company_id.synpunkt_head_user_id
            if not head:
                raise ValidationError(
                    _("No head of administration is set for %s. Set one in Settings.",
                      case.company_id.name)
                )
            case.write({"is_general": True, "user_id": head.id})
        return True

    def action_mark_acknowledged(self):
        self.filtered(lambda c: not c.ack_date).write(
            {"ack_date": fields.Date.context_today(self)}
        )
        return True

    def action_send_answer(self):
        """Give the answer the way the person asked for: by e-mail it goes
        out now (queued); by letter the case waits in "Answers to post"
        until the letter is marked sent; by phone the handler confirms."""
        for case in self:
            if not html2plaintext(case.answer or "").strip():
                raise UserError(_("Write the answer of case %s before sending it.", case.name))
            if case.feedback_method == "email" and case.is_confidential:
                raise UserError(_(
                    "Case %s is confidential: its answer cannot go by e-mail. "
                    "Answer by letter or phone and change 'Feedback wanted'.", case.name,
                ))
            if case.feedback_method == "email":
                self.env.ref("synpunkt_klagomal.mail_template_answer").send_mail(case.id)
                note = _("Answer sent by e-mail.")
            elif case.feedback_method == "letter":
                note = _("Answer sent by letter.")
            elif case.feedback_method == "phone":
                note = _("Answer given by phone.")
            else:
                note = _("Answer recorded; the person did not ask for feedback.")
            case.write({
                "answer_sent_date": fields.Datetime.now(),
                "response_date": case.response_date or fields.Date.context_today(case),
            })
            case.message_post(body=note, subtype_xmlid="mail.mt_note")
        return True

    def action_notify_provider(self):
        """Tell a private provider what the case is about, never who sent
        it; for a confidential case, not even that."""
        template = self.env.ref("synpunkt_klagomal.mail_template_provider_notice")
        for case in self:
            if case.provider_type != "private" or not case.provider_id.partner_id.email:
                raise UserError(
                    _("Case %s concerns no private provider with an e-mail address.", case.name)
                )
            template.send_mail(case.id)
            case.provider_notice_date = fields.Datetime.now()
            case.message_post(
                body=_("Notice sent to the provider %s.", case.provider_id.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_measures(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "synpunkt_klagomal.action_synpunkt_measure"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action

    # ---------------------------------------------------------- business methods

    def _deadline_state_on(self, day):
        self.ensure_one()
        if not self.next_deadline:
            return "done"
        if self.next_deadline < day:
            return "overdue"
        if self.next_deadline <= day + timedelta(days=DUE_SOON_DAYS):
            return "due_soon"
        return "on_time"

    @api.model
    def _cron_refresh_deadline_state(self):
        """Deadline states depend on today: refresh only the cases whose state
        can have changed since yesterday (indexed domain, not a full scan)."""
        today = fields.Date.context_today(self)
        stale = self.search(
            [
                ("deadline_state", "in", ("on_time", "due_soon")),
                ("next_deadline", "<=", today + timedelta(days=DUE_SOON_DAYS)),
            ]
        )
        self.env.add_to_compute(self._fields["deadline_state"], stale)
        stale.flush_recordset(["deadline_state"])
        return len(stale)

    def _check_routing_allowed(self, vals):
        """Registrars and managers route freely. A handler may only hand a
        case over to another person of the case's own unit."""
        if self.env.user.has_group("synpunkt_klagomal.group_registrar"):
            return
        if "unit_id" in vals and any(case.unit_id.id != vals["unit_id"] for case in self):
            raise AccessError(_("Only a registrar or manager can move a case to another unit."))
        if "user_id" in vals:
            new_user = self.env["res.users"].browse(vals["user_id"])
            for case in self:
                if case.user_id == new_user:
                    continue
                unit_people = case.unit_id.member_ids | case.unit_id.manager_id
                if not new_user or new_user not in unit_people:
                    raise AccessError(
                        _(
                            "You can only hand case %s over to a person of its own unit. "
                            "Ask a registrar to route it elsewhere.",
                            case.name,
                        )
                    )

    def _apply_stage_effects(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        for case in self:
            if case.stage_id.is_closed and not case.closed_date:
                case.closed_date = now
            elif not case.stage_id.is_closed and case.closed_date:
                case.closed_date = False
            if case.stage_id.is_answered and not case.response_date:
                case.response_date = today

    # Deadline automation (base.automation records in data/, see SPEC §4).

    def _deadline_label(self, deadline):
        return {
            "ack": _("acknowledgement"),
            "response": _("response"),
        }[deadline]

    def _deadline_activity_type(self, deadline):
        return self.env.ref(
            "synpunkt_klagomal.mail_activity_type_acknowledge"
            if deadline == "ack"
            else "synpunkt_klagomal.mail_activity_type_answer"
        )

    def _deadline_is_open(self, deadline):
        self.ensure_one()
        if self.is_closed or self.redirect_reason:
            return False
        if deadline == "ack":
            return bool(self.ack_deadline and not self.ack_date and not self.response_date)
        return bool(self.response_deadline and not self.response_date)

    def _synpunkt_remind(self, deadline):
        """Give the responsible handler a to-do before the deadline, once."""
        activity_type = self._deadline_activity_type(deadline)
        for case in self.filtered(lambda c: c._deadline_is_open(deadline) and c.user_id):
            if case.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
                continue
            case.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=case.user_id.id,
                date_deadline=case[f"{deadline}_deadline"],
            )

    def _synpunkt_escalate(self, deadline):
        """A deadline passed unmet: the unit manager and the head of
        administration are told, once per deadline. No case content goes
        into the notice, only the reference."""
        now = fields.Datetime.now()
        stamp = f"{deadline}_escalation_date"
        escalation_type = self.env.ref("synpunkt_klagomal.mail_activity_type_escalation")
        for case in self.filtered(lambda c: c._deadline_is_open(deadline) and not c[stamp]):
            recipients = case._synpunkt_notice_recipients(
                case.unit_id.manager_id | case.company_id.synpunkt_head_user_id
            )
            case.sudo().write(
                {
                    stamp: now,
                    "escalation_level": case.escalation_level + 1,
                    "escalation_date": now,
                }
            )
            case.with_context(
                deadline_label=case._deadline_label(deadline),
                deadline_date=case[f"{deadline}_deadline"],
            ).message_post_with_source(
                "synpunkt_klagomal.mail_template_escalation",
                partner_ids=recipients.partner_id.ids,
                subtype_xmlid="synpunkt_klagomal.mt_complaint_escalated",
            )
            for manager in recipients:
                case.activity_schedule(
                    activity_type_id=escalation_type.id,
                    user_id=manager.id,
                    summary=_("Deadline passed: %s", case.name),
                    date_deadline=fields.Date.context_today(case),
                )

    def _synpunkt_delay_notice(self):
        """Förvaltningslagen 11 §: a person whose case will be late is told so,
        with the reason and when an answer can be expected. By e-mail when
        that is how the person wants feedback; otherwise the handler gets a
        to-do to phone or write."""
        template = self.env.ref("synpunkt_klagomal.mail_template_delay_notice")
        todo_type = self.env.ref("synpunkt_klagomal.mail_activity_type_delay_notice")
        now = fields.Datetime.now()
        for case in self.filtered(
            lambda c: c._deadline_is_open("response") and not c.delay_notice_date
            and c.feedback_method != "none"
        ):
            case.sudo().delay_notice_date = now
            if case.feedback_method == "email" and case.submitter_email:
                template.send_mail(case.id)
                case.message_post(
                    body=_("Delay notice sent by e-mail (förvaltningslagen 11 §)."),
                    subtype_xmlid="mail.mt_note",
                )
            elif case.user_id:
                case.activity_schedule(
                    activity_type_id=todo_type.id,
                    user_id=case.user_id.id,
                    date_deadline=case.response_deadline,
                )

    def _close_deadline_activities(self, deadline):
        activity_type = self._deadline_activity_type(deadline)
        self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback(
            feedback=_("Deadline met.")
        )

    def _synpunkt_mail_lang(self):
        """Mails to the person are in Swedish when Swedish is installed."""
        lang = self.env["res.lang"]._lang_get("sv_SE")
        return "sv_SE" if lang and lang.active else self.env.lang

    def _send_acknowledgement(self):
        """Receipt by e-mail to the address on the case. Queued, not sent now:
        a slow or failing mail server never blocks nor loses anything."""
        template = self.env.ref("synpunkt_klagomal.mail_template_acknowledgement")
        for case in self.filtered("submitter_email"):
            template.send_mail(case.id)
            case.message_post(
                body=_("Acknowledgement of receipt sent by e-mail."),
                subtype_xmlid="mail.mt_note",
            )

    def _send_stage_template(self):
        """A stage may carry a mail to the person (e.g. "Answered"). It goes
        to the address on the case when they want feedback by e-mail, sent
        as a plain mail: never through a contact."""
        for case in self.filtered(
            lambda c: c.stage_id.mail_template_id and c.feedback_method == "email"
            and c.submitter_email
        ):
            case.stage_id.mail_template_id.send_mail(case.id)

    def _confidential_secrets(self):
        """What no mail about this confidential case may contain: what was
        written and who wrote it. Lines of the description count on their
        own, so a template quoting one line is caught too."""
        self.ensure_one()
        texts = [self.submitter_name, self.submitter_phone, self.submitter_email,
                 self.submitter_street, self.suggestion]
        for text in (self.description, self.suggestion):
            texts += [line.strip() for line in (text or "").splitlines() if len(line.strip()) >= 20]
        return [text for text in texts if text and len(text.strip()) >= 4]

    def _redirect_stage(self):
        stage = self.env["synpunkt.stage"].search([("is_redirect", "=", True)], limit=1)
        return stage or self.env["synpunkt.stage"].search([("is_closed", "=", True)], limit=1)

    def _responsible_manager(self):
        """The unit manager, else the head of administration, else the
        responsible handler; the first of them who can read the case, with
        the fallback of :meth:`_synpunkt_notice_recipients`."""
        self.ensure_one()
        intended = self.unit_id.manager_id or self.company_id.synpunkt_head_user_id or self.user_id
        return self._synpunkt_notice_recipients(intended)[:1]

    def _apply_redirect(self):
        """Seed 003: the matter is not handled as a complaint. It is closed
        here as redirected, kept for traceability, and the responsible
        manager is told at once. The message carries no case content."""
        stage = self._redirect_stage()
        now = fields.Datetime.now()
        for case in self:
            case.with_context(tracking_disable=False).write(
                {"stage_id": stage.id, "redirect_date": now, "closed_date": now}
            )
            reason = dict(self._fields["redirect_reason"]._description_selection(self.env))[
                case.redirect_reason
            ]
            manager = case._responsible_manager()
            body = _(
                "Case %(ref)s is not handled as a complaint: %(reason)s. "
                "The responsible manager takes it on in that order.",
                ref=case.name,
                reason=reason,
            )
            case.message_post(
                body=body,
                partner_ids=manager.partner_id.ids,
                subtype_xmlid="synpunkt_klagomal.mt_complaint_redirected",
            )
            if manager:
                case.activity_schedule(
                    act_type_xmlid="synpunkt_klagomal.mail_activity_type_redirect",
                    summary=_("Redirected: %s", reason),
                    user_id=manager.id,
                    date_deadline=fields.Date.context_today(self),
                )

    # ----------------------------------------------------------- mail.thread API

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the alias opens a case with the sender's address on it:
        no contact is looked up or created (OSL 26 kap. 1 §)."""
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        subject = (msg_dict.get("subject") or "").strip()
        text = html2plaintext(msg_dict.get("body") or "").strip()
        description = "\n\n".join(part for part in (subject, text) if part)
        values = {
            "kind": "complaint",
            "submitter_role": "other",
            "channel": "email",
            "description": description or _("(empty e-mail)"),
            "submitter_name": name or False,
            "submitter_email": email or False,
            "feedback_method": "email" if email else "none",
            "received_date": msg_dict.get("date") or fields.Datetime.now(),
            **(custom_values or {}),
        }
        return self.with_context(mail_create_nosubscribe=True).create(values)

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        # Bounces are Odoo's business already; auto-replies are not, for new cases.
        if route and not route[1] and _is_auto_reply(message):
            # No sender address in the log: personal data has no use there.
            _logger.info("Auto-reply %s does not open a case", message_dict.get("message_id"))
            return ()
        return super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )

    def _notify_by_email_prepare_rendering_context(
        self, message, msg_vals=False, model_description=False, force_email_company=False,
        force_email_lang=False,
    ):
        """A notification about a confidential case carries no content: not
        the message, not the tracked changes; only the reference and the
        link to the case, for those allowed to open it."""
        context = super()._notify_by_email_prepare_rendering_context(
            message, msg_vals=msg_vals, model_description=model_description,
            force_email_company=force_email_company, force_email_lang=force_email_lang,
        )
        if len(self) == 1 and self.is_confidential:
            context.update(
                message=message.new({
                    "body": self._confidential_notice_body(),
                    "model": self._name,
                    "res_id": self.id,
                    "record_name": self.name,
                    "subject": self.name,
                    "message_type": message.message_type,
                    "subtype_id": message.subtype_id.id,
                    "author_id": message.author_id.id,
                    "email_from": message.email_from,
                    "date": message.date,
                }),
                tracking_values=[],
                subtitles=[self.name],
                record_name=self.name,
            )
        return context

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        # The assigned handler gets this module's notice, not Odoo's generic one.
        return [
            (partner_id, subtype_ids, "synpunkt_klagomal.message_case_assigned" if template else False)
            for partner_id, subtype_ids, template in super()._message_auto_subscribe_followers(
                updated_values, default_subtype_ids
            )
        ]

    def _notify_by_email_get_base_mail_values(self, message, additional_values=None):
        values = super()._notify_by_email_get_base_mail_values(
            message, additional_values=additional_values
        )
        if len(self) == 1 and self.is_confidential:
            values["subject"] = self.name
        return values

    def _confidential_notice_body(self):
        return Markup("<p>%s</p>") % _(
            "There is news in the confidential case %s. Log in to read it.", self.name
        )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("synpunkt_klagomal.mt_complaint_stage")
        return super()._track_subtype(init_values)

    def _message_get_suggested_recipients(self):
        # Suggesting a partner would create one for the person: never.
        return []

    def _mail_get_partner_fields(self, introspect_fields=False):
        return []


def _is_auto_reply(message):
    return any(
        message.get(header) is not None and test(str(message.get(header)))
        for header, test in AUTO_REPLY_HEADERS.items()
    )
