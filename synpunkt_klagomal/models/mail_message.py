from odoo import models
from odoo.tools import SQL

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
        """Odoo's own "needaction" search (the user's unread, or read,
        notifications), written so that the inbox stays a walk down the
        user's own notifications, newest first, that stops at the limit.

        - The notifications are read in sudo (those of the user's partner
          only): their guard would only repeat, in this subquery, the guard
          this search applies to the messages anyway.
        - They are selected as the distinct message ids, newest first: that
          tells PostgreSQL that each message matches one row at most and in
          which order they come, so it takes them one by one, checks each
          message (and its case, for the guard) by primary key, and stops
          after the limit. As a plain ``IN`` it would check the case of every
          unread notification before sorting, or scan all messages backwards
          with the case check on each.
        """
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
        message_id = SQL.identifier(notifications.table, "mail_message_id")
        notifications.order = SQL("%s DESC", message_id)
        message_ids = notifications.select(SQL("DISTINCT %s", message_id))
        return [("id", "in", SQL("(%s)", message_ids))]

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
