from odoo import models

from ..tools.swedish_time import SWEDISH_TZ
from .document_access import CASE_MODEL


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _render_template(
        self,
        template_src,
        model,
        res_ids,
        engine="inline_template",
        add_context=None,
        options=None,
    ):
        """Mails and chatter texts about a case show its dates and times in
        the company's time zone (Swedish days, as its deadlines), whatever
        the server's, the sender's or the recipient's: ``format_date`` of a
        case received at 23:30 UTC on 31 December says 1 January. Other
        models are left alone."""
        if model == CASE_MODEL:
            self = self.with_context(tz=SWEDISH_TZ.zone)
        return super()._render_template(
            template_src,
            model,
            res_ids,
            engine=engine,
            add_context=add_context,
            options=options,
        )
