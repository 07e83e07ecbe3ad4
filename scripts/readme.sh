#!/usr/bin/env bash
# README.rst (the repository's and the addon's) and the addon's description
# page, generated from synpunkt_klagomal/readme/*.md by scripts/gen_readme.py
# in .venv-tests (pandoc comes from pypandoc_binary, pinned in
# requirements-test.txt). Arguments go to the generator, e.g. --check.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

sk_setup_test_venv
"$SK_TEST_PYTHON" "$SK_REPO_ROOT/scripts/gen_readme.py" "$@"
