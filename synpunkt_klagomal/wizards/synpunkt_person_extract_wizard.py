"""Register extract for a person's access request (GDPR art. 15), and the
starting point of the erasure or rectification that may follow."""

import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

EXTRACT_GROUPS = (
    "synpunkt_klagomal.group_manager",
    "synpunkt_klagomal.group_confidential",
)
# Swedish numbers are written 070-123 45 67, 0701234567 or +46 70 123 45 67:
# the last nine digits identify the number in all three.
PHONE_DIGITS = 9
MIN_TERM_LENGTH = 3


def check_extract_access(env):
    """Only a manager with confidential access may search the cases for a
    person: the search reaches every unit and every confidential case."""
    if not env.su and not all(env.user.has_group(group) for group in EXTRACT_GROUPS):
        raise AccessError(
            env._(
                "Only a manager with confidential access can make a register extract "
                "for a person."
            )
        )


class SynpunktPersonExtractWizard(models.TransientModel):
    _name = "synpunkt.person.extract.wizard"
    _description = "Register extract for a person"

    search_term = fields.Char(
        string="Name, e-mail or phone",
        required=True,
        help="A name (part of it is enough), an e-mail address or a phone number, "
        "written in any usual way.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    complaint_ids = fields.Many2many(
        "synpunkt.complaint",
        string="Cases",
        readonly=True,
        relation="synpunkt_person_extract_wizard_complaint_rel",
    )
    searched = fields.Boolean(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        check_extract_access(self.env)
        # One company at a time, the one the user works in: never another.
        return super().create(
            [dict(vals, company_id=self.env.company.id) for vals in vals_list]
        )

    def _find_cases(self):
        """The cases of the wizard's company (only that company, whatever
        companies the user may switch to) holding the person in the name,
        e-mail or phone fields, among the cases the user can read.

        :return: synpunkt.complaint recordset
        """
        self.ensure_one()
        term = (self.search_term or "").strip()
        if len(term) < MIN_TERM_LENGTH:
            raise UserError(_("Enter at least %s characters.", MIN_TERM_LENGTH))
        Cases = self.env["synpunkt.complaint"]
        company = [("company_id", "=", self.company_id.id)]
        domain = [
            "|",
            ("submitter_name", "ilike", term),
            ("submitter_email", "=ilike", term),
        ]
        digits = re.sub(r"\D", "", term)
        if len(digits) >= 7 and not re.search(r"[^\d\s+()./-]", term):
            tail = digits[-PHONE_DIGITS:]
            # The stored numbers are written freely: compare their digits only.
            matching = SQL(
                "SELECT id FROM synpunkt_complaint WHERE company_id = %s "
                "AND regexp_replace(submitter_phone, '\\D', '', 'g') LIKE %s",
                self.company_id.id,
                f"%{tail}",
            )
            domain = [
                "|",
                ("id", "in", [row[0] for row in self.env.execute_query(matching)]),
            ] + domain
        return Cases.search(company + domain, order="received_date, id")

    def action_search(self):
        self.ensure_one()
        check_extract_access(self.env)
        cases = self._find_cases()
        self.write({"complaint_ids": [fields.Command.set(cases.ids)], "searched": True})
        self._log("search", cases)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Register extract for a person"),
        }

    def action_print(self):
        self.ensure_one()
        check_extract_access(self.env)
        if not self.complaint_ids:
            raise UserError(_("No cases hold this person: there is nothing to print."))
        self._log("print", self.complaint_ids)
        return self.env.ref(
            "synpunkt_klagomal.action_report_synpunkt_person_extract"
        ).report_action(self)

    def _log(self, action, cases):
        self.env["synpunkt.extract.log"].sudo().create(
            {
                "user_id": self.env.uid,
                "company_id": self.company_id.id,
                "action": action,
                "search_term": self.search_term.strip(),
                "case_count": len(cases),
                "references": ", ".join(cases.mapped("name")),
            }
        )
