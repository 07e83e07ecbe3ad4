"""The secrecy review (sekretessprövning, OSL 6 kap.) recorded on a case
before a copy is released as a public document (seed 002), and the masking
the released copy (report action_report_complaint_redacted) is made with."""

import re

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

GROUP_REGISTRAR = "synpunkt_klagomal.group_registrar"
REVIEW_DECISIONS = [
    ("release", "Release (personal data masked)"),
    ("release_masked", "Release with marked passages masked"),
    ("refuse", "Refuse release"),
]
RELEASING = ("release", "release_masked")
REVIEW_FIELDS = {
    "secrecy_review_decision",
    "secrecy_review_ground",
    "secrecy_review_passages",
}
STAMP_FIELDS = {"secrecy_review_date", "secrecy_review_user_id"}
# Shorter fragments would mask ordinary words everywhere in the text.
MIN_FRAGMENT = 3


class SynpunktComplaint(models.Model):
    _inherit = "synpunkt.complaint"

    secrecy_review_decision = fields.Selection(
        REVIEW_DECISIONS,
        string="Review decision",
        tracking=True,
        copy=False,
        help="Outcome of the secrecy review before the case is released as a public "
        "document. Name, address, phone and e-mail are always masked in the released "
        "copy.",
    )
    secrecy_review_date = fields.Datetime(
        string="Reviewed on", readonly=True, copy=False
    )
    secrecy_review_user_id = fields.Many2one(
        "res.users", string="Reviewed by", readonly=True, copy=False
    )
    secrecy_review_ground = fields.Char(
        string="Legal ground of the review",
        tracking=True,
        copy=False,
        help="The provision the masking or refusal rests on, e.g. 'OSL 26 kap. 1 §'.",
    )
    secrecy_review_passages = fields.Text(
        string="Masked passages",
        copy=False,
        help="One passage per line, exactly as written in the case: each is replaced "
        "by [maskerat] in the released copy.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._synpunkt_review_prepare(vals)
        cases = super().create(vals_list)
        cases.filtered("secrecy_review_decision")._synpunkt_review_note()
        return cases

    def write(self, vals):
        reviewed = REVIEW_FIELDS & vals.keys()
        if reviewed:
            self._synpunkt_check_review_allowed()
        vals = self._synpunkt_review_prepare(dict(vals))
        result = super().write(vals)
        if reviewed and not self.env.context.get("synpunkt_retention"):
            self._synpunkt_review_note()
        return result

    def _synpunkt_retention_clear(self, run):
        """The marked passages are copies of the case's text: they go with
        the rest of it at retention (the decision and its ground stay)."""
        result = super()._synpunkt_retention_clear(run)
        self.filtered("secrecy_review_passages").with_context(
            synpunkt_retention=True
        ).write({"secrecy_review_passages": False})
        return result

    def _synpunkt_review_prepare(self, vals):
        """Stamp who decided and when, on the server: the stamp fields are
        never taken from the client."""
        if not self.env.su:
            for fname in STAMP_FIELDS & vals.keys():
                del vals[fname]
        if "secrecy_review_decision" in vals:
            vals.update(
                secrecy_review_date=fields.Datetime.now()
                if vals["secrecy_review_decision"]
                else False,
                secrecy_review_user_id=self.env.uid
                if vals["secrecy_review_decision"]
                else False,
            )
        return vals

    def _synpunkt_check_review_allowed(self):
        if self.env.su:
            return
        if not self.env.user.has_group(GROUP_REGISTRAR):
            raise AccessError(
                _("Only a registrar or manager can record a secrecy review.")
            )
        self.check_access("read")

    def _synpunkt_review_note(self):
        decisions = dict(
            self._fields["secrecy_review_decision"]._description_selection(self.env)
        )
        for case in self:
            passages = len(case._synpunkt_masked_passages())
            case.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "Secrecy review recorded: %(decision)s. Legal ground: %(ground)s. "
                    "Marked passages: %(count)s.",
                    decision=decisions.get(case.secrecy_review_decision, _("none")),
                    ground=case.secrecy_review_ground or "–",
                    count=passages,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _synpunkt_masked_passages(self):
        self.ensure_one()
        return [
            line.strip()
            for line in (self.secrecy_review_passages or "").splitlines()
            if line.strip()
        ]

    def _synpunkt_mask_pattern(self):
        """One case-insensitive regex matching what the released copy masks:
        the person's name (whole, and each part), street, postal code (with
        or without its space), city, phone (digits with any spacing or
        dashes), e-mail, and each marked passage; None if nothing to mask."""
        self.ensure_one()
        literals = set(self._synpunkt_masked_passages())
        name = (self.submitter_name or "").strip()
        if name:
            literals.add(name)
            literals.update(
                part for part in re.split(r"[\s,]+", name) if len(part) >= MIN_FRAGMENT
            )
        for value in (self.submitter_street, self.submitter_city, self.submitter_email):
            if value and len(value.strip()) >= MIN_FRAGMENT:
                literals.add(value.strip())
        patterns = [re.escape(text) for text in sorted(literals, key=len, reverse=True)]
        for number in (self.submitter_zip, self.submitter_phone):
            digits = re.sub(r"\D", "", number or "")
            if len(digits) >= MIN_FRAGMENT:
                patterns.append(r"[\s\-]*".join(digits))
        if not patterns:
            return None
        return re.compile("|".join(patterns), re.IGNORECASE)

    def _synpunkt_mask(self, text):
        """``text`` (str) with everything :meth:`_synpunkt_mask_pattern`
        matches replaced by the mask token, "[maskerat]" in Swedish."""
        self.ensure_one()
        if not text:
            return ""
        pattern = self._synpunkt_mask_pattern()
        return pattern.sub(_("[masked]"), text) if pattern else text

    def _synpunkt_redacted_values(self):
        """What the released copy shows of one case, masked on the server
        (dict of str). Raises UserError (Swedish) unless a review with a
        releasing decision is recorded."""
        self.ensure_one()
        if self.secrecy_review_decision not in RELEASING:
            if self.secrecy_review_decision == "refuse":
                raise UserError(
                    _(
                        "Case %s may not be released: the secrecy review refused its "
                        "release.",
                        self.name,
                    )
                )
            raise UserError(
                _(
                    "Case %s has no secrecy review with a decision to release it. "
                    "Record the review on the case (tab Secrecy review) before "
                    "printing the released copy.",
                    self.name,
                )
            )
        masked = self._synpunkt_mask
        return {
            "description": masked(self.description),
            "suggestion": masked(self.suggestion),
            "answer": masked(html2plaintext(self.answer or "")) if self.answer else "",
            "measures": [masked(measure.name) for measure in self.measure_ids],
        }
