"""Anonymity after intake (issue 15, item 9).

Anonymity is a promise about every door, like secrecy: an anonymous case
must hold the person's identity nowhere. For a case registered from a phone
call, a visit or a form, the identity is in the case's own contact fields
(not tracked, so without history): clearing them, as the form does when
"Anonymous" is ticked, removes it from every door.

A case whose correspondence names the person is different: an e-mail that
came in (sender's name and address on the message, as received) or an
e-mail sent to the person that is still stored (its recipient address).
Such mail is a registered public document (allmän handling, TF 2 kap.) and
is kept as it came in or went out; removing the sender from it would be
destroying part of a document without a decision on gallring. So such a
case is not made anonymous afterwards: the refusal says why and what to do
instead (mark it confidential when secrecy applies; note the person's wish).
"""

from odoo import _, api, models
from odoo.exceptions import ValidationError


class SynpunktComplaintAnonymity(models.Model):
    _inherit = "synpunkt.complaint"

    @api.constrains("is_anonymous")
    def _check_anonymity_after_intake(self):
        identified = self.filtered("is_anonymous")._synpunkt_identified_by_mail()
        if identified:
            raise ValidationError(
                _(
                    "Case %s cannot be made anonymous: e-mail naming the person is "
                    "registered with it (an e-mail from them, or one sent to them). "
                    "Registered e-mail is a public document and stays as it came in or "
                    "went out. If secrecy applies, mark the case confidential instead, "
                    "and note in the case that the person does not want to be named.",
                    ", ".join(identified.mapped("name")),
                )
            )

    def _synpunkt_identified_by_mail(self):
        """The cases of ``self`` whose stored mail names the person: the
        case came in by e-mail, holds an incoming e-mail from anyone who is
        not an internal user, or has a stored outgoing mail to an address.
        Read in sudo: the check must see all of a case's mail, whoever ticks
        the box, and it returns only the cases of ``self``."""
        if not self.ids:
            return self.browse()
        by_mail = self.filtered(lambda case: case.channel == "email")
        Message = self.env["mail.message"].sudo()
        incoming = Message.search(
            [
                ("model", "=", self._name),
                ("res_id", "in", self.ids),
                ("message_type", "=", "email"),
            ]
        )
        from_outside = incoming.filtered(
            lambda message: (
                not message.author_id.user_ids.filtered(lambda u: not u.share)
            )
        )
        outgoing = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("email_to", "not in", (False, "")),
                ]
            )
        )
        ids = (
            set(by_mail.ids)
            | set(from_outside.mapped("res_id"))
            | set(outgoing.mapped("res_id"))
        )
        return self.filtered(lambda case: case.id in ids)
