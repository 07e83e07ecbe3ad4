from odoo import api, models
from odoo.tools import html2plaintext

from ..wizards.synpunkt_person_extract_wizard import check_extract_access


class ReportSynpunktPersonExtract(models.AbstractModel):
    """The register extract: refused, like its wizard, to anyone but a
    manager with confidential access, and only over the cases they can read."""

    _name = "report.synpunkt_klagomal.report_synpunkt_person_extract"
    _description = "Register extract for a person"

    @api.model
    def _get_report_values(self, docids, data=None):
        check_extract_access(self.env)
        wizards = self.env["synpunkt.person.extract.wizard"].browse(docids)
        wizards.check_access("read")
        wizards.complaint_ids.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": wizards._name,
            "docs": wizards,
            "html2plaintext": html2plaintext,
            "data": data,
        }
