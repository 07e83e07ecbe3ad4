"""Deadline actions of a case, run by the base.automation records of
data/base_automation_data.xml (SPEC §4).

Each action fires once per deadline: the case carries a stamp of it
(``<deadline>_reminder_date``, ``<deadline>_escalation_date``,
``delay_notice_date``). The rules' filters exclude stamped cases, so that a
run costs in proportion to the cases still due, and the engine may look at
a case whose trigger lies far in the past (see models/base_automation.py)."""
from odoo import fields, models


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    ack_reminder_date = fields.Datetime(
        string="Acknowledgement reminder on", readonly=True, copy=False,
        help="When the responsible handler got the to-do to acknowledge the case.",
    )
    response_reminder_date = fields.Datetime(
        string="Response reminder on", readonly=True, copy=False,
        help="When the responsible handler got the to-do to answer the case.",
    )

    def _synpunkt_remind(self, deadline):
        """Give the responsible handler a to-do for ``deadline`` ("ack" or
        "response"), once: stamped in ``<deadline>_reminder_date``. A case
        without a handler waits, unstamped, until it has one. A to-do of the
        same type already on the case (e.g. scheduled by hand) counts."""
        activity_type = self._deadline_activity_type(deadline)
        stamp = f"{deadline}_reminder_date"
        now = fields.Datetime.now()
        for case in self.filtered(
            lambda c: c._deadline_is_open(deadline) and c.user_id and not c[stamp]
        ):
            case.sudo()[stamp] = now
            if case.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
                continue
            case.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=case.user_id.id,
                date_deadline=case[f"{deadline}_deadline"],
            )
