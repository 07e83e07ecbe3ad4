import logging

from odoo import api, fields, models

from ..tools.swedish_time import swedish_date

_logger = logging.getLogger(__name__)


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    def _get_eval_context(self, payload=None):
        """Filters of this module's deadline rules compare dates with
        ``swedish_today``: deadlines are Swedish calendar days, whatever the
        server's time zone."""
        eval_context = super()._get_eval_context(payload=payload)
        eval_context["swedish_today"] = swedish_date(fields.Datetime.now())
        return eval_context

    @api.model
    def _get_calendar(self, automation, record):
        """Count a case's working days in its own company's calendar (each
        municipality has its own), not in one calendar for all."""
        if (
            record._name == "synpunkt.complaint"
            and record.company_id.resource_calendar_id
        ):
            return record.company_id.resource_calendar_id
        return super()._get_calendar(automation, record)

    @api.model
    def _synpunkt_catch_up_rules(self):
        """The time-based rules this module ships (by XML id, so that a copy
        an administrator makes keeps Odoo's behaviour)."""
        rule_ids = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", "synpunkt_klagomal"), ("model", "=", self._name)])
            .mapped("res_id")
        )
        return (
            self.sudo()
            .browse(rule_ids)
            .exists()
            .filtered(lambda rule: rule.active and rule.trigger == "on_time")
        )

    @api.model
    def _check(self, automatic=False, use_new_cursor=False):
        """Odoo 18 acts on a record only when its trigger moment lies
        between the rule's last run and now. A case whose trigger was already
        past when it got its dates (registered late, received date corrected
        backwards) or that the job missed (stopped, restarted with another
        last run) would never be acted on. For this module's deadline rules
        the window therefore starts at the beginning of time: every due case
        is acted on at the first run at or after its trigger. They act once
        because each action stamps the case and the rule's filter leaves
        stamped cases out (models/synpunkt_complaint_deadlines.py), which
        also keeps a run's cost to the cases still due. The engine writes
        ``last_run`` again at the end of the run.

        Odoo runs a rule's actions once per record; this module's rules
        collect their due cases instead (:meth:`_process`) and act on them
        at once after the engine's pass, so that escalation sends one digest
        per recipient and its cost follows the due cases (issue 12)."""
        rules = self._synpunkt_catch_up_rules()
        rules.write({"last_run": False})
        batches = {rule: self.env[rule.model_name] for rule in rules}
        result = super(
            BaseAutomation, self.with_context(synpunkt_deadline_batches=batches)
        )._check(automatic=automatic, use_new_cursor=use_new_cursor)
        for rule, records in batches.items():
            if records:
                rule._synpunkt_process_batch(records)
                if automatic:
                    # As Odoo's own _check does after each rule in the cron.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        return result

    def _process(self, records, domain_post=None):
        batches = self.env.context.get("synpunkt_deadline_batches")
        if batches is not None and self in batches and not domain_post:
            batches[self] |= records
            return None
        return super()._process(records, domain_post=domain_post)

    def _synpunkt_process_batch(self, records):
        """Run this rule's server actions once on all ``records`` (code
        actions get them as ``records``). Should that fail, each record is
        processed on its own as Odoo does, so one bad case does not stop
        the others."""
        self.ensure_one()
        done = dict(self.env.context.get("__action_done", {}))
        records -= done.get(self, records.browse())
        if not records:
            return
        done[self] = done.get(self, records.browse()) | records
        # The scheduled job runs without a language: the notes, activities
        # and notices the actions write for staff are in the municipality's.
        lang = self.env.context.get("lang") or records._synpunkt_mail_lang()
        try:
            with self.env.cr.savepoint():
                for action in self.sudo().action_server_ids:
                    action.with_context(
                        lang=lang,
                        __action_done=done,
                        active_model=records._name,
                        active_ids=records.ids,
                        active_id=records[:1].id,
                    ).run()
        except Exception:
            _logger.exception(
                "Rule %s failed on %s cases at once: one by one",
                self.name,
                len(records),
            )
            for record in records:
                try:
                    with self.env.cr.savepoint():
                        super(
                            BaseAutomation,
                            self.with_context(synpunkt_deadline_batches=None),
                        )._process(record)
                except Exception:
                    _logger.exception("Rule %s failed on %s", self.name, record)
