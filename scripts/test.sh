#!/usr/bin/env bash
# All tests of the project, each phase in a fresh database:
#   1. the addon's own Odoo tests (install with demo data, --test-enable);
#   2. a clean install without demo data, which must log no warning or error;
#   3. the pytest suite in tests/ (a real Odoo server over HTTP, packaging).
# Ends with the line "N passed, N failed" and a non-zero exit on any failure.
#
#   SK_LOG_DIR  where the logs are kept   (<repo>/test-logs)
# plus the settings described in scripts/common.sh.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

run_id="$(date +%Y%m%d_%H%M%S)_$$"
db_prefix="sk_test_${run_id}"
db_tests="${db_prefix}_odoo"
db_nodemo="${db_prefix}_nodemo"
export SK_PYTEST_DB="${db_prefix}_pytest"
export SK_LOG_DIR="${SK_LOG_DIR:-$SK_REPO_ROOT/test-logs}"
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/sk_test.XXXXXX")"

# Fixed strings of warnings by Odoo itself that say nothing about this addon.
# Keep it tiny and explain each entry. (Empty: a clean install logs none.)
install_allowlist=()

cleanup() {
    local db
    for db in "$db_tests" "$db_nodemo" "$SK_PYTEST_DB"; do
        sk_psql_as_odoo -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$work_dir"
}
trap cleanup EXIT

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Odoo log lines start "<date> <time> <pid> <LEVEL> <db> <logger>: ".
log_level_lines() {  # file levels-regex
    grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ ($2) " "$1" || true
}

passed=0
failed=0
problems=()
timings=()
fail() {  # count message
    failed=$((failed + $1))
    problems+=("$2")
}

t_start=$SECONDS
sk_setup
sk_setup_test_venv
sk_setup_browser_tests
sk_setup_pdf_tools
mkdir -p "$SK_LOG_DIR"
timings+=("setup: $((SECONDS - t_start))s")

# --- 1. the addon's own Odoo tests ------------------------------------------
t_start=$SECONDS
log_tests="$SK_LOG_DIR/odoo-tests.log"
sk_info "1/3 Odoo tests of $SK_MODULE in database $db_tests (log: $log_tests)"
set +e
# Only this addon's tests: the tests of mail & co. are Odoo's business and slow.
# Test runs start an HTTP server, so it gets a free port, not 8069.
"${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" --data-dir="$work_dir/data" -d "$db_tests" \
    --http-port="$(free_port)" --max-cron-threads=0 \
    -i "$SK_MODULE" --load-language=sv_SE --test-enable --test-tags "/$SK_MODULE" \
    --stop-after-init --log-level=test 2>&1 | tee "$log_tests"
rc=${PIPESTATUS[0]}
set -e
# e.g. "... INFO db odoo.tests.result: 0 failed, 0 error(s) of 42 tests when loading database 'db'"
summary_line="$(grep -E 'odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log_tests" | tail -n 1 || true)"
if [ -n "$summary_line" ]; then
    read -r o_failed o_errors o_run < <(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$summary_line")
    o_skipped="$(grep -cE ' INFO [^ ]+ odoo\.addons\.[^ ]+: skipped ' "$log_tests" || true)"
    o_passed=$((o_run - o_failed - o_errors - o_skipped))
    [ "$o_passed" -ge 0 ] || o_passed=0
    echo "Odoo tests: $o_run run, $o_passed passed, $o_failed failed, $o_errors error(s), $o_skipped skipped"
    passed=$((passed + o_passed))
    [ $((o_failed + o_errors)) -eq 0 ] || fail $((o_failed + o_errors)) "Odoo tests: $o_failed failed, $o_errors error(s)"
    [ "$o_run" -gt 0 ] || fail 1 "Odoo tests: no test of $SK_MODULE ran"
else
    echo "Odoo tests: no test summary found in $log_tests"
    fail 1 "Odoo tests: no test summary in the log (did the install fail?)"
fi
bad_lines="$(grep -E ' ERROR | CRITICAL |FAIL:' "$log_tests" || true)"
if [ -n "$bad_lines" ]; then
    echo "--- ERROR / CRITICAL / FAIL lines in $log_tests:"
    head -n 40 <<<"$bad_lines"
    # Already counted when the summary reports failures; otherwise count it once.
    if [ -z "$summary_line" ] || [ $((o_failed + o_errors)) -eq 0 ]; then
        fail 1 "Odoo tests: ERROR/CRITICAL/FAIL lines in the log"
    fi
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    fail 1 "Odoo tests: odoo exited with code $rc"
fi
timings+=("odoo tests: $((SECONDS - t_start))s")

# --- 2. clean install without demo data -------------------------------------
t_start=$SECONDS
log_install="$SK_LOG_DIR/odoo-install-without-demo.log"
sk_info "2/3 install $SK_MODULE without demo data in database $db_nodemo (log: $log_install)"
set +e
"${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" --data-dir="$work_dir/data" -d "$db_nodemo" \
    --max-cron-threads=0 -i "$SK_MODULE" --without-demo=all \
    --stop-after-init >"$log_install" 2>&1
rc=$?
set -e
# Every warning counts, not only those naming the addon: a warning about one of
# its models or views is logged by Odoo's own loggers (odoo.modules.loading, ...).
warnings="$(log_level_lines "$log_install" 'WARNING|ERROR|CRITICAL')"
for allowed in ${install_allowlist[@]+"${install_allowlist[@]}"}; do
    warnings="$(grep -vF -- "$allowed" <<<"$warnings" || true)"
done
if [ "$rc" -ne 0 ] || [ -n "$warnings" ]; then
    echo "--- install without demo data: exit code $rc; warnings and errors:"
    [ -z "$warnings" ] || head -n 40 <<<"$warnings"
    [ "$rc" -eq 0 ] || tail -n 30 "$log_install"
    fail 1 "install without demo data: exit code $rc, $(grep -c . <<<"$warnings" || true) warning/error line(s)"
else
    echo "install without demo data: clean"
fi
timings+=("install without demo: $((SECONDS - t_start))s")

# --- 3. pytest: real server over HTTP, packaging ----------------------------
t_start=$SECONDS
junit="$work_dir/pytest.xml"
sk_info "3/3 pytest tests/"
set +e
(cd "$SK_REPO_ROOT" && "$SK_TEST_PYTHON" -m pytest tests/ -v -p no:cacheprovider --junitxml="$junit")
rc=$?
set -e
if [ -f "$junit" ]; then
    read -r p_run p_failed p_errors p_skipped < <("$PYTHON" - "$junit" <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
totals = [sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")]
print(*totals)
EOF
    )
else
    p_run=0 p_failed=0 p_errors=0 p_skipped=0
fi
p_passed=$((p_run - p_failed - p_errors - p_skipped))
echo "pytest: $p_run run, $p_passed passed, $p_failed failed, $p_errors error(s), $p_skipped skipped (exit code $rc)"
passed=$((passed + p_passed))
[ $((p_failed + p_errors)) -eq 0 ] || fail $((p_failed + p_errors)) "pytest: $p_failed failed, $p_errors error(s)"
if [ "$rc" -eq 5 ]; then
    fail 1 "pytest: no tests collected"
elif [ "$rc" -ne 0 ] && [ $((p_failed + p_errors)) -eq 0 ]; then
    fail 1 "pytest: exit code $rc"
fi
timings+=("pytest: $((SECONDS - t_start))s")

cleanup
trap - EXIT

echo
echo "Timings: ${timings[*]}"
echo "Logs: $SK_LOG_DIR"
for problem in "${problems[@]+"${problems[@]}"}"; do
    echo "FAILED: $problem"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
