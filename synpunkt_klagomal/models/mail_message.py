from odoo import api, models
from odoo.osv import expression

from .document_access import (
    forbid_unreadable_documents, own_columns_link, readable_documents_domain,
)


class MailMessage(models.Model):
    """Odoo lets the author and every notified recipient of a message read it
    even when they cannot read its document. A case's messages hold its
    content, so for cases the document's access alone decides: a handler who
    lost a case, or a manager notified about a case later made confidential,
    no longer reads its history. Messages of every other model are left to
    Odoo's own rules, for every user, also those outside this module."""

    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Added to whatever the caller wrote (any shape, any read path that
        # searches: search_read, search_fetch, read_group, web_read_group),
        # before Odoo's own limit and filtering.
        guard = readable_documents_domain(self.env, "model", "res_id")
        if guard:
            domain = expression.AND([domain, guard])
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self, operation, super()._check_access(operation),
            lambda forbidden: forbidden._make_access_error(operation),
            own_columns_link(self._table, "model", "res_id"),
        )
