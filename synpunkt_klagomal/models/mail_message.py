from odoo import models

from .document_access import (
    apply_document_guard,
    forbid_unreadable_documents,
    own_columns_link,
)


class MailMessage(models.Model):
    """Odoo lets the author and every notified recipient of a message read it
    even when they cannot read its document. A case's messages hold its
    content, so for cases the document's access alone decides: a handler who
    lost a case, or a manager notified about a case later made confidential,
    no longer reads its history. Messages of every other model are left to
    Odoo's own rules, for every user, also those outside this module."""

    _inherit = "mail.message"

    def _search_needaction(self, operator, operand):
        """Odoo's own "needaction" search, with the user's own notifications
        read in sudo (those of their partner only, used as a subquery of
        message ids): the notifications' guard would only repeat, in that
        subquery, the guard this search applies to the messages anyway, and
        hide the early LIMIT from PostgreSQL's plan of the inbox."""
        is_read = not (operator == "=" and operand)
        notifications = (
            self.env["mail.notification"]
            .sudo()
            ._search(
                [
                    ("res_partner_id", "=", self.env.user.partner_id.id),
                    ("is_read", "=", is_read),
                ]
            )
        )
        return [("notification_ids", "in", notifications)]

    def _apply_ir_rules(self, query, mode="read"):
        res = super()._apply_ir_rules(query, mode)
        if mode == "read":
            apply_document_guard(self, query, "model", "res_id")
        return res

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self,
            operation,
            super()._check_access(operation),
            lambda forbidden: forbidden._make_access_error(operation),
            own_columns_link(self._table, "model", "res_id"),
        )
