from odoo import models

from .document_access import (
    apply_document_guard,
    forbid_unreadable_documents,
    own_columns_link,
)


class MailFollowers(models.Model):
    """Who follows a case says who handles which reference: Odoo lets every
    internal user list all followers. A case's followers are readable only by
    whoever may read the case; followers of other documents are untouched."""

    _inherit = "mail.followers"

    def _apply_ir_rules(self, query, mode="read"):
        res = super()._apply_ir_rules(query, mode)
        if mode == "read":
            apply_document_guard(self, query, "res_model", "res_id")
        return res

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self,
            operation,
            super()._check_access(operation),
            lambda forbidden: forbidden._make_access_error(operation),
            own_columns_link(self._table, "res_model", "res_id"),
        )
