from odoo import _, models
from odoo.exceptions import AccessError

from .document_access import (
    GUARDED_MODELS,
    forbid_unreadable_documents,
    own_columns_link,
)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_access(self, operation):
        """Odoo 18 checks an attachment against its document only when
        searching: reading one by id (``read``, ``/web/content/<id>``) is
        allowed to every internal user. For the cases of this module, an
        attachment is readable only by whoever may read the case. Searching
        is Odoo's own filter, which already asks the case's rules."""
        return forbid_unreadable_documents(
            self,
            operation,
            super()._check_access(operation),
            lambda _forbidden: AccessError(
                _(
                    "You are not allowed to access this document (a confidential or "
                    "another unit's case)."
                )
            ),
            own_columns_link(self._table, "res_model", "res_id"),
            guarded_models=GUARDED_MODELS,
        )
