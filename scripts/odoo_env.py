#!/usr/bin/env python3
"""Where Odoo is and how to talk to it: shared by scripts/*.sh and tests/.

Used as a library (``tests/odoo_server.py`` imports it) and as a small CLI
(``scripts/common.sh`` calls it), so that the shell scripts and the pytest
suite agree on the addons path and the database connection.

    python3 scripts/odoo_env.py check        # exit 1 with a message if no Odoo 18.0
    python3 scripts/odoo_env.py addons-path  # comma separated addons path
    python3 scripts/odoo_env.py odoo-args    # connection args, one per line

Only the standard library is imported at module level: ``check`` must be able
to explain that Odoo is missing.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = "synpunkt_klagomal"
ODOO_SERIES = (18, 0)

INSTALL_HINT = """\
Odoo 18.0 is needed and must be importable by this Python ({python}).
Install it from Odoo's own source, as Odoo's documentation describes:

    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo
    cd odoo
    pip install -r requirements.txt
    pip install -e .

then run this command again (set PYTHON=/path/to/python to use another one)."""


class OdooMissing(RuntimeError):
    """Odoo 18.0 cannot be imported."""


def _hint(problem):
    return f"{problem}\n\n{INSTALL_HINT.format(python=sys.executable)}"


def odoo_package_dir():
    """Directory of the ``odoo`` package; raise OdooMissing with a hint."""
    try:
        import odoo.release
    except ImportError as exc:
        raise OdooMissing(_hint(f"Cannot import odoo: {exc}")) from exc
    version = tuple(odoo.release.version_info[:2])
    if version != ODOO_SERIES:
        raise OdooMissing(
            _hint(
                f"Found Odoo {odoo.release.version} at "
                f"{os.path.dirname(odoo.release.__file__)}, but this addon is for Odoo "
                "18.0."
            )
        )
    return os.path.dirname(os.path.abspath(odoo.release.__file__))


def addons_path():
    """Odoo's base addons, its community addons (source install) and this repo.

    ODOO_ADDONS_PATH (comma separated) replaces the computed value.
    """
    override = os.environ.get("ODOO_ADDONS_PATH")
    if override:
        return override
    pkg = odoo_package_dir()
    paths = [os.path.join(pkg, "addons")]
    source_addons = os.path.normpath(os.path.join(pkg, os.pardir, "addons"))
    if os.path.isdir(source_addons):
        paths.append(source_addons)
    paths.append(REPO_ROOT)
    return ",".join(paths)


def db_settings():
    """PostgreSQL connection used by Odoo and the tests (TCP, password auth)."""
    return {
        "host": os.environ.get("SK_DB_HOST", "localhost"),
        "port": os.environ.get("SK_DB_PORT", "5432"),
        "user": os.environ.get("SK_DB_USER", "odoo"),
        "password": os.environ.get("SK_DB_PASSWORD", "odoo"),
    }


def odoo_args():
    """Command-line arguments every Odoo run here needs (no database name)."""
    db = db_settings()
    return [
        f"--addons-path={addons_path()}",
        f"--db_host={db['host']}",
        f"--db_port={db['port']}",
        f"--db_user={db['user']}",
        f"--db_password={db['password']}",
    ]


def odoo_command():
    """How to start Odoo with the same interpreter that was checked."""
    return [os.environ.get("PYTHON") or sys.executable, "-m", "odoo"]


def main(argv):
    commands = {
        "check": lambda: print(f"Odoo 18.0 found in {odoo_package_dir()}"),
        "addons-path": lambda: print(addons_path()),
        "odoo-args": lambda: print("\n".join(odoo_args())),
    }
    if len(argv) != 2 or argv[1] not in commands:
        print("usage: {} {{{}}}".format(argv[0], "|".join(commands)), file=sys.stderr)
        return 2
    try:
        commands[argv[1]]()
    except OdooMissing as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
