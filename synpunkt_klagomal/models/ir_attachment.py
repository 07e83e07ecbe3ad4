from odoo import _, models
from odoo.exceptions import AccessError

from .document_access import forbid_unreadable_documents

# Documents whose attachments are as secret as the documents themselves.
GUARDED_MODELS = ("synpunkt.complaint", "synpunkt.measure")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_access(self, operation):
        """Odoo 18 checks an attachment against its document only when
        searching: reading one by id (``read``, ``/web/content/<id>``) is
        allowed to every internal user. For the cases of this module, an
        attachment is readable only by whoever may read the case."""
        return forbid_unreadable_documents(
            self, operation, super()._check_access(operation), GUARDED_MODELS,
            lambda _forbidden: AccessError(_(
                "You are not allowed to access this document (a confidential or another unit's case)."
            )),
        )
