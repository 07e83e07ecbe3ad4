from odoo import _, fields, models


class SynpunktCategory(models.Model):
    """What a case is about (bemötande, handläggning, mat, ...). Used for
    statistics to the social committee."""

    _name = "synpunkt.category"
    _description = "Case category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the category between all companies.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A category with this name already exists.",
        ),
    ]

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self.filtered("active")._check_not_in_use(
                _(
                    "The category %(category)s cannot be archived: %%(count)s open "
                    "cases have it (%%(refs)s). Give them another category first."
                )
            )
        return super().write(vals)

    def unlink(self):
        self._check_not_in_use(
            _(
                "The category %(category)s cannot be deleted: %%(count)s open cases "
                "have it (%%(refs)s). Give them another category first, or archive it "
                "once they are closed."
            )
        )
        return super().unlink()

    def _check_not_in_use(self, message):
        for category in self:
            self.env["synpunkt.complaint"]._synpunkt_raise_if_dependents(
                [("category_id", "=", category.id)],
                message % {"category": category.name},
            )
