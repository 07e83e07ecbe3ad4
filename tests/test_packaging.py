"""setup.py builds the wheel odoo-addon-synpunkt_klagomal into the odoo.addons
namespace."""

import ast
import email
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDON = "synpunkt_klagomal"
PREFIX = f"odoo/addons/{ADDON}/"


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def manifest_version():
    with open(os.path.join(REPO_ROOT, ADDON, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())["version"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Build from a copy: an in-tree build would leave build/ and *.egg-info in the repo.
    src = tmp_path_factory.mktemp("src")
    shutil.copy(os.path.join(REPO_ROOT, "setup.py"), src)
    if os.path.exists(os.path.join(REPO_ROOT, "README.rst")):
        shutil.copy(os.path.join(REPO_ROOT, "README.rst"), src)
    shutil.copytree(
        os.path.join(REPO_ROOT, ADDON),
        src / ADDON,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    dist = tmp_path_factory.mktemp("dist")
    # No build isolation: the installed setuptools builds it, no download needed.
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(dist),
            str(src),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = sorted(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_name_and_version(wheel):
    version = manifest_version()
    assert version.startswith("18.0.")
    assert wheel.name == f"odoo_addon_synpunkt_klagomal-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        metadata_name = f"odoo_addon_synpunkt_klagomal-{version}.dist-info/METADATA"
        metadata = email.message_from_bytes(zf.read(metadata_name))
    # Setuptools may spell the name with "-" for "_": equal names by PEP 503.
    assert canonical(metadata["Name"]) == canonical("odoo-addon-synpunkt_klagomal")
    assert metadata["Version"] == version
    assert any(req.startswith("odoo") for req in metadata.get_all("Requires-Dist", []))


def test_wheel_contains_the_addon_in_the_odoo_addons_namespace(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    # Odoo owns the odoo and odoo.addons packages: the wheel must not ship them.
    assert "odoo/__init__.py" not in names
    assert "odoo/addons/__init__.py" not in names
    payload = {n for n in names if not n.startswith("odoo_addon_")}
    assert payload and all(n.startswith(PREFIX) for n in payload), sorted(
        payload - {n for n in payload if n.startswith(PREFIX)}
    )
    for expected in ("__manifest__.py", "__init__.py", "security/ir.model.access.csv"):
        assert PREFIX + expected in names, f"{expected} missing from the wheel"
    assert any(
        n.startswith(PREFIX + "views/") and n.endswith(".xml") for n in names
    ), "no view xml in the wheel"


def test_wheel_contains_every_file_the_manifest_loads(wheel):
    with open(os.path.join(REPO_ROOT, ADDON, "__manifest__.py"), encoding="utf-8") as f:
        manifest = ast.literal_eval(f.read())
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    listed = [path for key in ("data", "demo") for path in manifest.get(key, [])]
    assert listed
    missing = [path for path in listed if PREFIX + path not in names]
    assert not missing, f"files of the manifest missing from the wheel: {missing}"


def test_wheel_contains_every_file_of_the_addon(wheel):
    expected = set()
    addon_dir = os.path.join(REPO_ROOT, ADDON)
    for root, dirs, files in os.walk(addon_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if not name.endswith((".pyc", ".pyo", "~", ".swp")):
                expected.add(
                    PREFIX
                    + os.path.relpath(os.path.join(root, name), addon_dir).replace(
                        os.sep, "/"
                    )
                )
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = sorted(expected - names)
    assert (
        not missing
    ), f"addon files missing from the wheel (po, pot, static, ...): {missing}"


# The oldest release of each Python dependency that has what the addon
# calls. holidays: country_holidays(..., include_sundays=False) in
# res_company._synpunkt_sync_public_holidays passes options on to the
# country class only from 0.109 (0.108 and older: TypeError, unexpected
# keyword 'include_sundays').
MINIMUM_VERSIONS = {
    "holidays": ("0.109", "0.108")
}  # name: (minimum, the release before)


def manifest_python_dependencies():
    with open(os.path.join(REPO_ROOT, ADDON, "__manifest__.py"), encoding="utf-8") as f:
        return (
            ast.literal_eval(f.read())
            .get("external_dependencies", {})
            .get("python", [])
        )


def test_python_dependencies_declare_their_minimum_everywhere(wheel):
    from packaging.requirements import Requirement

    declared = {
        canonical(Requirement(r).name): Requirement(r)
        for r in manifest_python_dependencies()
    }
    assert set(declared) == set(
        MINIMUM_VERSIONS
    ), "every Python dependency has a known minimum"
    for name, (minimum, before) in MINIMUM_VERSIONS.items():
        specifier = declared[name].specifier
        assert specifier.contains(minimum) and not specifier.contains(before), (
            f"{name}: the manifest declares {str(specifier)!r}, the code needs "
            f">={minimum}"
        )

    # The wheel's metadata says the same as the manifest (pip reads it).
    version = manifest_version()
    with zipfile.ZipFile(wheel) as zf:
        metadata = email.message_from_bytes(
            zf.read(f"odoo_addon_synpunkt_klagomal-{version}.dist-info/METADATA")
        )
    requires = {
        canonical(Requirement(r).name): Requirement(r)
        for r in metadata.get_all("Requires-Dist", [])
    }
    for name, requirement in declared.items():
        assert name in requires, f"{name} missing from the wheel's Requires-Dist"
        assert requires[name].specifier == requirement.specifier

    # requirements.txt pins a tested version that meets the minimum.
    with open(os.path.join(REPO_ROOT, "requirements.txt"), encoding="utf-8") as f:
        pins = {
            canonical(Requirement(line).name): Requirement(line)
            for line in (raw.split("#")[0].strip() for raw in f)
            if line
        }
    for name, requirement in declared.items():
        pinned = [str(s.version) for s in pins[name].specifier if s.operator == "=="]
        assert len(pinned) == 1, f"{name} is not pinned in requirements.txt"
        assert requirement.specifier.contains(
            pinned[0]
        ), f"requirements.txt pins {name} {pinned[0]}, below the declared {requirement}"


# --- The wheel installed: does Odoo find the addon there? -------------------
# Odoo 18's odoo/addons/__init__.py extends odoo.addons.__path__ with every
# odoo/addons folder on sys.path (pkgutil.extend_path), and get_modules() /
# get_module_path() search that path: a wheel installed into the
# odoo.addons namespace of a site-packages is found with no --addons-path
# entry for it. That is how users of OCA's wheels install addons (pip
# install odoo-addon-<name>); these tests do it in a throwaway virtual
# environment that sees the system's Odoo, offline, with nothing pointing at
# this repository.

# What the venv's Python reports, as JSON, after Odoo has set up its addons
# path as the server does (parse_config, then initialize_sys_path).
PROBE = r"""
import importlib, json, sys, sysconfig
import odoo
from odoo.modules import module
addon = sys.argv[1]
odoo.tools.config.parse_config([])
module.initialize_sys_path()
package = importlib.import_module("odoo.addons." + addon)
manifest = module.get_manifest(addon)
print(json.dumps({
    "purelib": sysconfig.get_paths()["purelib"],
    "addons_path": odoo.tools.config["addons_path"],
    "namespace_path": list(odoo.addons.__path__),
    "module_path": module.get_module_path(addon),
    "in_get_modules": addon in module.get_modules(),
    "imported_from": package.__file__,
    "manifest": {k: manifest.get(k) for k in (
        "name", "version", "depends", "data", "demo", "installable", "license",
        "external_dependencies")},
}))
"""

# The wheel's own requirements, checked against what the venv sees (its own
# packages and the system's): like `pip check`, for this distribution only.
DEPENDENCY_CHECK = r"""
import json, sys
from importlib import metadata
from packaging.requirements import Requirement
result = []
for line in metadata.requires(sys.argv[1]) or []:
    req = Requirement(line)
    if req.marker and not req.marker.evaluate({"extra": ""}):
        continue
    try:
        version = metadata.version(req.name)
    except metadata.PackageNotFoundError:
        version = None
    ok = version is not None and req.specifier.contains(version, prereleases=True)
    result.append({"requirement": line, "found": version, "ok": ok})
print(json.dumps(result))
"""


def offline_env():
    """The environment of the venv's processes: nothing leaks in from this
    repository or from the test tools' venv, and pip never goes online."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PIP_INDEX_URL")
    }
    env["PIP_NO_INDEX"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(cmd, cwd, timeout=300):
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=str(cwd),
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    command = " ".join(str(c) for c in cmd[:4])
    assert proc.returncode == 0, (
        f"{command} failed ({proc.returncode}):\n"
        f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc.stdout


@pytest.fixture(scope="module")
def installed_wheel(wheel, tmp_path_factory):
    """A fresh venv on the Python that runs Odoo, seeing the system's
    packages, with the wheel installed into it (no index, no dependencies:
    they must already be there). Returns (venv python, a working directory
    outside the repository)."""
    from odoo_server import odoo_env

    base = tmp_path_factory.mktemp("wheel_venv")
    venv = base / "venv"
    odoo_python = odoo_env.odoo_command()[0]
    run([odoo_python, "-m", "venv", "--system-site-packages", venv], base)
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], base)
    return python, base


def test_odoo_finds_the_addon_in_the_wheels_venv(installed_wheel):
    python, cwd = installed_wheel
    found = json.loads(run([python, "-c", PROBE, ADDON], cwd).strip().splitlines()[-1])
    installed_at = os.path.join(found["purelib"], "odoo", "addons", ADDON)
    assert os.path.realpath(found["purelib"]).startswith(
        os.path.realpath(str(cwd))
    ), f"purelib is the venv's own site-packages: {found['purelib']}"
    # Nothing points at this repository: the venv's copy is the one found.
    repo = os.path.realpath(REPO_ROOT)
    for path in found["addons_path"].split(",") + found["namespace_path"]:
        assert not os.path.realpath(path).startswith(
            repo
        ), f"{path} is on the addons path"
    assert found["in_get_modules"], f"get_modules() lists {ADDON}"
    assert os.path.realpath(found["module_path"]) == os.path.realpath(installed_at)
    assert os.path.realpath(found["imported_from"]) == os.path.realpath(
        os.path.join(installed_at, "__init__.py")
    )
    # Odoo's own manifest loader reads the installed manifest as it is here.
    with open(os.path.join(REPO_ROOT, ADDON, "__manifest__.py"), encoding="utf-8") as f:
        source = ast.literal_eval(f.read())
    manifest = found["manifest"]
    assert manifest["installable"] is True
    assert manifest["version"] == manifest_version()
    for key in ("name", "depends", "data", "demo", "license", "external_dependencies"):
        assert manifest[key] == source[key], key


def test_wheel_dependencies_are_met_in_the_venv(installed_wheel):
    python, cwd = installed_wheel
    checked = json.loads(
        run([python, "-c", DEPENDENCY_CHECK, "odoo-addon-" + ADDON], cwd).strip()
    )
    from packaging.requirements import Requirement

    names = {canonical(Requirement(r["requirement"]).name) for r in checked}
    assert names >= {"odoo", "holidays"}, checked
    unmet = [r for r in checked if not r["ok"]]
    assert not unmet, f"requirements of the wheel not met in the venv: {unmet}"
    # pip's own verdict, for this distribution only: it may rightly complain
    # about unrelated packages of the system.
    proc = subprocess.run(
        [str(python), "-m", "pip", "check"],
        cwd=str(cwd),
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    ours = [
        line
        for line in proc.stdout.splitlines()
        if line.split()
        and canonical(line.split()[0]) == canonical("odoo-addon-" + ADDON)
    ]
    assert not ours, "pip check:\n" + "\n".join(ours)


def test_odoo_installs_the_addon_from_the_wheel(installed_wheel):
    """`python -m odoo -i` from the venv, on a throwaway database, with
    Odoo's default addons path only (its own addons): the addon comes from
    the venv. Without demo data, which the other suites load."""
    from odoo_server import Database, odoo_env, tail

    python, cwd = installed_wheel
    dbname = (os.environ.get("SK_PYTEST_DB") or f"sk_pytest_{os.getpid()}") + "_wheel"
    db = Database(dbname)
    settings = odoo_env.db_settings()
    log = cwd / "odoo-install.log"
    db.drop()
    try:
        with open(log, "w") as out:
            proc = subprocess.run(
                [
                    str(python),
                    "-m",
                    "odoo",
                    f"--db_host={settings['host']}",
                    f"--db_port={settings['port']}",
                    f"--db_user={settings['user']}",
                    f"--db_password={settings['password']}",
                    f"--data-dir={cwd / 'data'}",
                    "-d",
                    dbname,
                    "-i",
                    ADDON,
                    "--without-demo=all",
                    "--max-cron-threads=0",
                    "--no-http",
                    "--stop-after-init",
                ],
                cwd=str(cwd),
                env=offline_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=600,
                check=False,
            )
        assert proc.returncode == 0, "odoo -i failed:\n" + tail(str(log))
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        bad = [
            line for line in text.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)
        ]
        assert not bad, "\n".join(bad[:20])
        # Odoo logs its addons path when it starts: the venv's, not the repo's.
        paths = re.search(r"addons paths: (\[.*\])", text)
        assert paths, tail(str(log))
        namespace = ast.literal_eval(paths.group(1))
        assert any(str(cwd) in p for p in namespace), namespace
        repo = os.path.realpath(REPO_ROOT)
        assert not any(os.path.realpath(p).startswith(repo) for p in namespace)
        state = db.query(
            "SELECT state, latest_version FROM ir_module_module WHERE name = %s",
            [ADDON],
        )
        assert state == [
            {"state": "installed", "latest_version": manifest_version()}
        ], state
    finally:
        db.drop()
