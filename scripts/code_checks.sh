#!/usr/bin/env bash
# The Odoo community's code checks, as OCA's 18.0 repositories run them in
# their pre-commit (same tools, versions pinned in requirements-test.txt):
#   ruff check            lint, .ruff.toml (OCA's)
#   ruff format           format check, .ruff.toml
#   pylint-odoo           .pylintrc-mandatory (OCA's mandatory checks)
#   oca-checks-odoo-module  manifest, XML and CSV of the addon
#   oca-checks-po         the translation files
# on the addon and on tests/, bench/, scripts/ and setup.py. Changes nothing.
# Prints what a tool found when it fails, and ends with "N passed, N failed"
# (one per tool) and a non-zero exit on any finding. scripts/test.sh runs it
# first; alone it takes well under a minute:
#
#   bash scripts/code_checks.sh
#
#   SK_CHECKS_BIN  folder holding the tools (default: .venv-tests/bin, which
#                  this script sets up from requirements-test.txt)
set -uo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ -z "${SK_CHECKS_BIN:-}" ]; then
    sk_setup_test_venv
    SK_CHECKS_BIN="$SK_TEST_VENV/bin"
fi
cd "$SK_REPO_ROOT" || exit 1

targets=(synpunkt_klagomal tests bench scripts setup.py)
# Every Python file, as pre-commit hands them to pylint (the addon's
# migrations are no package, so a folder argument would skip them).
mapfile -t py_files < <(find "${targets[@]}" -name node_modules -prune -o -name '*.py' -print | sort)

passed=0
failed=0
timings=()
check() {  # label command...
    local label=$1 out rc t_start=$SECONDS
    shift
    out="$("$@" 2>&1)"
    rc=$?
    timings+=("$label: $((SECONDS - t_start))s")
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        echo "code check $label: ok"
    else
        failed=$((failed + 1))
        echo "code check $label: FAILED (exit code $rc):"
        printf '%s\n' "$out" | sed 's/^/    /'
    fi
}

check "ruff check" "$SK_CHECKS_BIN/ruff" check --no-fix --output-format=concise "${targets[@]}"
check "ruff format" "$SK_CHECKS_BIN/ruff" format --diff "${targets[@]}"
check "pylint-odoo" "$SK_CHECKS_BIN/pylint" --rcfile=.pylintrc-mandatory \
    --output-format=text "${py_files[@]}"
check "oca-checks-odoo-module" "$SK_CHECKS_BIN/oca-checks-odoo-module" "$SK_MODULE"
# po-pretty-format is off in OCA's repositories too: Odoo writes the files.
check "oca-checks-po" "$SK_CHECKS_BIN/oca-checks-po" --disable=po-pretty-format \
    "$SK_MODULE"/i18n/*.po "$SK_MODULE"/i18n/*.pot

echo "Timings: ${timings[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
