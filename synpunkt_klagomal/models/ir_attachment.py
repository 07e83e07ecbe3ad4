from odoo import _, models
from odoo.exceptions import AccessError

# Documents whose attachments are as secret as the documents themselves.
GUARDED_MODELS = ("synpunkt.complaint", "synpunkt.measure")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_access(self, operation):
        """Odoo 18 checks an attachment against its document only when
        searching: reading one by id (``read``, ``/web/content/<id>``) is
        allowed to every internal user. For the cases of this module, an
        attachment is readable only by whoever may read the case."""
        result = super()._check_access(operation)
        if operation != "read" or self.env.su or not self._ids:
            return result
        candidates = self - result[0] if result else self
        forbidden = candidates._synpunkt_unreadable()
        if not forbidden:
            return result
        if result:
            return result[0] | forbidden, result[1]
        return forbidden, lambda: AccessError(
            _("You are not allowed to access this document (a confidential or another unit's case).")
        )

    def _synpunkt_unreadable(self):
        ids = [id_ for id_ in self._ids if isinstance(id_, int)]
        if not ids:
            return self.browse()
        rows = self._synpunkt_rows(ids)
        by_document = {}
        for attachment_id, res_model, res_id in rows:
            by_document.setdefault((res_model, res_id), []).append(attachment_id)
        forbidden_ids = []
        for model in GUARDED_MODELS:
            res_ids = {res_id for (m, res_id) in by_document if m == model}
            if not res_ids:
                continue
            documents = self.env[model].browse(res_ids).exists()
            allowed = set(documents._filtered_access("read")._ids)
            for res_id in res_ids:
                if res_id not in allowed:
                    forbidden_ids += by_document[(model, res_id)]
        return self.browse(forbidden_ids)

    def _synpunkt_rows(self, ids):
        self.flush_model(["res_model", "res_id"])
        self.env.cr.execute(
            "SELECT id, res_model, res_id FROM ir_attachment "
            "WHERE id = ANY(%s) AND res_model IN %s AND res_id IS NOT NULL AND res_id != 0",
            [ids, GUARDED_MODELS],
        )
        return self.env.cr.fetchall()
