from odoo import models
from odoo.tools import SQL

from .document_access import forbid_unreadable_documents, readable_documents_sql


class MailNotification(models.Model):
    """Notifications say who was told about what: those of a case's messages
    are readable only by whoever may read the case; the rest is Odoo's."""

    _inherit = "mail.notification"

    def _apply_ir_rules(self, query, mode="read"):
        super()._apply_ir_rules(query, mode)
        if mode != "read":
            return
        # The notification's message, checked row by row by its primary key.
        message = SQL.identifier("synpunkt_guard_message")
        condition = readable_documents_sql(
            self.env, SQL("%s.model", message), SQL("%s.res_id", message)
        )
        if condition is not None:
            query.add_where(SQL(
                "EXISTS(SELECT 1 FROM mail_message %s WHERE %s.id = %s AND %s)",
                message, message, SQL.identifier(query.table, "mail_message_id"), condition,
            ))

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self, operation, super()._check_access(operation),
            lambda forbidden: forbidden._make_access_error(operation),
            lambda ids: SQL(
                """SELECT notification.id, message.model, message.res_id
                     FROM mail_notification notification
                     JOIN mail_message message ON message.id = notification.mail_message_id
                    WHERE notification.id = ANY(%s)""",
                ids,
            ),
        )
