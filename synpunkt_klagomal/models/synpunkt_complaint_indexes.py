"""Partial indexes for the nightly deadline rules (issue 12, SPEC §9).

Each rule of data/base_automation_data.xml looks for open cases whose
deadline is near or past and whose action has not been taken yet (its stamp
is empty). A plain index on the deadline finds every case of the history
whose deadline lies before today, closed ones included, and filters them: the
run then costs in proportion to the history. These indexes hold only the
cases a rule can still act on (the stamp and the answer date empty), so the
search reads the due cases and nothing else, whatever the size of the
history. PostgreSQL uses a partial index when the query's conditions imply
its WHERE clause: the rules' ``('x', '=', False)`` become ``x IS NULL``.
"""

from odoo import models
from odoo.tools.sql import create_index

# name: (column, WHERE clause), one per deadline rule
DEADLINE_RULE_INDEXES = {
    "synpunkt_complaint_ack_reminder_due_idx": (
        "ack_deadline",
        "ack_date IS NULL AND response_date IS NULL AND ack_reminder_date IS NULL",
    ),
    "synpunkt_complaint_response_reminder_due_idx": (
        "response_deadline",
        "response_date IS NULL AND response_reminder_date IS NULL",
    ),
    "synpunkt_complaint_delay_notice_due_idx": (
        "response_deadline",
        "response_date IS NULL AND delay_notice_date IS NULL",
    ),
    "synpunkt_complaint_ack_escalation_due_idx": (
        "ack_deadline",
        "ack_date IS NULL AND response_date IS NULL AND ack_escalation_date IS NULL",
    ),
    "synpunkt_complaint_response_escalation_due_idx": (
        "response_deadline",
        "response_date IS NULL AND response_escalation_date IS NULL",
    ),
}


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    def init(self):
        res = super().init()
        for name, (column, where) in DEADLINE_RULE_INDEXES.items():
            create_index(self.env.cr, name, self._table, [column], where=where)
        return res
