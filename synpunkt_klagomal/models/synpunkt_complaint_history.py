from odoo import _, models

from ..tools.swedish_time import swedish_date, swedish_today


class SynpunktComplaint(models.Model):
    """What a printout tells about a case's course: its stages over time
    (from the chatter's tracking of ``stage_id``) and each deadline with
    whether it was met."""

    _inherit = "synpunkt.complaint"

    def _synpunkt_stage_history(self):
        """{case id: [{"date": date (Swedish), "stage": str, "user": str}]},
        oldest first, starting with the stage at receipt. Read in sudo after
        the caller checked read access on the cases: the tracking values are
        the case's own, stage names only."""
        field = self.env["ir.model.fields"]._get(self._name, "stage_id")
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id", "=", field.id),
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "in", self.ids),
                ],
                order="id",
            )
        )
        by_case = {}
        for tracking in trackings:
            by_case.setdefault(tracking.mail_message_id.res_id, []).append(tracking)
        # Names in the printing language: the tracked chars are in the language
        # of whoever changed the stage.
        stages = (
            self.env["synpunkt.stage"]
            .with_context(active_test=False)
            .browse(
                set(
                    trackings.mapped("old_value_integer")
                    + trackings.mapped("new_value_integer")
                )
                - {0}
            )
            .exists()
        )
        names = {stage.id: stage.name for stage in stages}

        def stage_name(stage_id, tracked_char):
            return names.get(stage_id) or tracked_char or ""

        history = {}
        for case in self:
            changes = by_case.get(case.id, [])
            first_stage = (
                stage_name(changes[0].old_value_integer, changes[0].old_value_char)
                if changes
                else case.stage_id.name
            )
            rows = [
                {
                    "date": swedish_date(case.received_date),
                    "stage": first_stage or "",
                    "user": "",
                }
            ]
            for tracking in changes:
                message = tracking.mail_message_id
                rows.append(
                    {
                        "date": swedish_date(message.date),
                        "stage": stage_name(
                            tracking.new_value_integer, tracking.new_value_char
                        ),
                        "user": message.author_id.name or "",
                    }
                )
            history[case.id] = rows
        return history

    def _synpunkt_deadline_rows(self):
        """[{"label", "deadline", "done", "state"}] for one case: the
        acknowledgement (only when feedback is wanted) and the answer; state
        is Met, Late, Closed without it, Not yet due or Overdue (translated)."""
        self.ensure_one()
        today = swedish_today()
        rows = []
        for label, deadline, done in (
            (_("Acknowledgement"), self.ack_deadline, self.ack_date),
            (_("Answer"), self.response_deadline, self.response_date),
        ):
            if not deadline:
                continue
            if done:
                state = _("Met") if done <= deadline else _("Late")
            elif self.is_closed:
                state = _("Closed without it")
            else:
                state = _("Overdue") if today > deadline else _("Not yet due")
            rows.append(
                {
                    "label": label,
                    "deadline": deadline,
                    "done": done or "",
                    "state": state,
                }
            )
        return rows
