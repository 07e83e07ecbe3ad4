"""setup.py builds the wheel odoo-addon-synpunkt_klagomal into the odoo.addons
namespace."""

import ast
import email
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
