from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, html_sanitize

from ..tools.swedish_time import swedish_today


class ReportSynpunktAnswerLetter(models.AbstractModel):
    """The answer by letter, for a window envelope. Only readers of the case
    print it; a confidential case's letter is allowed, since it goes by
    post to the person themself (the e-mail path refuses it instead)."""

    _name = "report.synpunkt_klagomal.report_synpunkt_answer_letter"
    _description = "Answer letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        cases = self.env["synpunkt.complaint"].browse(docids)
        cases.check_access("read")
        for case in cases:
            if not html2plaintext(case.answer or "").strip():
                raise UserError(
                    _(
                        "Write the answer of case %s before printing its letter.",
                        case.name,
                    )
                )
            if not (
                case.submitter_name and case.submitter_street and case.submitter_city
            ):
                raise UserError(
                    _(
                        "Case %s has no complete postal address (name, address, postal "
                        "code and city): the letter cannot be posted.",
                        case.name,
                    )
                )
        return {
            "doc_ids": docids,
            "doc_model": "synpunkt.complaint",
            "docs": cases,
            "company": self.env.company,
            "letter_date": swedish_today(),
            # Sanitized again at print: the letter leaves the building.
            "answers": {case.id: html_sanitize(case.answer) for case in cases},
        }
