"""Package the addon as the wheel ``odoo-addon-synpunkt_klagomal``.

Like OCA's setuptools-odoo, but with plain setuptools: the addon folder is
installed as ``odoo/addons/synpunkt_klagomal`` inside the ``odoo.addons``
namespace (no ``__init__.py`` is shipped for ``odoo`` or ``odoo.addons``),
with every data file (xml, csv, po, pot, static, ...), and the version is the
manifest's ("18.0.x.y.z").

    pip wheel --no-deps -w dist .
"""

import ast
import os

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
ADDON = "synpunkt_klagomal"
ADDON_DIR = os.path.join(HERE, ADDON)
PACKAGE = "odoo.addons." + ADDON
ODOO_SERIES = "18.0"
SKIP_DIRS = {"__pycache__"}
SKIP_SUFFIXES = (".pyc", ".pyo", "~", ".swp")


def read_manifest():
    with open(os.path.join(ADDON_DIR, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())


def addon_version(manifest):
    version = manifest["version"]
    parts = version.split(".")
    if (
        not version.startswith(ODOO_SERIES + ".")
        or len(parts) != 5
        or not all(p.isdigit() for p in parts)
    ):
        raise ValueError(
            f"The manifest version must look like {ODOO_SERIES}.x.y.z, not {version!r}"
        )
    return version


def addon_packages():
    """Python packages of the addon (folders with __init__.py), and where they are."""
    packages, package_dir = [], {}
    for root, dirs, files in os.walk(ADDON_DIR):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        if "__init__.py" not in files:
            continue
        rel = os.path.relpath(root, HERE)
        name = PACKAGE + rel[len(ADDON) :].replace(os.sep, ".")
        packages.append(name)
        package_dir[name] = rel
    return packages, package_dir


def addon_data_files(package_dir):
    """Every other file of the addon, as package data of the top package.

    Python files directly inside a package come with the package; any other
    file (xml, csv, po, pot, png, js, scss, txt, and .py in folders that are
    not packages, such as migrations) is data.
    """
    package_dirs = {os.path.join(HERE, d) for d in package_dir.values()}
    data = []
    for root, dirs, files in os.walk(ADDON_DIR):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(SKIP_SUFFIXES):
                continue
            if name.endswith(".py") and root in package_dirs:
                continue
            data.append(os.path.relpath(os.path.join(root, name), ADDON_DIR))
    return data


def install_requires(manifest):
    python_deps = manifest.get("external_dependencies", {}).get("python", [])
    return [f"odoo>={ODOO_SERIES}a,<18.1dev"] + list(python_deps)


LICENSE_CLASSIFIERS = {
    "LGPL-3": "License :: OSI Approved :: GNU Lesser General Public License v3 "
    "(LGPLv3)",
    "AGPL-3": "License :: OSI Approved :: GNU Affero General Public License v3",
    "GPL-3": "License :: OSI Approved :: GNU General Public License v3 (GPLv3)",
}


def long_description():
    for name in (
        os.path.join(ADDON_DIR, "README.rst"),
        os.path.join(HERE, "README.rst"),
    ):
        if os.path.isfile(name):
            with open(name, encoding="utf-8") as f:
                return f.read()
    return ""


manifest = read_manifest()
packages, package_dir = addon_packages()

setup(
    name="odoo-addon-" + ADDON,
    version=addon_version(manifest),
    description=manifest.get("summary", manifest["name"]),
    long_description=long_description(),
    long_description_content_type="text/x-rst",
    author=manifest.get("author"),
    url=manifest.get("website"),
    license=manifest.get("license"),
    packages=packages,
    package_dir=package_dir,
    package_data={PACKAGE: addon_data_files(package_dir)},
    include_package_data=False,
    install_requires=install_requires(manifest),
    python_requires=">=3.10",
    zip_safe=False,
    classifiers=[
        "Programming Language :: Python",
        "Framework :: Odoo",
        "Framework :: Odoo :: " + ODOO_SERIES,
    ]
    + [LICENSE_CLASSIFIERS[manifest["license"]]]
    * (manifest.get("license") in LICENSE_CLASSIFIERS),
)
