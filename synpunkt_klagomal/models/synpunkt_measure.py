from odoo import api, fields, models

from ..tools.swedish_time import swedish_today


class SynpunktMeasure(models.Model):
    """An improvement measure taken because of a case, followed up at the
    unit's workplace meeting (arbetsplatsträff, seed 003)."""

    _name = "synpunkt.measure"
    _description = "Improvement measure"
    _order = "date_deadline, id"
    _check_company_auto = True

    name = fields.Char(string="Measure", required=True)
    complaint_id = fields.Many2one(
        "synpunkt.complaint",
        string="Case",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    unit_id = fields.Many2one(related="complaint_id.unit_id", store=True, index=True)
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
    )
    date_deadline = fields.Date(string="Due date")
    is_done = fields.Boolean(string="Done")
    done_date = fields.Date(compute="_compute_done_date", store=True, readonly=False)
    followed_up_at_meeting = fields.Boolean(
        string="Followed up at workplace meeting",
        help="Discussed at the unit's workplace meeting (APT) for reflection and "
        "learning.",
    )
    meeting_date = fields.Date(string="Workplace meeting date")
    note = fields.Text()

    @api.depends("is_done")
    def _compute_done_date(self):
        for measure in self:
            if not measure.is_done:
                measure.done_date = False
            elif not measure.done_date:
                measure.done_date = swedish_today()
