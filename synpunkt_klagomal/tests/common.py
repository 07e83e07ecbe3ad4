from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.mail.tests.common import MockEmail

# Group XML ids of the module, by role name used in the tests.
ROLE_GROUPS = {
    "handler": "synpunkt_klagomal.group_handler",
    "handler_conf": "synpunkt_klagomal.group_handler,"
    "synpunkt_klagomal.group_confidential",
    "registrar": "synpunkt_klagomal.group_registrar",
    "registrar_conf": "synpunkt_klagomal.group_registrar,"
    "synpunkt_klagomal.group_confidential",
    "manager": "synpunkt_klagomal.group_manager",
    "manager_conf": "synpunkt_klagomal.group_manager,"
    "synpunkt_klagomal.group_confidential",
    "admin": "synpunkt_klagomal.group_admin",
}


def activate_swedish(env):
    """Activate Swedish (sv_SE) and load this module's Swedish terms, as Settings >
    Translations > Languages does, for a test about the Swedish texts: a database
    made without ``--load-language=sv_SE`` has neither. Undone with the test's
    transaction. Returns the res.lang record."""
    lang = env["res.lang"]._lang_get("sv_SE")
    if not lang:
        lang = env["res.lang"]._activate_lang("sv_SE")
        env["ir.module.module"]._load_module_terms(
            ["synpunkt_klagomal"], ["sv_SE"], overwrite=True
        )
    return lang


class SynpunktCase(TransactionCase):
    """Shared fixtures: one company with two unit trees, a user per role and
    four cases, one per (own unit / other unit) x (confidential or not).

    Every role user belongs to the "own" unit, so that "own unit" and
    "other unit" mean the same thing for every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No invitation mails to test users: nothing to test there, and Odoo's own
        # Swedish translation of that template does not render.
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=False,
                mail_notrack=False,
                no_reset_password=True,
            )
        )
        cls.company = cls.env.company
        cls.Complaint = cls.env["synpunkt.complaint"]
        cls.head = new_test_user(
            cls.env,
            login="sk_head",
            name="Förvaltningschef",
            groups="synpunkt_klagomal.group_manager",
            email="head@example.com",
        )
        cls.company.synpunkt_head_user_id = cls.head
        cls.own_manager = new_test_user(
            cls.env,
            login="sk_own_manager",
            name="Enhetschef Hemtjänst",
            groups="synpunkt_klagomal.group_handler",
            email="own.manager@example.com",
        )
        cls.other_manager = new_test_user(
            cls.env,
            login="sk_other_manager",
            name="Enhetschef IFO",
            groups="synpunkt_klagomal.group_handler",
            email="other.manager@example.com",
        )
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"sk_{role}",
                name=f"Test {role}",
                groups=groups,
                email=f"{role}@example.com",
            )
            for role, groups in ROLE_GROUPS.items()
        }
        cls.unit_own = cls.env["synpunkt.unit"].create(
            {
                "name": "Hemtjänst",
                "manager_id": cls.own_manager.id,
                "member_ids": [Command.set([u.id for u in cls.users.values()])],
            }
        )
        cls.unit_own_child = cls.env["synpunkt.unit"].create(
            {"name": "Hemtjänst Norra", "parent_id": cls.unit_own.id}
        )
        cls.unit_other = cls.env["synpunkt.unit"].create(
            {"name": "Individ- och familjeomsorg", "manager_id": cls.other_manager.id}
        )
        cls.private_provider = cls.env["synpunkt.provider"].create(
            {
                "name": "Trygg Vård AB",
                "provider_type": "private",
                "contract_owner_id": cls.head.id,
            }
        )
        cls.unit_private = cls.env["synpunkt.unit"].create(
            {
                "name": "Hemtjänst Södra",
                "parent_id": cls.unit_own.id,
                "provider_id": cls.private_provider.id,
            }
        )
        cls.cases = {
            (unit, conf): cls.create_case(
                unit=cls.unit_own if unit == "own" else cls.unit_other,
                is_confidential=conf,
                description=f"Beskrivning {unit} {'sekretess' if conf else 'öppen'}",
                submitter_name=f"Anna {unit} {conf}",
            )
            for unit in ("own", "other")
            for conf in (False, True)
        }

    @classmethod
    def create_case(cls, unit=None, **values):
        vals = {
            "kind": "complaint",
            "submitter_role": "relative",
            "channel": "phone",
            "description": "Hemtjänsten kom inte på morgonen.",
            "unit_id": unit.id if unit else False,
        }
        if values.get("is_confidential"):
            vals["confidentiality_ground"] = "OSL 26 kap. 1 §"
        vals.update(values)
        return cls.env["synpunkt.complaint"].create(vals)

    def case_vals(self, unit, confidential):
        """Values a user would type to register a case."""
        vals = {
            "kind": "opinion",
            "submitter_role": "service_user",
            "channel": "in_person",
            "description": "Muntligt framförd synpunkt, nedskriven med samtycke.",
            "unit_id": unit.id,
            "is_confidential": confidential,
        }
        if confidential:
            vals["confidentiality_ground"] = "OSL 26 kap. 1 §"
        return vals


class MailGatewayCase(SynpunktCase, MockEmail):
    """SynpunktCase with Odoo's mail gateway mocked and the company's intake
    alias on the test mail domain (``alias_address``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._init_mail_gateway()
        cls.alias = cls.company.synpunkt_alias_id
        cls.alias.alias_domain_id = cls.mail_alias_domain
        cls.alias_address = f"{cls.alias.alias_name}@{cls.mail_alias_domain.name}"
