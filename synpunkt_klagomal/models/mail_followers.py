from odoo import api, models
from odoo.osv import expression

from .document_access import (
    forbid_unreadable_documents, own_columns_link, readable_documents_domain,
)


class MailFollowers(models.Model):
    """Who follows a case says who handles which reference: Odoo lets every
    internal user list all followers. A case's followers are readable only by
    whoever may read the case; followers of other documents are untouched."""

    _inherit = "mail.followers"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        guard = readable_documents_domain(self.env, "res_model", "res_id")
        if guard:
            domain = expression.AND([domain, guard])
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        return forbid_unreadable_documents(
            self, operation, super()._check_access(operation),
            lambda forbidden: forbidden._make_access_error(operation),
            own_columns_link(self._table, "res_model", "res_id"),
        )
