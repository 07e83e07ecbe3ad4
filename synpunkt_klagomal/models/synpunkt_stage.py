from odoo import _, fields, models


class SynpunktStage(models.Model):
    """A column of the case board. Flags tell the rest of the module what a
    stage means, so administrators may rename and reorder stages freely."""

    _name = "synpunkt.stage"
    _description = "Case stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="Shown as a tooltip on the board.")
    public_name = fields.Char(
        translate=True,
        help="The stage in plain words for the person who sent the case (status page).",
    )
    fold = fields.Boolean(string="Folded on the board")
    is_closed = fields.Boolean(
        string="Closed",
        help="Cases in this stage are finished; the retention period starts.",
    )
    is_answered = fields.Boolean(
        string="Answered",
        help="Reaching this stage records that the person has been answered.",
    )
    is_redirect = fields.Boolean(
        string="Redirected",
        help="Cases that must be handled in another order (appeal, IVO, Lex Sarah, "
        "...) land here.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail template",
        domain=[("model", "=", "synpunkt.complaint")],
        help="Sent to the person when a case reaches this stage.",
    )

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            for stage in self.filtered("active"):
                self.env["synpunkt.complaint"]._synpunkt_raise_if_dependents(
                    [("stage_id", "=", stage.id)],
                    _(
                        "The stage %(stage)s cannot be archived: %%(count)s open cases "
                        "are in it (%%(refs)s). Move them to another stage first.",
                        stage=stage.name,
                    ),
                )
        return super().write(vals)
