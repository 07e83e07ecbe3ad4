from odoo import _, api, models

from ..tools.swedish_time import swedish_date

SUBJECT_LENGTH = 60


class ReportSynpunktRegister(models.AbstractModel):
    """The register list (diarieförteckning, OSL 5 kap. 1 §): every case
    with its reference, date of receipt, kind, channel and unit; the
    sender's name and a short subject unless the case is confidential, for
    which the entry says only that it is kept secret and under what. The
    rows are built here, so a confidential case's name and text never reach
    the template."""

    _name = "report.synpunkt_klagomal.report_synpunkt_register"
    _description = "Register list"

    @api.model
    def _get_report_values(self, docids, data=None):
        cases = self.env["synpunkt.complaint"].browse(docids)
        cases.check_access("read")
        cases = cases.sorted(lambda c: (c.received_date, c.id))
        kinds = dict(cases._fields["kind"]._description_selection(self.env))
        channels = dict(cases._fields["channel"]._description_selection(self.env))
        rows = []
        for case in cases:
            row = {
                "reference": case.name,
                "received": swedish_date(case.received_date),
                "kind": kinds.get(case.kind, ""),
                "channel": channels.get(case.channel, ""),
                "unit": case.unit_id.complete_name or "",
            }
            if case.is_confidential:
                row["secret"] = _("Secret under %s", case.confidentiality_ground)
            else:
                first_line = (case.description or "").strip().splitlines()[:1]
                subject = first_line[0] if first_line else ""
                if len(subject) > SUBJECT_LENGTH:
                    subject = subject[: SUBJECT_LENGTH - 1].rstrip() + "…"
                row.update(
                    sender=_("Anonymous")
                    if case.is_anonymous
                    else (case.submitter_name or "–"),
                    subject=subject,
                )
            rows.append(row)
        data = data or {}
        if not data.get("period") and cases:
            data["period"] = f"{rows[0]['received']} – {rows[-1]['received']}"
        return {
            "doc_ids": docids,
            "doc_model": "synpunkt.complaint",
            "docs": cases,
            "rows": rows,
            "period": data.get("period", ""),
            "company": self.env.company,
        }
