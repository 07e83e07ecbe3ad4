from odoo import api, models
from odoo.tools import SQL

from .document_access import forbid_unreadable_documents, readable_documents_domain


class MailNotification(models.Model):
    """Notifications say who was told about what: those of a case's messages
    are readable only by whoever may read the case; the rest is Odoo's."""

    _inherit = "mail.notification"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        guard = readable_documents_domain(self.env, "model", "res_id")
        if guard and not query.is_empty():
            # The messages kept by the guard, as a subquery in sudo: the
            # guard already carries the user's rights, and mail.message's own
            # search would read every message id into Python.
            messages = self.env["mail.message"].sudo()._search(guard)
            query.add_where(SQL(
                "%s IN %s", SQL.identifier(query.table, "mail_message_id"), messages.subselect(),
            ))
        return query

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
