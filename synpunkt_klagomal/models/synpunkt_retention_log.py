from odoo import _, fields, models

LOG_TYPES = [("run", "Run"), ("case", "Case")]


class SynpunktRetentionLog(models.Model):
    """What the retention job removed, and under which decision: one entry
    per run (and company) and one per case.

    Readable by managers only, writable by nobody: the job writes with sudo
    (security/ir.model.access.csv has no create, write or unlink right for
    any group). The entry of a confidential case is, like the case, hidden
    from managers without confidential access (record rule)."""

    _name = "synpunkt.retention.log"
    _description = "Retention log"
    _order = "date desc, id desc"
    _rec_name = "reference"

    log_type = fields.Selection(
        LOG_TYPES, string="Type", required=True, readonly=True, index=True
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    run_id = fields.Many2one(
        "synpunkt.retention.log",
        readonly=True,
        index=True,
        ondelete="restrict",
        domain=[("log_type", "=", "run")],
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    reference = fields.Char(
        readonly=True, help="The case's reference (registration number)."
    )
    complaint_id = fields.Many2one(
        "synpunkt.complaint",
        string="Case",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    is_confidential = fields.Boolean(string="Confidential case", readonly=True)
    case_closed_date = fields.Datetime(string="Case closed on", readonly=True)
    decision = fields.Char(string="Retention decision", readonly=True)
    retention_months = fields.Integer(string="Retention (months)", readonly=True)
    configured_by_id = fields.Many2one(
        "res.users",
        string="Retention configured by",
        readonly=True,
        help="Who last set the retention period or decision of the company. The job "
        "itself runs as the superuser.",
    )
    configured_date = fields.Datetime(string="Configured on", readonly=True)
    removed = fields.Text(string="What was removed", readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True)
    attachment_count = fields.Integer(string="Attachments deleted", readonly=True)
    message_count = fields.Integer(string="Messages emptied", readonly=True)
    mail_count = fields.Integer(string="Mails deleted", readonly=True)

    def _synpunkt_run_summary(self, count):
        return _("Personal data of %s cases removed.", count)
