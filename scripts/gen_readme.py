"""Generate the README and the addon's description page from readme/*.md.

The layout is that of OCA's ``oca-gen-addon-readme`` (OCA/maintainer-tools):
title, badges, description, table of contents, Installation, Configuration,
Usage, Development, Known issues / Roadmap, Bug Tracker, Credits (Authors,
Contributors, Maintainers). As there, the Markdown fragments are converted to
reStructuredText by pandoc (GitHub-flavoured Markdown without raw HTML) and
the HTML page is docutils' ``html4css1`` output of the README, with any
docutils warning an error. pandoc comes from ``pypandoc_binary`` and docutils
is Odoo's; both are pinned in requirements-test.txt, so the output is the same
on every machine. Run it in .venv-tests (``make readme`` does):

    python scripts/gen_readme.py            write the generated files
    python scripts/gen_readme.py --check    write nothing; exit 1 if one is stale

Generated (images are referenced relatively, as each place needs):

- ``synpunkt_klagomal/README.rst``: the addon's README (the wheel's long
  description; images ``static/description/<file>``);
- ``README.rst``: the same for the repository, with the two commands of this
  repository at the top (images ``synpunkt_klagomal/static/description/<file>``);
- ``synpunkt_klagomal/static/description/index.html``: the page Odoo shows in
  Apps (images by file name, which Odoo resolves in ``static/description/``).
"""

import argparse
import ast
import difflib
import io
import os
import re
import sys

from docutils.core import publish_string
from docutils.utils import SystemMessage

ADDON = "synpunkt_klagomal"
FRAGMENTS_DIR = "readme"
DESCRIPTION_DIR = "static/description/"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGENERATE = "make readme (python scripts/gen_readme.py in .venv-tests)"

# The fragments oca-gen-addon-readme knows, in its order: name, section title
# and heading level (2: a section of the README, 3: inside Credits).
SECTIONS = (
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
)
CREDITS = (("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits"))

# As OCA: GitHub-flavoured Markdown; raw HTML off (docutils refuses it
# anyway) and no automatic heading identifiers (unreferenced targets).
PANDOC_FORMAT = "gfm-raw_html-gfm_auto_identifiers"
PANDOC_ARGS = ["--columns=79", "--wrap=auto"]

# OCA's docutils settings (from pypa/readme_renderer): no file inclusion, no
# raw HTML, and a warning stops the run. Odoo 17+ warns about an XML
# declaration in index.html.
RST2HTML_SETTINGS = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "math_output": "MathJax",
    "raw_enabled": False,
    "smart_quotes": True,
    "syntax_highlight": "short",
    "xml_declaration": False,
    "output_encoding": "utf-8",
}

DEVELOPMENT_STATUS_BADGES = {
    "alpha": ("Alpha", "red"),
    "beta": ("Beta", "yellow"),
    "production/stable": ("Production/Stable", "green"),
    "mature": ("Mature", "brightgreen"),
}
# license key of the manifest: (badge text, link, what the files' headers say)
LICENSES = {
    "LGPL-3": (
        "LGPL--3",
        "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
        "LGPL-3.0 or later",
    ),
    "AGPL-3": (
        "AGPL--3",
        "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
        "AGPL-3.0 or later",
    ),
}

# "<name>: <image or figure> directive" lines of pandoc's output, with the
# path relative to readme/ (so that a fragment shows its images on GitHub).
IMAGE_RE = re.compile(r"^(\s*\.\. (?:\|[^|]+\| )?(?:image|figure):: )(\S+)\s*$")


class ReadmeError(Exception):
    """A fragment, the manifest or the generated reST is not usable."""


def read_manifest(addon_dir):
    """The addon's manifest as a dict (it is a Python literal)."""
    with open(os.path.join(addon_dir, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())


def md_to_rst(path, level):
    """reST of the Markdown file ``path``; its ``##`` headings become level 2.

    level: 2 for a section of the README, 3 for a part of Credits.
    Raises ReadmeError when pandoc (pypandoc_binary) is not installed.
    """
    try:
        import pypandoc
    except ImportError as exc:
        raise ReadmeError(
            f"pypandoc_binary is not installed in {sys.executable}: run {REGENERATE}"
        ) from exc
    try:
        rst = pypandoc.convert_file(
            path,
            "rst",
            format=PANDOC_FORMAT,
            extra_args=PANDOC_ARGS + [f"--shift-heading-level-by={level - 2}"],
            sandbox=True,
        )
    except OSError as exc:
        raise ReadmeError(f"pandoc failed on {path}: {exc}") from exc
    return rst.replace("\r\n", "\n").strip("\n") + "\n"


def relocate_images(rst, prefix, fragment):
    """Rewrite the fragments' image paths (relative to readme/) for a target.

    prefix: what goes before the path relative to the addon folder
    (``""`` for the addon's README, ``"synpunkt_klagomal/"`` for the
    repository's); ``None`` for index.html, where an image is named by its
    file name in static/description/ (Odoo resolves it there).
    """
    lines = []
    for line in rst.split("\n"):
        mo = IMAGE_RE.match(line)
        if mo and "://" not in mo.group(2):
            path = os.path.normpath(os.path.join(FRAGMENTS_DIR, mo.group(2)))
            path = path.replace(os.sep, "/")
            if path.startswith("../") or not path.startswith(DESCRIPTION_DIR):
                raise ReadmeError(
                    f"{fragment}.md: image {mo.group(2)} is not in "
                    f"{ADDON}/{DESCRIPTION_DIR}"
                )
            if prefix is None:
                path = path[len(DESCRIPTION_DIR) :]
            else:
                path = prefix + path
            line = mo.group(1) + path
        lines.append(line)
    return "\n".join(lines)


def heading(title, char, overline=False):
    rule = char * len(title)
    return ([rule] if overline else []) + [title, rule, ""]


def github_repo(manifest):
    """(organisation, repository) of the manifest's GitHub website."""
    mo = re.match(r"https://github\.com/([^/]+)/([^/]+?)/?$", manifest["website"])
    if not mo:
        raise ReadmeError("the manifest's website is not a GitHub repository")
    return mo.group(1), mo.group(2)


def badges(manifest):
    """The badges line and its substitution definitions, as reST lines."""
    org, repo = github_repo(manifest)
    series = ".".join(manifest["version"].split(".")[:2])
    status = manifest.get("development_status", "Beta").lower()
    status_text, colour = DEVELOPMENT_STATUS_BADGES[status]
    license_badge, license_url, _text = LICENSES[manifest["license"]]

    def shield(text):
        return text.replace("-", "--").replace("_", "__").replace("/", "%2F")

    items = [
        (
            f"https://img.shields.io/badge/maturity-{shield(status_text)}-{colour}.png",
            "https://odoo-community.org/page/development-status",
            status_text,
        ),
        (
            f"https://img.shields.io/badge/license-{license_badge}-blue.png",
            license_url,
            f"License: {manifest['license']}",
        ),
        (
            f"https://img.shields.io/badge/github-{shield(f'{org}/{repo}')}"
            "-lightgray.png?logo=github",
            f"https://github.com/{org}/{repo}/tree/{series}/{ADDON}",
            f"{org}/{repo}",
        ),
    ]
    lines = []
    for index, (image, target, alt) in enumerate(items, 1):
        lines += [
            f".. |badge{index}| image:: {image}",
            f"    :target: {target}",
            f"    :alt: {alt}",
        ]
    lines += ["", " ".join(f"|badge{i}|" for i in range(1, len(items) + 1)), ""]
    return lines


def render(manifest, fragments, image_prefix, repository_header=False):
    """The README as reST.

    fragments: {name: reST converted from readme/<name>.md, images relative
    to readme/}; image_prefix: as for relocate_images; repository_header:
    add the two commands of the repository before the table of contents.
    """
    org, repo = github_repo(manifest)
    series = ".".join(manifest["version"].split(".")[:2])

    def fragment(name):
        return relocate_images(fragments[name], image_prefix, name).rstrip("\n")

    lines = heading(manifest["name"], "=", overline=True)
    lines += [
        "..",
        "   !! This file is generated by scripts/gen_readme.py from the",
        f"   !! fragments in {ADDON}/{FRAGMENTS_DIR}/ and the manifest: changes made",
        "   !! here are overwritten. Edit a fragment, then run: make readme",
        "",
    ]
    lines += badges(manifest)
    if "DESCRIPTION" not in fragments:
        raise ReadmeError(f"{FRAGMENTS_DIR}/DESCRIPTION.md is missing")
    lines += [fragment("DESCRIPTION"), ""]
    if repository_header:
        lines += [
            f"This repository holds the addon (``{ADDON}/``), its tests and the two",
            "commands below (details under *Installation*)::",
            "",
            "    make demo   # a demo database, served on http://localhost:8069",
            "    make test   # every test, ending with 'N passed, N failed'",
            "",
        ]
    lines += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for name, title in SECTIONS:
        if name in fragments:
            lines += heading(title, "=") + [fragment(name), ""]
    lines += heading("Bug Tracker", "=")
    issues = f"https://github.com/{org}/{repo}/issues"
    lines += [
        f"Bugs are tracked on `GitHub Issues <{issues}>`_.",
        "In case of trouble, please check there if your issue has already been"
        " reported.",
        "If you spotted it first, help us to smash it by providing a detailed"
        " and welcomed",
        f"`feedback <{issues}/new?body=module:%20{ADDON}%0Aversion:%20{series}"
        "%0A%0A**Steps%20to%20reproduce**%0A-%20...%0A%0A"
        "**Current%20behavior**%0A%0A**Expected%20behavior**>`_.",
        "",
        "Do not contact contributors directly about support or help with"
        " technical issues.",
        "",
    ]
    lines += heading("Credits", "=") + heading("Authors", "-")
    lines += [f"- {a.strip()}" for a in manifest["author"].split(",")] + [""]
    for name, title in CREDITS:
        if name in fragments:
            lines += heading(title, "-") + [fragment(name), ""]
    project = f"https://github.com/{org}/{repo}/tree/{series}/{ADDON}"
    lines += heading("Maintainers", "-")
    lines += [
        f"This module is part of the `{org}/{repo} <{project}>`_ project on GitHub.",
        "",
        "You are welcome to contribute.",
        "",
        f"License: {LICENSES[manifest['license']][2]}.",
    ]
    text = "\n".join(lines) + "\n"
    # No trailing blanks (pre-commit's trailing-whitespace), one final newline.
    return re.sub(r"[ \t]+\n", "\n", text)


def rst_to_html(rst, source_name):
    """docutils' html4css1 page of ``rst``; a docutils warning raises."""
    try:
        html = publish_string(
            rst,
            source_path=source_name,
            writer_name="html4css1",
            settings_overrides=dict(RST2HTML_SETTINGS, warning_stream=io.StringIO()),
        )
    except SystemMessage as exc:
        raise ReadmeError(f"{source_name} is not valid reST: {exc}") from exc
    # Without docutils' version, as OCA: a docutils update alone changes nothing.
    return re.sub(rb"(<meta.*generator.*Docutils)\s*[\d.]+", rb"\1", html)


def generate(root=REPO_ROOT):
    """{path relative to root: bytes} of every generated file."""
    addon_dir = os.path.join(root, ADDON)
    manifest = read_manifest(addon_dir)
    fragments = {}
    levels = dict.fromkeys(["DESCRIPTION"] + [n for n, _t in SECTIONS], 2)
    levels.update(dict.fromkeys([n for n, _t in CREDITS], 3))
    for name, level in levels.items():
        path = os.path.join(addon_dir, FRAGMENTS_DIR, name + ".md")
        if os.path.isfile(path):
            fragments[name] = md_to_rst(path, level)
    addon_readme = render(manifest, fragments, "")
    root_readme = render(manifest, fragments, ADDON + "/", repository_header=True)
    page = render(manifest, fragments, None)
    files = {
        ADDON + "/README.rst": addon_readme,
        "README.rst": root_readme,
    }
    for name, text in files.items():
        rst_to_html(text, name)  # valid reST, or ReadmeError
    files = {name: text.encode("utf-8") for name, text in files.items()}
    files[ADDON + "/" + DESCRIPTION_DIR + "index.html"] = rst_to_html(
        page, ADDON + "/README.rst"
    )
    return files


def stale(root=REPO_ROOT, files=None):
    """[(path, unified diff)] of the generated files that differ on disk."""
    files = generate(root) if files is None else files
    result = []
    for name, wanted in sorted(files.items()):
        path = os.path.join(root, name)
        current = b""
        if os.path.isfile(path):
            with open(path, "rb") as f:
                current = f.read()
        if current != wanted:
            diff = difflib.unified_diff(
                current.decode("utf-8", "replace").splitlines(),
                wanted.decode("utf-8").splitlines(),
                f"{name} (on disk)",
                f"{name} (from the fragments)",
                lineterm="",
            )
            result.append((name, "\n".join(diff)))
    return result


def stale_message(found, max_lines=40):
    """What to tell someone whose generated files are stale."""
    lines = [f"README.rst is stale: run {REGENERATE}"]
    for name, diff in found:
        diff_lines = diff.splitlines()
        lines.append(f"--- {name} differs ({len(diff_lines)} diff lines):")
        lines += diff_lines[:max_lines]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a generated file is stale",
    )
    parser.add_argument("--root", default=REPO_ROOT, help="repository root")
    args = parser.parse_args(argv)
    try:
        files = generate(args.root)
        found = stale(args.root, files)
    except ReadmeError as exc:
        sys.stderr.write(f"ERROR: {exc}\n")
        return 2
    if args.check:
        if found:
            sys.stderr.write(stale_message(found) + "\n")
            return 1
        sys.stdout.write("README.rst and index.html are up to date\n")
        return 0
    for name, _diff in found:
        with open(os.path.join(args.root, name), "wb") as f:
            f.write(files[name])
        sys.stdout.write(f"wrote {name}\n")
    if not found:
        sys.stdout.write("README.rst and index.html are up to date\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
