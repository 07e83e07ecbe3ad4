from odoo import api, models
from odoo.osv import expression

GUARDED_MODEL = "synpunkt.complaint"


class MailMessage(models.Model):
    """Odoo lets the author and every notified recipient of a message read it
    even when they cannot read its document. A case's messages hold its
    content, so for cases the document's access alone decides: a handler who
    lost a case, or a manager notified about a case later made confidential,
    no longer reads its history."""

    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            readable_cases = self.env[GUARDED_MODEL]._search([])
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("model", "!=", GUARDED_MODEL),
                        ("res_id", "in", readable_cases),
                    ],
                ]
            )
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation != "read" or self.env.su or not self._ids:
            return result
        candidates = self - result[0] if result else self
        forbidden = candidates._synpunkt_unreadable()
        if not forbidden:
            return result
        if result:
            return result[0] | forbidden, result[1]
        return forbidden, lambda: forbidden._make_access_error(operation)

    def _synpunkt_unreadable(self):
        ids = [id_ for id_ in self._ids if isinstance(id_, int)]
        if not ids:
            return self.browse()
        self.flush_model(["model", "res_id"])
        self.env.cr.execute(
            "SELECT id, res_id FROM mail_message WHERE id = ANY(%s) AND model = %s AND res_id > 0",
            [ids, GUARDED_MODEL],
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return self.browse()
        cases = self.env[GUARDED_MODEL].browse({res_id for _id, res_id in rows})
        allowed = set(cases.exists()._filtered_access("read")._ids)
        return self.browse(id_ for id_, res_id in rows if res_id not in allowed)
