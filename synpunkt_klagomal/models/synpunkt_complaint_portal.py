"""The case's status link and what the portal and mail mixins let a link do.

The case inherits ``portal.mixin`` for one thing only: a token in the link
that the person gets on the receipt page and in our e-mails, which opens the
status page ``/synpunkter/status/<access_token>`` (SPEC §5). Odoo's portal
makes a record's token (or a per-recipient ``hash``/``pid`` signature) a key
to the record's generic chatter routes, acted on with superuser rights. For a
case, every one of those grants is closed here, at the model, so that every
route built on them, also the ones added by later Odoo versions or modules,
asks for the user's own access rights:

- ``_get_thread_with_access``: the single choke point of ``/mail/thread/data``,
  ``/mail/message/post``, ``/mail/attachment/upload``, ``/mail/chatter_fetch``,
  ``/portal/chatter_init``, ``/mail/avatar/mail.message/...`` and, through
  ``mail.message._get_with_access``, ``/mail/message/reaction``,
  ``/mail/message/update_content`` and ``/mail/attachment/delete``;
- ``_sign_token``: no per-recipient signed links (``hash``/``pid``);
- ``_get_access_action`` / ``_get_share_url``: links to a case lead to the
  back end (login and access rights), never to a URL carrying the token;
- ``_notify_get_recipients_groups``: only internal users get a "View" button.
"""

import uuid

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext

from ..tools.public_html import sanitize_public_html

# Keyword arguments by which portal routes pass a record token or signature.
TOKEN_KWARGS = ("token", "access_token", "hash", "_hash", "pid")


class SynpunktComplaintPortal(models.Model):
    _inherit = "synpunkt.complaint"

    # Who reads the token: nobody through the ORM but the superuser (the status
    # page, the receipt page and the person's e-mails all read it in sudo) and
    # the technical administrators, who can read the database anyway. Staff do
    # not need it: the person gets the link on the receipt page and in every
    # e-mail to them; a person without e-mail is answered by letter or phone.
    # Field groups also keep it out of export, read_group and search domains
    # (an equality or prefix search would be an oracle for the token).
    #
    # The token is kept when a case becomes confidential: the person keeps
    # following the stage of their own case, and the status page of a
    # confidential case shows nothing of its content (_synpunkt_status_answer).
    # Rotating it would cut off the person, while what it opens is by then only
    # the reference, kind, date and stage.
    access_token = fields.Char(
        default=lambda self: str(uuid.uuid4()),
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
    )
    # The status link holds the token, so it is as restricted as the token.
    access_url = fields.Char(groups="base.group_system")

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for case in self:
            case.access_url = f"/synpunkter/status/{case.access_token}"
        return res

    # ------------------------------------------------------------- access doors

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """The case if the current user may access it in ``mode`` by their
        own rights, else an empty recordset: a token or signature in the
        request grants nothing (see the module docstring)."""
        kwargs = {
            key: value for key, value in kwargs.items() if key not in TOKEN_KWARGS
        }
        thread = super()._get_thread_with_access(thread_id, mode, **kwargs)
        # Whatever another override may have granted, the user's own rights decide.
        if not thread or not thread.sudo(False).has_access(mode):
            return self.browse()
        return self.browse(thread.id)

    def _sign_token(self, pid):
        raise AccessError(_("Cases have no signed links: open the case in Odoo."))

    def _get_access_action(self, access_uid=None, force_website=False):
        """Always the form in the back end, never the status page: Odoo
        sends portal users and ``force_website`` callers (``/mail/view`` with
        a token) to ``access_url``, which holds the token."""
        self.ensure_one()
        return self.get_formview_action(access_uid=access_uid)

    def _get_share_url(
        self, redirect=False, signup_partner=False, pid=None, share_token=True
    ):
        """A link to the case in the back end, without token or signature:
        it opens the case for whoever may read it, and the login page for
        anyone else."""
        self.ensure_one()
        return f"/mail/view?model={self._name}&res_id={self.id}"

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Only internal users get a button to the case. Portal users,
        followers without a user and other recipients get none: portal
        would give them a link with the token."""
        groups = [
            group
            for group in super()._notify_get_recipients_groups(
                message, model_description, msg_vals=msg_vals
            )
            if group[0] != "portal_customer"
        ]
        for name, _match, data in groups:
            if name != "user":
                data["has_button_access"] = False
                data.pop("button_access", None)
        return groups

    # -------------------------------------------------------------- status page

    def _synpunkt_answer_may_leave(self):
        """Whether the text of the answer may leave the case by e-mail or on
        the public status page. The one rule for both: a confidential
        case's answer goes only by letter or phone (an e-mail or a link can
        be forwarded and read by anyone who gets it)."""
        self.ensure_one()
        return not self.is_confidential

    def _synpunkt_status_answer(self):
        """What the status page shows of the answer, as a dict: ``given``
        (the case is answered), ``html`` (the answer, strictly sanitized for
        a public page, or False) and ``withheld`` (answered, but the text
        must not be shown: the page says how the person gets it, by
        ``feedback_method``)."""
        self.ensure_one()
        given = bool(self.response_date or self.stage_id.is_answered)
        has_text = bool(html2plaintext(self.answer or "").strip())
        if not given:
            return {"given": False, "html": False, "withheld": False}
        if not self._synpunkt_answer_may_leave():
            return {"given": True, "html": False, "withheld": True}
        return {
            "given": True,
            "html": sanitize_public_html(self.answer) if has_text else False,
            "withheld": False,
        }
