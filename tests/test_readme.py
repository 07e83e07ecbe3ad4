"""README.rst and the addon's description page come from readme/*.md.

scripts/gen_readme.py generates README.rst (the repository's and the addon's)
and synpunkt_klagomal/static/description/index.html from the fragments of
synpunkt_klagomal/readme/ and the manifest, in OCA's layout. These tests fail
while a generated file differs from what the fragments give, and when the
generated reST makes docutils warn.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(REPO_ROOT, "scripts", "gen_readme.py")
ADDON = "synpunkt_klagomal"
ADDON_README = ADDON + "/README.rst"
INDEX = ADDON + "/static/description/index.html"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("gen_readme", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(gen):
    try:
        return gen.generate(REPO_ROOT)
    except gen.ReadmeError as exc:
        pytest.fail(str(exc), pytrace=False)


def copy_sources(root, files):
    """A repository at ``root`` with the addon's manifest, its fragments and
    the generated ``files`` ({relative path: bytes})."""
    addon = os.path.join(root, ADDON)
    os.makedirs(os.path.join(addon, "static", "description"))
    shutil.copy(os.path.join(REPO_ROOT, ADDON, "__manifest__.py"), addon)
    shutil.copytree(
        os.path.join(REPO_ROOT, ADDON, "readme"), os.path.join(addon, "readme")
    )
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)


def run_generator(*args):
    return subprocess.run(
        [sys.executable, GENERATOR, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_readme_is_current(gen, generated):
    found = gen.stale(REPO_ROOT, generated)
    if found:
        pytest.fail(gen.stale_message(found), pytrace=False)


def test_readme_has_the_oca_layout(generated):
    readme = generated[ADDON_README].decode()
    sections = re.findall(r"^(.+)\n(=+|-+)\n", readme, re.MULTILINE)
    titles = [title for title, _rule in sections]
    wanted = [
        "Installation",
        "Configuration",
        "Usage",
        "Known issues / Roadmap",
        "Bug Tracker",
        "Credits",
        "Authors",
        "Contributors",
        "Maintainers",
    ]
    assert [t for t in titles if t in wanted] == wanted, titles
    assert readme.index(".. contents::") < readme.index("\nInstallation\n")
    # What an integrator needs to find, from INSTALL.md and CONFIGURE.md.
    for needle in (
        "pip wheel --no-deps -w dist .",
        "odoo-addon-synpunkt_klagomal",
        "addons path",
        "--workers",
        "synpunkt_klagomal.rate_limit_per_hour",
        "gallringsbeslut",
        "Confidential access",
        "make demo",
        "make test",
        "ifo.handlaggare",
    ):
        assert needle in readme, needle


def test_root_readme_shows_the_two_commands_first(generated):
    root = generated["README.rst"].decode()
    head = root[: root.index(".. contents::")]
    assert "make demo" in head and "make test" in head
    # The same sections as the addon's README below that.
    addon = generated[ADDON_README].decode()
    assert (
        root.split(".. contents::")[1].replace(ADDON + "/static/", "static/")
        == (addon.split(".. contents::")[1])
    )


def test_images_are_relative_where_they_are_shown(generated):
    images = re.compile(r"image:: (\S+)")
    addon = images.findall(generated[ADDON_README].decode())
    root = images.findall(generated["README.rst"].decode())
    local = [p for p in addon if "://" not in p]
    assert "static/description/web_form.png" in local
    assert all(p.startswith("static/description/") for p in local), local
    assert [p for p in root if "://" not in p] == [ADDON + "/" + p for p in local]
    # Odoo's Apps page resolves a bare file name in static/description/ (and
    # leaves alone any src that contains "static/").
    srcs = re.findall(rb'<img alt="[^"]*" src="([^"]+)"', generated[INDEX])
    local_srcs = [s.decode() for s in srcs if b"://" not in s]
    assert local_srcs == [p.split("/")[-1] for p in local]
    # Every image shown exists in the addon (the screenshots are taken by
    # tests/test_screenshots.py, the report images by the addon's tests).
    missing = [
        p for p in local if not os.path.isfile(os.path.join(REPO_ROOT, ADDON, p))
    ]
    assert not missing, f"images the README shows but the addon lacks: {missing}"
    for shot in ("board.png", "case_form.png", "web_form.png", "web_form_error.png"):
        assert "static/description/" + shot in local, f"{shot} not shown in the README"


def test_a_changed_fragment_makes_the_check_fail(gen, generated, tmp_path):
    copy_sources(str(tmp_path), generated)
    assert gen.stale(str(tmp_path)) == []
    assert run_generator("--check", "--root", str(tmp_path)).returncode == 0

    usage = tmp_path / ADDON / "readme" / "USAGE.md"
    usage.write_text(
        usage.read_text(encoding="utf-8") + "\nA new paragraph of the usage.\n",
        encoding="utf-8",
    )
    proc = run_generator("--check", "--root", str(tmp_path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "README.rst is stale: run make readme" in proc.stderr
    assert "+A new paragraph of the usage." in proc.stderr
    stale = [name for name, _diff in gen.stale(str(tmp_path))]
    assert stale == ["README.rst", ADDON_README, INDEX]

    # Regenerating brings every file up to date again.
    assert run_generator("--root", str(tmp_path)).returncode == 0
    assert run_generator("--check", "--root", str(tmp_path)).returncode == 0
    assert b"A new paragraph of the usage." in (tmp_path / INDEX).read_bytes()


def test_a_docutils_warning_is_an_error(gen, generated, tmp_path):
    copy_sources(str(tmp_path), generated)
    # The same image name in two fragments: a duplicate substitution, which
    # docutils reports as an error.
    configure = tmp_path / ADDON / "readme" / "CONFIGURE.md"
    configure.write_text(
        configure.read_text(encoding="utf-8")
        + "\n![The citizens' web form](../static/description/web_form.png)\n",
        encoding="utf-8",
    )
    with pytest.raises(gen.ReadmeError, match="not valid reST"):
        gen.generate(str(tmp_path))
    proc = run_generator("--check", "--root", str(tmp_path))
    assert proc.returncode == 2
    assert "not valid reST" in proc.stderr
