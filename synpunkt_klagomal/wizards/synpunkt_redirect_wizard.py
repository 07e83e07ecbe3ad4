from odoo import fields, models

from ..models.synpunkt_complaint_redirect import REDIRECT_REASONS


class SynpunktRedirectWizard(models.TransientModel):
    """Close a case as redirected: it is a matter for another order
    (appeal, IVO, Lex Sarah, Lex Maria, police report; seed 003)."""

    _name = "synpunkt.redirect.wizard"
    _description = "Redirect a case"

    complaint_id = fields.Many2one(
        "synpunkt.complaint", required=True, ondelete="cascade"
    )
    redirect_reason = fields.Selection(REDIRECT_REASONS, string="Reason", required=True)
    redirect_note = fields.Text(
        string="Note", help="What was done: to whom it was forwarded, when, and how."
    )

    def action_redirect(self):
        self.ensure_one()
        self.complaint_id.write(
            {
                "redirect_reason": self.redirect_reason,
                "redirect_note": self.redirect_note,
            }
        )
        return {"type": "ir.actions.act_window_close"}
