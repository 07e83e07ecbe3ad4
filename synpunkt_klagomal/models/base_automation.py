from odoo import api, fields, models

from .res_company import swedish_date


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
        if record._name == "synpunkt.complaint" and record.company_id.resource_calendar_id:
            return record.company_id.resource_calendar_id
        return super()._get_calendar(automation, record)
