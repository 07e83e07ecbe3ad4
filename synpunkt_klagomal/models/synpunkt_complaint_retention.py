"""Retention (gallring) of a case's personal data, and the holds that stop
it (SPEC §8, issue 11).

The municipality's document management plan (dokumenthanteringsplan, under
arkivlagen) and its retention decision (gallringsbeslut) say how long a case
is kept; GDPR's storage limitation says no longer. What makes the committee's
statistics (reference, kind, role, channel, unit, provider, category, dates,
deadlines and whether they were met, redirect reason, measures' titles and
dates) is kept, so that the figures do not change when the personal data go.
"""

import logging
from collections import Counter

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models, modules
from odoo.exceptions import AccessError, ValidationError

from ..tools.swedish_time import swedish_today
from .synpunkt_complaint import PERSONAL_FIELDS

_logger = logging.getLogger(__name__)

# Cases cleared per transaction when the cron runs: small enough for a short
# lock and little memory, large enough for few round trips.
RETENTION_BATCH_SIZE = 500
# Free texts that may hold personal data: replaced by a note saying why
# (the description is required, so it cannot simply be emptied).
REPLACED_FIELDS = ("description", "suggestion", "answer", "redirect_note")
HOLD_FIELDS = ("retention_hold", "retention_hold_reason")
HOLD_STAMPS = ("retention_hold_user_id", "retention_hold_date")
GROUP_MANAGER = "synpunkt_klagomal.group_manager"


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    retention_hold_reason = fields.Char(
        string="Reason for the hold",
        tracking=True,
        copy=False,
        help="Why the case must be kept past retention: an ongoing matter, an appeal, "
        "a request for the document.",
    )
    retention_hold_user_id = fields.Many2one(
        "res.users",
        string="Hold set by",
        readonly=True,
        copy=False,
        tracking=True,
    )
    retention_hold_date = fields.Datetime(
        string="Hold set on",
        readonly=True,
        copy=False,
        tracking=True,
    )
    retention_date = fields.Datetime(
        string="Personal data removed on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the retention job removed the case's personal data and attachments.",
    )
    retention_due_date = fields.Date(
        string="Personal data removed after",
        compute="_compute_retention_due_date",
        help="Closing date plus the company's retention period.",
    )

    @api.depends("closed_date", "company_id.synpunkt_retention_months")
    def _compute_retention_due_date(self):
        for case in self:
            case.retention_due_date = (
                case.closed_date
                and (
                    case.closed_date
                    + relativedelta(months=case.company_id.synpunkt_retention_months)
                ).date()
            )

    # ------------------------------------------------------------------- holds

    @api.constrains("retention_hold", "retention_hold_reason")
    def _check_retention_hold_reason(self):
        for case in self:
            if case.retention_hold and not (case.retention_hold_reason or "").strip():
                raise ValidationError(
                    _("A retention hold needs a reason, e.g. a pending appeal.")
                )

    @api.constrains(
        "feedback_method", "submitter_email", "submitter_phone", "submitter_street"
    )
    def _check_feedback_contact(self):
        # A cleared case keeps how the person wanted feedback (a statistic)
        # without the address it needed.
        kept = self.filtered(lambda c: not c.retention_date)
        return super(SynpunktComplaint, kept)._check_feedback_contact()

    def _check_retention_hold_allowed(self):
        if not self.env.su and not self.env.user.has_group(GROUP_MANAGER):
            raise AccessError(_("Only a manager can set or lift a retention hold."))

    def _retention_hold_values(self, vals):
        """Who set the hold and when come from the server, never from the client."""
        vals = {
            key: value
            for key, value in vals.items()
            if key not in HOLD_STAMPS or self.env.su
        }
        if "retention_hold" in vals:
            if vals["retention_hold"]:
                vals.update(
                    retention_hold_user_id=self.env.uid,
                    retention_hold_date=fields.Datetime.now(),
                )
            else:
                vals.update(
                    retention_hold_user_id=False,
                    retention_hold_date=False,
                    retention_hold_reason=False,
                )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        if any(
            vals.get(fname) for vals in vals_list for fname in HOLD_FIELDS + HOLD_STAMPS
        ):
            self._check_retention_hold_allowed()
            vals_list = [self._retention_hold_values(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if (set(HOLD_FIELDS) | set(HOLD_STAMPS)) & vals.keys():
            self._check_retention_hold_allowed()
            vals = self._retention_hold_values(vals)
        return super().write(vals)

    # --------------------------------------------------------------- retention

    @api.model
    def _synpunkt_retention_domain(self, company, now=None):
        """Cases of ``company`` whose personal data are due for removal: closed
        more than the company's retention months ago, not under a hold, not
        yet cleared. Only stored, indexed fields (closed_date)."""
        limit = (now or fields.Datetime.now()) - relativedelta(
            months=company.synpunkt_retention_months
        )
        return [
            ("company_id", "=", company.id),
            ("is_closed", "=", True),
            ("closed_date", "!=", False),
            ("closed_date", "<", limit),
            ("retention_hold", "=", False),
            ("retention_date", "=", False),
        ]

    @api.model
    def _cron_retention(self, batch_size=RETENTION_BATCH_SIZE):
        """The retention job (``synpunkt_klagomal.ir_cron_retention``).

        For every company with a retention decision, clears the cases due
        (see :meth:`_synpunkt_retention_domain`) in batches of
        ``batch_size``. Run by the cron, each batch is committed, so a
        stopped run keeps what it did and the next run goes on from there;
        a run with nothing due changes nothing and logs nothing. A company
        without a decision is skipped: public documents may only be cleared
        under one.

        Runs as the superuser (the cases of all units, confidential ones too);
        each log entry names who configured the retention.

        :return: the number of cases cleared (int)
        """
        commit = (
            bool(self.env.context.get("cron_id")) and not modules.module.current_test
        )
        cases = self.sudo().with_context(tracking_disable=True, mail_notrack=True)
        done = 0
        for company in self.env["res.company"].sudo().search([]):
            if not (company.synpunkt_retention_decision or "").strip():
                _logger.info(
                    "Retention skipped for %s: no retention decision set", company.name
                )
                continue
            done += cases._synpunkt_retention_run(company, batch_size, commit)
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)
        return done

    @api.model
    def _synpunkt_retention_run(self, company, batch_size, commit):
        domain = self._synpunkt_retention_domain(company)
        Log = self.env["synpunkt.retention.log"].sudo()
        run = Log.browse()
        total = 0
        while cases := self.search(domain, limit=batch_size, order="id"):
            if not run:
                run = Log.create(
                    {
                        "log_type": "run",
                        "company_id": company.id,
                        "decision": company.synpunkt_retention_decision,
                        "retention_months": company.synpunkt_retention_months,
                        "configured_by_id": company.synpunkt_retention_user_id.id,
                        "configured_date": company.synpunkt_retention_config_date,
                    }
                )
            cases._synpunkt_retention_clear(run)
            total += len(cases)
            run.write(
                {
                    "case_count": total,
                    "removed": run.with_context(
                        lang=self._synpunkt_mail_lang()
                    )._synpunkt_run_summary(total),
                }
            )
            if commit:
                # Only in the cron: a batch's removals and its log survive a
                # later batch's failure.
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # What was read and written for this batch is not needed again.
            self.env.invalidate_all()
        if total:
            _logger.info(
                "Retention: personal data of %s cases of %s removed",
                total,
                company.name,
            )
        return total

    def _synpunkt_retention_attachments(self):
        """The attachments of these cases, of their measures and of their
        messages, each with the id of its case: {attachment: case id}."""
        Attachment = self.env["ir.attachment"].sudo()
        owner = {}
        for attachment in Attachment.search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ):
            owner[attachment] = attachment.res_id
        measures = (
            self.env["synpunkt.measure"]
            .sudo()
            .search([("complaint_id", "in", self.ids)])
        )
        measure_case = {measure.id: measure.complaint_id.id for measure in measures}
        for attachment in Attachment.search(
            [("res_model", "=", "synpunkt.measure"), ("res_id", "in", measures.ids)]
        ):
            owner[attachment] = measure_case[attachment.res_id]
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("attachment_ids", "!=", False),
                ]
            )
        )
        for message in messages:
            for attachment in message.attachment_ids:
                owner.setdefault(attachment, message.res_id)
        return owner

    def _synpunkt_retention_clear(self, run):
        """Remove the personal data of these cases (a sudo recordset of one
        company) and log it under ``run`` (a synpunkt.retention.log of type
        run). Set-based: a fixed number of queries per batch."""
        lang = self._synpunkt_mail_lang()
        cases = self.with_context(lang=lang)
        now = fields.Datetime.now()
        note = cases._synpunkt_retention_note(run.decision)
        removed_fields = PERSONAL_FIELDS + REPLACED_FIELDS

        # What is there, for the log, before it goes.
        filled = {
            case.id: [fname for fname in removed_fields if case[fname]]
            for case in cases
        }
        attachments = cases._synpunkt_retention_attachments()
        attachment_count = Counter(attachments.values())
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", self._name), ("res_id", "in", cases.ids)])
        )
        mail_count = Counter(mails.mapped("res_id"))

        # Queued or sent mails about the case (their own messages go with them).
        mails.unlink()
        self.env["ir.attachment"].sudo().browse([a.id for a in attachments]).unlink()
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", self._name), ("res_id", "in", cases.ids)])
        )
        message_count = Counter(messages.filtered("body").mapped("res_id"))
        field_ids = [
            self.env["ir.model.fields"]._get(self._name, fname).id
            for fname in removed_fields
        ]
        self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id", "in", messages.ids), ("field_id", "in", field_ids)]
        ).unlink()
        messages.link_preview_ids.unlink()
        messages.write({"body": "", "subject": False})
        # A mail from the person: the sender's address and any contact it matched.
        from_outside = messages.filtered(
            lambda m: (
                not (
                    m.author_id.user_ids
                    and not all(m.author_id.user_ids.mapped("share"))
                )
            )
        )
        from_outside.write({"author_id": False, "email_from": False, "reply_to": False})
        cases.activity_ids.unlink()
        cases.measure_ids.filtered("note").write({"note": False})

        vals = dict.fromkeys(PERSONAL_FIELDS, False)
        vals.update(description=note, retention_date=now)
        cases.write(vals)
        for fname in ("suggestion", "redirect_note"):
            cases.filtered(fname).write({fname: note})
        cases.filtered("answer").write({"answer": Markup("<p>%s</p>") % note})

        labels = {
            fname: self._fields[fname]._description_string(cases.env)
            for fname in removed_fields
        }
        self.env["synpunkt.retention.log"].sudo().create(
            [
                {
                    "log_type": "case",
                    "run_id": run.id,
                    "date": now,
                    "company_id": case.company_id.id,
                    "reference": case.name,
                    "complaint_id": case.id,
                    "is_confidential": case.is_confidential,
                    "case_closed_date": case.closed_date,
                    "decision": run.decision,
                    "retention_months": run.retention_months,
                    "configured_by_id": run.configured_by_id.id,
                    "configured_date": run.configured_date,
                    "removed": cases._synpunkt_removed_summary(
                        [labels[fname] for fname in filled[case.id]],
                        attachment_count[case.id],
                        message_count[case.id],
                        mail_count[case.id],
                    ),
                    "attachment_count": attachment_count[case.id],
                    "message_count": message_count[case.id],
                    "mail_count": mail_count[case.id],
                }
                for case in cases
            ]
        )
        chatter = Markup("<p>%s</p>") % cases._synpunkt_retention_chatter(run.decision)
        cases._message_log_batch(bodies=dict.fromkeys(cases.ids, chatter))

    # Texts, in the company's language (Swedish when installed): each helper is
    # called on a recordset whose context carries the language.

    def _synpunkt_retention_note(self, decision):
        return _(
            "Removed on %(date)s under the retention decision %(decision)s (personal "
            "data).",
            date=fields.Date.to_string(swedish_today()),
            decision=decision,
        )

    def _synpunkt_retention_chatter(self, decision):
        return _(
            "The personal data, texts, attachments and message contents of this case "
            "were removed under the retention decision %s. The statistical data are "
            "kept.",
            decision,
        )

    def _synpunkt_removed_summary(self, labels, attachments, messages, mails):
        parts = list(labels)
        if attachments:
            parts.append(_("%s attachments", attachments))
        if messages:
            parts.append(_("contents of %s messages", messages))
        if mails:
            parts.append(_("%s mails", mails))
        return ", ".join(parts) or _("nothing (no personal data left)")
