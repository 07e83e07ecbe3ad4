"""What configuration a case depends on: a unit, a stage, a category.
Archiving or emptying them is refused while open cases depend on them, so
that no case is left that nobody can work (issue 16)."""

from odoo import _, api, models
from odoo.exceptions import UserError

SHOWN_REFERENCES = 5


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    @api.model
    def _synpunkt_raise_if_dependents(self, domain, message):
        """Raise a UserError when open cases match ``domain``.

        :param domain: cases that would be left without a home
        :param message: a translated text with ``%(count)s`` and ``%(refs)s``
            (some references: only those the current user may read, so the
            refusal reveals no case to someone who cannot see it)
        """
        domain = [("is_closed", "=", False), *domain]
        # sudo for the count: a case the user cannot read still depends on it.
        count = self.sudo().with_context(active_test=False).search_count(domain)
        if not count:
            return
        readable = self.with_context(active_test=False).search(
            domain, limit=SHOWN_REFERENCES
        )
        refs = ", ".join(readable.mapped("name")) or _("none you can open")
        if count > len(readable):
            refs += ", …"
        raise UserError(message % {"count": count, "refs": refs})
