from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.swedish_time import swedish_today

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
# Writes that change who may read a case (see synpunkt_complaint_readers.py).
READER_FIELDS = {"is_confidential", "user_id", "unit_id", "company_id"}


class SynpunktComplaint(models.Model):
    """One case: a complaint, opinion, suggestion or praise.

    This file holds what a case is (its fields), its rules (constraints),
    create/write, routing and the user's everyday actions. The other
    concerns extend the model in their own files: synpunkt_complaint_deadlines
    (deadlines, reminders, escalation, delay notice), _mail (intake,
    templates, notifications), _confidential (marking and redaction),
    _readers (who receives content), _redirect (seed 003), _answer (answer
    and provider notice), _portal (status link), _anonymity, _dependents.

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
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: _("New"),
    )
    kind = fields.Selection(
        KINDS, required=True, default="complaint", tracking=True, index=True
    )
    submitter_role = fields.Selection(
        SUBMITTER_ROLES, string="From", required=True, index=True
    )
    is_anonymous = fields.Boolean(string="Anonymous", tracking=True)
    submitter_name = fields.Char(string="Name")
    submitter_street = fields.Char(string="Address")
    submitter_zip = fields.Char(string="Postal code")
    submitter_city = fields.Char(string="City")
    submitter_phone = fields.Char(string="Phone")
    submitter_email = fields.Char(string="E-mail")
    feedback_method = fields.Selection(
        FEEDBACK_METHODS,
        string="Feedback wanted",
        required=True,
        default="none",
        tracking=True,
    )
    oral_consent = fields.Boolean(
        string="Consent to write down",
        help="For a complaint made orally: the person agreed that staff write it down "
        "and pass it on (seed 000).",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    received_date = fields.Datetime(
        string="Received",
        required=True,
        default=fields.Datetime.now,
        index=True,
        tracking=True,
        help="Arrival registration (ankomst): when the municipality received the case.",
    )
    event_date = fields.Date(string="Date of the event")
    event_time = fields.Char(
        string="Time of the event", help="Free text, e.g. 'around 14:30'."
    )
    description = fields.Text(required=True)
    suggestion = fields.Text(string="Improvement suggestion")
    is_general = fields.Boolean(
        string="General matter",
        tracking=True,
        help="A matter of general character goes straight to the head of "
        "administration (seed 001).",
    )
    unit_id = fields.Many2one(
        "synpunkt.unit",
        tracking=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    provider_id = fields.Many2one(
        "synpunkt.provider",
        compute="_compute_provider_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        check_company=True,
    )
    provider_type = fields.Selection(related="provider_id.provider_type", store=True)
    contract_owner_id = fields.Many2one(related="provider_id.contract_owner_id")
    category_id = fields.Many2one(
        "synpunkt.category",
        tracking=True,
        index=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    stage_id = fields.Many2one(
        "synpunkt.stage",
        tracking=True,
        index=True,
        copy=False,
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible handler",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
    )
    unit_manager_id = fields.Many2one(
        related="unit_id.manager_id", string="Unit manager"
    )
    unit_name = fields.Char(related="unit_id.name", string="Unit name")
    ack_date = fields.Date(string="Acknowledged on", tracking=True, copy=False)
    response_date = fields.Date(string="Answered on", tracking=True, copy=False)
    measure_ids = fields.One2many("synpunkt.measure", "complaint_id", string="Measures")
    measure_count = fields.Integer(compute="_compute_measure_count")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    closed_date = fields.Datetime(readonly=True, copy=False, index=True)
    retention_hold = fields.Boolean(
        string="Retention hold",
        tracking=True,
        copy=False,
        help="Keep the personal data past the retention period (e.g. pending appeal).",
    )
    submitter_display = fields.Char(
        compute="_compute_submitter_display", string="Submitter"
    )
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
                        "An anonymous case cannot hold a name, address, phone number "
                        "or e-mail address. Remove them or untick 'Anonymous'."
                    )
                )
            if case.feedback_method != "none":
                raise ValidationError(
                    _(
                        "An anonymous case cannot ask for feedback: there is no one to "
                        "answer."
                    )
                )

    @api.constrains(
        "feedback_method", "submitter_email", "submitter_phone", "submitter_street"
    )
    def _check_feedback_contact(self):
        needs = {
            "email": (
                "submitter_email",
                _("Feedback by e-mail needs an e-mail address."),
            ),
            "phone": ("submitter_phone", _("Feedback by phone needs a phone number.")),
            "letter": (
                "submitter_street",
                _("Feedback by letter needs a postal address."),
            ),
        }
        for case in self:
            fname, message = needs.get(case.feedback_method, (None, None))
            if fname and not case[fname]:
                raise ValidationError(message)

    @api.constrains("event_date", "received_date")
    def _check_event_date(self):
        for case in self:
            if (
                case.event_date
                and case.received_date
                and case.event_date
                > (case.company_id._synpunkt_local_date(case.received_date))
            ):
                raise ValidationError(
                    _("The date of the event cannot be after the case was received.")
                )

    # ----------------------------------------------------------------- onchanges

    @api.onchange("is_anonymous")
    def _onchange_is_anonymous(self):
        if self.is_anonymous:
            for fname in PERSONAL_FIELDS:
                self[fname] = False
            self.feedback_method = "none"

    # ---------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"]
        Company.browse(
            {vals.get("company_id") or self.env.company.id for vals in vals_list}
        )._synpunkt_ensure_sequence()
        # Set-based for batches: the default stage looked up once (not once
        # per case by default_get), the numbers drawn per company (issue 12).
        if "default_stage_id" not in self.env.context and any(
            "stage_id" not in vals for vals in vals_list
        ):
            default_stage = self._default_stage_id().id
            for vals in vals_list:
                vals.setdefault("stage_id", default_stage)
        unnamed = defaultdict(list)
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == _("New"):
                company = Company.browse(vals.get("company_id")) or self.env.company
                unnamed[company].append(vals)
        for company, company_vals in unnamed.items():
            references = company._synpunkt_next_references(
                [
                    fields.Datetime.to_datetime(vals.get("received_date"))
                    or fields.Datetime.now()
                    for vals in company_vals
                ]
            )
            for vals, reference in zip(company_vals, references, strict=False):
                vals["name"] = reference
        for vals in vals_list:
            if vals.get("is_confidential"):
                vals.setdefault(
                    "confidentiality_ground", DEFAULT_CONFIDENTIALITY_GROUND
                )
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

    # ------------------------------------------------------------------- actions

    def action_send_to_head(self):
        """Seed 001: a matter of general character goes straight to the head
        of administration, who answers the person."""
        for case in self:
            head = case.company_id.synpunkt_head_user_id
            if not head:
                raise ValidationError(
                    _(
                        "No head of administration is set for %s. Set one in Settings.",
                        case.company_id.name,
                    )
                )
            case.write({"is_general": True, "user_id": head.id})
        return True

    def action_mark_acknowledged(self):
        self.filtered(lambda c: not c.ack_date).write({"ack_date": swedish_today()})
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

    def _check_routing_allowed(self, vals):
        """Registrars and managers route freely. A handler may only hand a
        case over to another person of the case's own unit."""
        if self.env.user.has_group("synpunkt_klagomal.group_registrar"):
            return
        if "unit_id" in vals and any(
            case.unit_id.id != vals["unit_id"] for case in self
        ):
            raise AccessError(
                _("Only a registrar or manager can move a case to another unit.")
            )
        if "user_id" in vals:
            new_user = self.env["res.users"].browse(vals["user_id"])
            for case in self:
                if case.user_id == new_user:
                    continue
                unit_people = case.unit_id.member_ids | case.unit_id.manager_id
                if not new_user or new_user not in unit_people:
                    raise AccessError(
                        _(
                            "You can only hand case %s over to a person of its own "
                            "unit. Ask a registrar to route it elsewhere.",
                            case.name,
                        )
                    )

    def _apply_stage_effects(self):
        now = fields.Datetime.now()
        today = swedish_today()
        for case in self:
            if case.stage_id.is_closed and not case.closed_date:
                case.closed_date = now
            elif not case.stage_id.is_closed and case.closed_date:
                case.closed_date = False
            if case.stage_id.is_answered and not case.response_date:
                case.response_date = today
