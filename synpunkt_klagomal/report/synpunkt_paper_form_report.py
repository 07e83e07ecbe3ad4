from odoo import api, models

UNIT_COLUMNS = 3


class ReportSynpunktPaperForm(models.AbstractModel):
    """The blank paper form for receptions (seeds 000, 001, 002), printed
    for a company: every active unit to tick, laid out in columns so the form
    stays on two A4 pages."""

    _name = "report.synpunkt_klagomal.report_synpunkt_paper_form"
    _description = "Paper form for feedback and complaints"

    @api.model
    def _get_report_values(self, docids, data=None):
        companies = self.env["res.company"].browse(docids)
        companies.check_access("read")
        Complaint = self.env["synpunkt.complaint"]

        def labels(fname):
            return [
                label
                for _value, label in Complaint._fields[fname]._description_selection(
                    self.env
                )
            ]

        return {
            "doc_ids": docids,
            "doc_model": "res.company",
            "docs": companies,
            "unit_columns": {
                company.id: self._unit_columns(company) for company in companies
            },
            "kinds": labels("kind"),
            "roles": labels("submitter_role"),
            "feedback_methods": labels("feedback_method"),
        }

    @api.model
    def _unit_columns(self, company):
        """[[(name, depth)]]: the company's active units in tree order,
        split top to bottom into UNIT_COLUMNS columns. Unit names are what
        the form is for, so they are read in sudo: whoever hands out the form
        need not be a handler."""
        units = (
            self.env["synpunkt.unit"]
            .sudo()
            .search(
                [("company_id", "=", company.id), ("active", "=", True)],
                order="complete_name",
            )
        )
        entries = [(unit.name, unit.parent_path.count("/") - 1) for unit in units]
        per_column = -(-len(entries) // UNIT_COLUMNS) or 1
        return [entries[i : i + per_column] for i in range(0, len(entries), per_column)]
