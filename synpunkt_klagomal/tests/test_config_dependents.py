"""Configuration changes never leave a case nobody can work (issue 16
item 6): archiving a unit, stage or category in use, or taking away a
unit's last member or manager, is refused with a message naming what still
depends on it."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import SynpunktCase


@tagged("post_install", "-at_install")
class TestConfigDependents(SynpunktCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.users["admin"]  # module administrator, no confidential access
        cls.lone = new_test_user(
            cls.env,
            login="sk_lone",
            groups="synpunkt_klagomal.group_handler",
            name="Ensam handläggare",
        )
        cls.unit_lone = cls.env["synpunkt.unit"].create(
            {"name": "Daglig verksamhet", "member_ids": [Command.set(cls.lone.ids)]}
        )
        cls.unassigned = cls.create_case(unit=cls.unit_lone)
        cls.assertFalse(cls, cls.unassigned.user_id)

    def test_archive_unit_with_open_cases_refused(self):
        case = self.create_case(unit=self.unit_own_child)
        for unit in (
            self.unit_own_child,
            self.unit_own,
        ):  # the unit, and the unit above it
            with self.subTest(unit=unit.name), self.assertRaises(UserError) as caught:
                unit.with_user(self.admin).action_archive()
            self.assertIn(case.name, str(caught.exception))
            self.assertTrue(unit.active)
        # Closed cases do not hold the unit back.
        empty = self.env["synpunkt.unit"].create(
            {"name": "Tom enhet", "manager_id": self.own_manager.id}
        )
        closed = self.create_case(unit=empty)
        closed.stage_id = self.env.ref("synpunkt_klagomal.stage_closed")
        empty.with_user(self.admin).action_archive()
        self.assertFalse(empty.active)

    def test_removing_the_last_member_refused(self):
        ways = {
            "unit members": lambda: self.unit_lone.write(
                {"member_ids": [Command.clear()]}
            ),
            "user's units": lambda: self.lone.write(
                {"synpunkt_unit_ids": [Command.clear()]}
            ),
            "user archived": lambda: self.lone.write({"active": False}),
            "handler role removed": lambda: self.lone.write(
                {
                    "groups_id": [
                        Command.unlink(
                            self.env.ref("synpunkt_klagomal.group_handler").id
                        )
                    ]
                }
            ),
        }
        for label, change in ways.items():
            with self.subTest(way=label):
                with self.assertRaises(UserError) as caught:
                    with self.env.cr.savepoint():
                        change()
                self.assertIn(self.unassigned.name, str(caught.exception))
                self.assertIn(self.unit_lone.name, str(caught.exception))
        self.assertEqual(self.unit_lone.member_ids, self.lone)
        # A manager takes over: the member may go.
        self.unit_lone.manager_id = self.own_manager
        self.unit_lone.write({"member_ids": [Command.clear()]})
        # Removing the manager too is refused ...
        with self.assertRaises(UserError):
            self.unit_lone.manager_id = False
        # ... unless a unit above has people who see the cases.
        self.unit_lone.parent_id = self.unit_own
        self.unit_lone.manager_id = False
        self.assertFalse(self.unit_lone.manager_id)

    def test_assigned_case_keeps_its_handler(self):
        self.unassigned.user_id = self.own_manager
        self.unit_lone.write({"member_ids": [Command.clear()]})
        self.assertFalse(self.unit_lone.member_ids)

    def test_archive_stage_in_use_refused(self):
        stage = self.env["synpunkt.stage"].create(
            {"name": "Väntar på yttrande", "sequence": 3}
        )
        case = self.create_case(unit=self.unit_own)
        case.stage_id = stage
        with self.assertRaises(UserError) as caught:
            stage.with_user(self.admin).action_archive()
        self.assertIn(case.name, str(caught.exception))
        self.assertTrue(stage.active)
        # A confidential case counts, but its reference is not shown to one who cannot
        # read it.
        secret = self.create_case(unit=self.unit_own, is_confidential=True)
        case.stage_id = self.env.ref("synpunkt_klagomal.stage_in_progress")
        secret.stage_id = stage
        with self.assertRaises(UserError) as caught:
            stage.with_user(self.admin).action_archive()
        self.assertNotIn(secret.name, str(caught.exception))
        self.assertIn(" 1 ", str(caught.exception))
        secret.stage_id = self.env.ref("synpunkt_klagomal.stage_in_progress")
        stage.with_user(self.admin).action_archive()
        self.assertFalse(stage.active)

    def test_archive_or_delete_category_in_use_refused(self):
        category = self.env["synpunkt.category"].create({"name": "Parkering"})
        case = self.create_case(unit=self.unit_own, category_id=category.id)
        for action in ("action_archive", "unlink"):
            with self.subTest(action=action), self.assertRaises(UserError) as caught:
                getattr(category.with_user(self.admin), action)()
            self.assertIn(case.name, str(caught.exception))
        case.stage_id = self.env.ref("synpunkt_klagomal.stage_closed")
        category.with_user(self.admin).action_archive()
        self.assertFalse(category.active)
