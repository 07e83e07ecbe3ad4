"""The access matrix of SPEC §3, one test per cell.

Each user belongs to the "own" unit; the "other" unit is another unit tree.
Confidential cases exist only for users with confidential access (and for
their responsible handler, tested in test_confidential_doors). Nobody
deletes a case: it is a public document, removed only by retention.

Y = allowed, - = refused.
"""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SynpunktCase

# role            operation  unit     confidential  allowed
MATRIX_TABLE = """
handler           read       own      no            Y
handler           read       own      yes           -
handler           read       other    no            -
handler           read       other    yes           -
handler           write      own      no            Y
handler           write      own      yes           -
handler           write      other    no            -
handler           write      other    yes           -
handler           create     own      no            Y
handler           create     own      yes           -
handler           create     other    no            -
handler           create     other    yes           -
handler           unlink     own      no            -
handler           unlink     own      yes           -
handler           unlink     other    no            -
handler           unlink     other    yes           -
handler_conf      read       own      no            Y
handler_conf      read       own      yes           Y
handler_conf      read       other    no            -
handler_conf      read       other    yes           -
handler_conf      write      own      no            Y
handler_conf      write      own      yes           Y
handler_conf      write      other    no            -
handler_conf      write      other    yes           -
handler_conf      create     own      no            Y
handler_conf      create     own      yes           Y
handler_conf      create     other    no            -
handler_conf      create     other    yes           -
handler_conf      unlink     own      no            -
handler_conf      unlink     own      yes           -
handler_conf      unlink     other    no            -
handler_conf      unlink     other    yes           -
registrar         read       own      no            Y
registrar         read       own      yes           -
registrar         read       other    no            Y
registrar         read       other    yes           -
registrar         write      own      no            Y
registrar         write      own      yes           -
registrar         write      other    no            Y
registrar         write      other    yes           -
registrar         create     own      no            Y
registrar         create     own      yes           -
registrar         create     other    no            Y
registrar         create     other    yes           -
registrar         unlink     own      no            -
registrar         unlink     own      yes           -
registrar         unlink     other    no            -
registrar         unlink     other    yes           -
registrar_conf    read       own      no            Y
registrar_conf    read       own      yes           Y
registrar_conf    read       other    no            Y
registrar_conf    read       other    yes           Y
registrar_conf    write      own      no            Y
registrar_conf    write      own      yes           Y
registrar_conf    write      other    no            Y
registrar_conf    write      other    yes           Y
registrar_conf    create     own      no            Y
registrar_conf    create     own      yes           Y
registrar_conf    create     other    no            Y
registrar_conf    create     other    yes           Y
registrar_conf    unlink     own      no            -
registrar_conf    unlink     own      yes           -
registrar_conf    unlink     other    no            -
registrar_conf    unlink     other    yes           -
manager           read       own      no            Y
manager           read       own      yes           -
manager           read       other    no            Y
manager           read       other    yes           -
manager           write      own      no            Y
manager           write      own      yes           -
manager           write      other    no            Y
manager           write      other    yes           -
manager           create     own      no            Y
manager           create     own      yes           -
manager           create     other    no            Y
manager           create     other    yes           -
manager           unlink     own      no            -
manager           unlink     own      yes           -
manager           unlink     other    no            -
manager           unlink     other    yes           -
manager_conf      read       own      no            Y
manager_conf      read       own      yes           Y
manager_conf      read       other    no            Y
manager_conf      read       other    yes           Y
manager_conf      write      own      no            Y
manager_conf      write      own      yes           Y
manager_conf      write      other    no            Y
manager_conf      write      other    yes           Y
manager_conf      create     own      no            Y
manager_conf      create     own      yes           Y
manager_conf      create     other    no            Y
manager_conf      create     other    yes           Y
manager_conf      unlink     own      no            -
manager_conf      unlink     own      yes           -
manager_conf      unlink     other    no            -
manager_conf      unlink     other    yes           -
admin             read       own      no            Y
admin             read       own      yes           -
admin             read       other    no            Y
admin             read       other    yes           -
admin             write      own      no            Y
admin             write      own      yes           -
admin             write      other    no            Y
admin             write      other    yes           -
admin             create     own      no            Y
admin             create     own      yes           -
admin             create     other    no            Y
admin             create     other    yes           -
admin             unlink     own      no            -
admin             unlink     own      yes           -
admin             unlink     other    no            -
admin             unlink     other    yes           -
"""


def _parse_matrix(table):
    for line in table.strip().splitlines():
        role, operation, unit, confidential, allowed = line.split()
        yield role, operation, unit, confidential == "yes", allowed == "Y"


MATRIX = list(_parse_matrix(MATRIX_TABLE))


@tagged("post_install", "-at_install")
class TestAccessMatrix(SynpunktCase):
    def _attempt(self, role, operation, unit, confidential):
        user = self.users[role]
        if operation == "create":
            target_unit = self.unit_own if unit == "own" else self.unit_other
            created = self.Complaint.with_user(user).create(
                self.case_vals(target_unit, confidential)
            )
            # Registering includes seeing what one registered (the form reloads it).
            created.read(["name", "description"])
            return
        case = self.cases[(unit, confidential)].with_user(user)
        if operation == "read":
            case.read(["name", "description", "submitter_name"])
        elif operation == "write":
            case.write({"suggestion": "Bättre rutiner för vikarier."})
        elif operation == "unlink":
            case.unlink()

    def _check_cell(self, role, operation, unit, confidential, allowed):
        if allowed:
            self._attempt(role, operation, unit, confidential)
        else:
            with self.assertRaises(AccessError):
                self._attempt(role, operation, unit, confidential)

    def test_matrix_is_complete(self):
        cells = {(r, o, u, c) for r, o, u, c, _a in MATRIX}
        self.assertEqual(len(cells), len(MATRIX), "a cell is written twice")
        self.assertEqual(len(MATRIX), 7 * 4 * 2 * 2)


def _make_cell_test(row):
    def test(self):
        self._check_cell(*row)

    role, operation, unit, confidential, allowed = row
    test.__doc__ = (
        f"{role} {operation} {unit}-unit {'confidential' if confidential else 'open'} "
        f"case: {'allowed' if allowed else 'refused'}"
    )
    return test


for _row in MATRIX:
    _name = "test_cell_{}_{}_{}_{}".format(
        _row[0], _row[1], _row[2], "confidential" if _row[3] else "open"
    )
    setattr(TestAccessMatrix, _name, _make_cell_test(_row))
