from odoo import models

from .document_access import (
    apply_message_document_guard,
    forbid_unreadable_documents,
    message_link,
)


class MailNotification(models.Model):
    """Notifications say who was told about what: those of a case's messages
    are readable only by whoever may read the case; the rest is Odoo's."""

    _inherit = "mail.notification"

    def _apply_ir_rules(self, query, mode="read"):
        res = super()._apply_ir_rules(query, mode)
        if mode == "read":
            apply_message_document_guard(self, query)
        return res

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self,
            operation,
            super()._check_access(operation),
            lambda forbidden: forbidden._make_access_error(operation),
            message_link(self._table),
        )
