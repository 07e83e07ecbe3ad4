from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class SynpunktUnit(models.Model):
    """An organisational unit (enhet). Units form a tree; a member or manager
    of a unit works the cases of that unit and of the units below it."""

    _name = "synpunkt.unit"
    _description = "Organisational unit"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    active = fields.Boolean(default=True)
    code = fields.Char(help="Short code used in registers and on the paper form.")
    parent_id = fields.Many2one(
        "synpunkt.unit",
        string="Parent unit",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("synpunkt.unit", "parent_id", string="Sub-units")
    manager_id = fields.Many2one(
        "res.users",
        string="Unit manager",
        domain=[("share", "=", False)],
        index=True,
        help="The unit manager (enhetschef) becomes the responsible handler of new "
        "cases.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "synpunkt_unit_member_rel",
        "unit_id",
        "user_id",
        string="Members",
        domain=[("share", "=", False)],
        help="Staff who see and work this unit's cases.",
    )
    provider_id = fields.Many2one(
        "synpunkt.provider",
        index=True,
        check_company=True,
        help="Who runs this unit's service. Leave empty for the municipality's own "
        "operation.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    complaint_ids = fields.One2many("synpunkt.complaint", "unit_id", string="Cases")
    complaint_count = fields.Integer(
        compute="_compute_complaint_count", string="Number of cases"
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for unit in self:
            if unit.parent_id:
                unit.complete_name = f"{unit.parent_id.complete_name} / {unit.name}"
            else:
                unit.complete_name = unit.name

    def _compute_complaint_count(self):
        counts = dict(
            self.env["synpunkt.complaint"]._read_group(
                [("unit_id", "in", self.ids)], ["unit_id"], ["__count"]
            )
        )
        for unit in self:
            unit.complaint_count = counts.get(unit, 0)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(_("A unit cannot be its own parent."))

    @api.constrains("manager_id", "member_ids", "company_id")
    def _check_people_company(self):
        # The unit manager becomes the responsible handler of its cases, who
        # must work in the case's company; members work its cases too.
        for unit in self:
            outsiders = (unit.manager_id | unit.member_ids).filtered(
                lambda user, unit=unit: unit.company_id not in user.company_ids
            )
            if outsiders:
                raise ValidationError(
                    _(
                        "%(users)s do not work in %(company)s and cannot be manager or "
                        "member of the unit %(unit)s.",
                        users=", ".join(outsiders.mapped("name")),
                        company=unit.company_id.name,
                        unit=unit.complete_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        units = super().create(vals_list)
        self._invalidate_access_cache()
        return units

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            for unit in self.filtered("active"):
                self.env["synpunkt.complaint"]._synpunkt_raise_if_dependents(
                    [("unit_id", "child_of", unit.id)],
                    _(
                        "The unit %(unit)s cannot be archived: %%(count)s open cases "
                        "belong to it or its sub-units (%%(refs)s). Move them to "
                        "another unit first.",
                        unit=unit.complete_name,
                    ),
                )
        result = super().write(vals)
        if {
            "member_ids",
            "manager_id",
            "parent_id",
            "active",
            "company_id",
        } & vals.keys():
            self._invalidate_access_cache()
            # Who may read these units' cases changed: followers who no
            # longer can are removed (content leaves only towards readers).
            self.env["synpunkt.complaint"].sudo().with_context(
                active_test=False
            ).search([("unit_id", "child_of", self.ids)])._synpunkt_prune_followers()
        if {"member_ids", "manager_id", "parent_id"} & vals.keys():
            self._check_cases_workable()
        return result

    def _check_cases_workable(self):
        """Refuse a change that leaves an open case of these units (or their
        sub-units) with nobody to work it: no active responsible handler, and
        no member or manager with the handler role in its unit or a unit
        above it (record rule: unit child_of the user's units), for a
        confidential case one with confidential access. Registrars, who see
        every case, are no substitute: the case would fall out of every
        handler's queue."""
        units = self.exists()
        if not units:
            return
        Cases = self.env["synpunkt.complaint"].sudo()
        open_cases = Cases.search(
            [("unit_id", "child_of", units.ids), ("is_closed", "=", False)]
        ).filtered(lambda c: not (c.user_id.active and c.user_id._is_internal()))
        for unit, cases in open_cases.grouped("unit_id").items():
            workers = unit.sudo()._synpunkt_workers()
            stranded = (
                cases
                if not workers
                else cases.filtered(
                    lambda c, workers=workers: (
                        c.is_confidential
                        and not any(
                            u.has_group("synpunkt_klagomal.group_confidential")
                            for u in workers
                        )
                    )
                )
            )
            if stranded:
                # Only references the user may read: the refusal reveals no case.
                readable = stranded.with_env(self.env(su=False))._filtered_access(
                    "read"
                )
                refs = ", ".join(readable[:5].mapped("name")) or _("none you can open")
                if len(stranded) > len(readable[:5]):
                    refs += ", …"
                raise UserError(
                    _(
                        "This change would leave %(count)s open cases of the unit "
                        "%(unit)s with nobody to handle them (%(refs)s): no member or "
                        "manager of the unit or a unit above it can see them. Give the "
                        "unit another member or manager, or move the cases first.",
                        count=len(stranded),
                        unit=unit.complete_name,
                        refs=refs,
                    )
                )

    def _synpunkt_workers(self):
        """Active handlers who see this unit's cases through their units:
        members and managers of the unit and of the units above it."""
        self.ensure_one()
        chain = self.browse([int(i) for i in self.parent_path.split("/") if i])
        people = chain.member_ids | chain.manager_id
        return people.filtered(
            lambda u: u.active and u.has_group("synpunkt_klagomal.group_handler")
        )

    def unlink(self):
        result = super().unlink()
        self._invalidate_access_cache()
        return result

    @api.model
    def _invalidate_access_cache(self):
        # Record rules read the user's units; Odoo caches evaluated rule
        # domains, so membership changes must drop that cache.
        self.env.registry.clear_cache()

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "synpunkt_klagomal.action_synpunkt_complaint"
        )
        action["domain"] = [("unit_id", "child_of", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action
