"""Redirect outcomes (seed 003): matters that must not be handled as
complaints (a decision in the exercise of authority, a matter with IVO, a Lex
Sarah or Lex Maria report, an allegation of a crime by staff). Choosing one
records the reason, closes the case as redirected (kept for traceability) and
tells the responsible manager at once, without case content."""

from odoo import _, fields, models

from ..tools.swedish_time import swedish_today

# Seed 003: matters that must not be handled as complaints.
REDIRECT_REASONS = [
    ("authority_decision", "Decision in the exercise of authority (appeal instead)"),
    ("supervisory_authority", "Matter with the supervisory authority (IVO)"),
    ("lex_sarah", "Lex Sarah report"),
    ("lex_maria", "Lex Maria report"),
    ("staff_crime", "Allegation of a crime by staff"),
]


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    redirect_reason = fields.Selection(
        REDIRECT_REASONS,
        tracking=True,
        copy=False,
        index=True,
        help="The case must be handled in another order and is closed here as "
        "redirected.",
    )
    redirect_note = fields.Text(copy=False)
    redirect_date = fields.Datetime(readonly=True, copy=False)

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

    def _redirect_stage(self):
        stage = self.env["synpunkt.stage"].search([("is_redirect", "=", True)], limit=1)
        return stage or self.env["synpunkt.stage"].search(
            [("is_closed", "=", True)], limit=1
        )

    def _responsible_manager(self):
        """The unit manager, else the head of administration, else the
        responsible handler; the first of them who can read the case, with
        the fallback of :meth:`_synpunkt_notice_recipients`."""
        self.ensure_one()
        intended = (
            self.unit_id.manager_id
            or self.company_id.synpunkt_head_user_id
            or self.user_id
        )
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
            reason = dict(
                self._fields["redirect_reason"]._description_selection(self.env)
            )[case.redirect_reason]
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
                    date_deadline=swedish_today(),
                )
