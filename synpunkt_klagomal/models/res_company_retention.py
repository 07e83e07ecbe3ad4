from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_RETENTION_MONTHS = 24
# Changing one of these changes what the retention job removes: the log
# names who did it (the job itself runs as the superuser).
RETENTION_SETTINGS = ("synpunkt_retention_months", "synpunkt_retention_decision")


class ResCompany(models.Model):
    _inherit = "res.company"

    synpunkt_retention_months = fields.Integer(
        string="Keep personal data (months after closing)",
        default=DEFAULT_RETENTION_MONTHS,
        help="Months after a case was closed before the retention job removes its "
        "personal data and attachments (SPEC §8; the municipality's document "
        "management plan decides).",
    )
    synpunkt_retention_decision = fields.Char(
        string="Retention decision",
        help="Reference of the municipality's retention decision (gallringsbeslut), "
        "e.g. 'SN 2024/123 § 45'. Shown in every log entry. Without it nothing is "
        "removed: public documents may only be cleared under a decision.",
    )
    synpunkt_retention_user_id = fields.Many2one(
        "res.users",
        string="Retention configured by",
        readonly=True,
        copy=False,
    )
    synpunkt_retention_config_date = fields.Datetime(
        string="Retention configured on",
        readonly=True,
        copy=False,
    )

    @api.constrains("synpunkt_retention_months")
    def _check_synpunkt_retention_months(self):
        for company in self:
            if company.synpunkt_retention_months < 1:
                raise ValidationError(
                    _(
                        "Personal data must be kept at least one month after a case is "
                        "closed."
                    )
                )

    def write(self, vals):
        changed = self.browse()
        if RETENTION_SETTINGS & vals.keys() and not self.env.context.get(
            "install_mode"
        ):
            changed = self.filtered(
                lambda c: any(
                    c[fname] != vals[fname]
                    for fname in RETENTION_SETTINGS
                    if fname in vals
                )
            )
        result = super().write(vals)
        if changed:
            super(ResCompany, changed).write(
                {
                    "synpunkt_retention_user_id": self.env.uid,
                    "synpunkt_retention_config_date": fields.Datetime.now(),
                }
            )
        return result
