#!/usr/bin/env bash
# All tests of the project, each phase in a fresh database:
#   0. the code checks (scripts/code_checks.sh: ruff, pylint-odoo, OCA's
#      manifest and translation checks); a finding fails the run but the other
#      phases still run;
#   1. the addon's own Odoo tests, installed with demo data and Swedish;
#   2. the same tests again, installed without demo data and without Swedish (no
#      test may lean on demo records or on a loaded language by accident); that
#      install must log no warning or error before the tests start;
#   3. Odoo's own tests of what the addon overrides, with the addon installed;
#   4. the pytest suite in tests/ (a real Odoo server over HTTP, packaging).
# On two cores the code checks run beside phase 1 and phase 3 beside phase 2
# (each mostly keeps one core busy); their results are reported when the
# phase they run beside ends.
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
db_core="${db_prefix}_core"
export SK_PYTEST_DB="${db_prefix}_pytest"
export SK_LOG_DIR="${SK_LOG_DIR:-$SK_REPO_ROOT/test-logs}"
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/sk_test.XXXXXX")"

# Fixed strings of warnings by Odoo itself that say nothing about this addon.
# Keep it tiny and explain each entry. (Empty: a clean install logs none.)
install_allowlist=()

cleanup() {
    local db
    rm -rf "$work_dir"
    for db in "$db_tests" "$db_core" "$db_nodemo" "$SK_PYTEST_DB"; do
        sk_psql_as_odoo -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT
# Ctrl+C or a kill: exit, so that the EXIT trap cleans up.
trap 'exit 130' INT
trap 'exit 143' TERM

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

# Count the tests of an Odoo log from its summary line, e.g.
# "... INFO db odoo.tests.result: 0 failed, 0 error(s) of 42 tests when loading database 'db'";
# sets o_run (empty without a summary), o_failed, o_errors, o_skipped.
count_odoo_tests() {  # log label
    local summary_line o_passed
    o_run="" o_failed=0 o_errors=0 o_skipped=0
    summary_line="$(grep -E 'odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$1" | tail -n 1 || true)"
    if [ -z "$summary_line" ]; then
        echo "$2: no test summary found in $1"
        return 1
    fi
    read -r o_failed o_errors o_run < <(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$summary_line")
    o_skipped="$(grep -cE ' INFO [^ ]+ odoo\.addons\.[^ ]+: skipped ' "$1" || true)"
    o_passed=$((o_run - o_failed - o_errors - o_skipped))
    [ "$o_passed" -ge 0 ] || o_passed=0
    echo "$2: $o_run run, $o_passed passed, $o_failed failed, $o_errors error(s), $o_skipped skipped"
    passed=$((passed + o_passed))
    [ $((o_failed + o_errors)) -eq 0 ] || fail $((o_failed + o_errors)) "$2: $o_failed failed, $o_errors error(s)"
}

t_start=$SECONDS
sk_setup
sk_setup_test_venv
sk_setup_browser_tests
sk_setup_pdf_tools
mkdir -p "$SK_LOG_DIR"
timings+=("setup: $((SECONDS - t_start))s")

# --- 0. code checks ------------------------------------------------------------
# One check per tool; the script prints what a tool found and ends with its own
# "N passed, N failed" line, added to this run's. They run beside phase 1 (they
# need one core for under a minute; Odoo's test run mostly waits on one other).
checks_file="$work_dir/code-checks.out"
sk_info "0/4 code checks (scripts/code_checks.sh), beside phase 1"
SK_CHECKS_BIN="$SK_TEST_VENV/bin" bash "$SK_REPO_ROOT/scripts/code_checks.sh" >"$checks_file" 2>&1 &
checks_pid=$!

# --- 1. and 2. the addon's own Odoo tests, with and without demo data ------
# Only this addon's tests: the tests of mail & co. are Odoo's business and slow.
# Test runs start an HTTP server, so it gets a free port, not 8069.
run_addon_tests() {  # label log db odoo-args...
    local label=$1 log=$2 db=$3 bad_lines rc
    shift 3
    set +e
    "${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" --data-dir="$work_dir/data" -d "$db" \
        --http-port="$(free_port)" --max-cron-threads=0 -i "$SK_MODULE" "$@" \
        --test-enable --test-tags "/$SK_MODULE" --stop-after-init --log-level=test 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    if ! count_odoo_tests "$log" "$label"; then
        tail -n 30 "$log"
        fail 1 "$label: no test summary in the log (did the install fail?)"
    elif [ "$o_run" -eq 0 ]; then
        fail 1 "$label: no test of $SK_MODULE ran"
    fi
    bad_lines="$(grep -E ' ERROR | CRITICAL |FAIL:' "$log" || true)"
    if [ -n "$bad_lines" ]; then
        echo "--- ERROR / CRITICAL / FAIL lines in $log:"
        head -n 40 <<<"$bad_lines"
        # Already counted when the summary reports failures; otherwise count it once.
        if [ -z "$o_run" ] || [ $((o_failed + o_errors)) -eq 0 ]; then
            fail 1 "$label: ERROR/CRITICAL/FAIL lines in the log"
        fi
    fi
    # Odoo installs the module without its demo data when they fail to load,
    # and says so with a mere warning.
    if grep -qE "Module $SK_MODULE demo data failed to install" "$log"; then
        grep -A 20 -E "Module $SK_MODULE demo data failed to install" "$log" | head -n 25
        fail 1 "$label: the demo data failed to install"
    fi
    if [ "$rc" -ne 0 ] && [ -z "$bad_lines" ] && [ -n "$o_run" ] && [ $((o_failed + o_errors)) -eq 0 ]; then
        fail 1 "$label: odoo exited with code $rc"
    fi
}

# The install part of an Odoo log with --test-enable: everything but the tests,
# which log warnings on purpose (refused access, odd domains). The addon's
# at_install tests run between their first log line and "Module <addon> loaded
# in"; the post_install tests from "Starting post tests" to the end.
install_part() {  # log
    awk -v mod="$SK_MODULE" '
        / odoo\.service\.server: Starting post tests/ { exit }
        index($0, " odoo.addons." mod ".tests") { in_tests = 1 }
        in_tests && index($0, " odoo.modules.loading: Module " mod " loaded in ") { in_tests = 0; next }
        !in_tests { print }' "$1"
}

t_start=$SECONDS
log_tests="$SK_LOG_DIR/odoo-tests.log"
sk_info "1/4 Odoo tests of $SK_MODULE with demo data and Swedish in database $db_tests (log: $log_tests)"
run_addon_tests "Odoo tests (demo data, Swedish)" "$log_tests" "$db_tests" --load-language=sv_SE
timings+=("odoo tests with demo: $((SECONDS - t_start))s")

# The code checks' result (started beside phase 1).
set +e
wait "$checks_pid"
set -e
checks_out="$(cat "$checks_file")"
sk_info "0/4 code checks: result"
printf '%s\n' "$checks_out"
if read -r c_passed c_failed < <(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' <<<"$checks_out" | tail -n 1); then
    passed=$((passed + c_passed))
    [ "$c_failed" -eq 0 ] || fail "$c_failed" "code checks: $(grep -E '^code check .*: FAILED' <<<"$checks_out" | sed -E 's/^code check (.*): FAILED.*/\1/' | paste -sd, -)"
else
    fail 1 "code checks: scripts/code_checks.sh ended without its summary line"
fi
timings+=("code checks (beside phase 1): $(sed -nE 's/^Timings: //p' <<<"$checks_out" | head -n 1)")

# --- 3. Odoo's own tests of what the addon overrides ---------------------------
# Municipalities run the addon beside the rest of Odoo: the tests of the core
# behaviour it overrides (attachments, record rules, message access, followers,
# notifications, activities, automation rules, portal, working-time calendars)
# must still pass with it installed.
# Only the classes named here run, though more modules are installed.
# scripts/odoo_core_tests.py runs them all once the registry is complete: Odoo
# would run the at_install ones (base's, resource's) before loading the addon.
# Browser tours are left out: they need Chrome and websocket-client, and the
# portal home page is covered by the addon's own tests (test_outside_users).
core_start=$SECONDS
log_core="$SK_LOG_DIR/odoo-core-tests.log"
core_modules="$SK_MODULE,test_mail,test_base_automation,test_resource"
core_tags="/base:TestIrAttachment,/base:TestPermissions,/base:TestACL,/base:TestIrRule"
core_tags+=",/base_automation,/test_base_automation,/portal,/resource,/test_resource"
core_tags+=",/test_mail:TestMessageAccess,/test_mail:TestSubtypeAccess,/test_mail:TestMessageValues"
# Followers, notifications and activities: the secrecy guards touch them too.
core_tags+=",/test_mail:BaseFollowersTest,/test_mail:AdvancedFollowersTest"
core_tags+=",/test_mail:AdvancedResponsibleNotifiedTest,/test_mail:RecipientsNotificationTest"
core_tags+=",/test_mail:UnfollowUnreadableRecordTest,/test_mail:TestMailResend,/test_mail:TestDiscuss"
core_tags+=",/test_mail:TestActivityRights,/test_mail:TestActivityFlow,/test_mail:TestActivityMixin"
core_tags+=",/test_mail:TestActivitySystray,/test_mail:TestAttachment"
# Mail templates: the module restricts who may change the templates of cases.
core_tags+=",/mail:TestMailTemplate,/mail:TestMailTemplateReset,/mail:TestTemplateConfigRestrictEditor"
core_tags+=",/test_mail:TestMailTemplate,/test_mail:TestMailTemplateLanguages"
core_tags+=",-/portal:TestUi,-/test_base_automation:BaseAutomationTestUi"
core_tags+=",-/base_automation:TestMailFullComposer.test_mail_composer_test_tour"
sk_info "3/4 Odoo's own tests of the overridden behaviour in database $db_core, beside phase 2 (log: $log_core)"
(
    set +e
    "$PYTHON" "$SK_REPO_ROOT/scripts/odoo_core_tests.py" "${SK_ODOO_ARGS[@]}" --data-dir="$work_dir/data" \
        -d "$db_core" --http-port="$(free_port)" --max-cron-threads=0 -i "$core_modules" --without-demo=all \
        --test-enable --test-tags "$core_tags" --stop-after-init --log-level=test >"$log_core" 2>&1
    echo $? >"$work_dir/core.rc"
) &
core_pid=$!

t_start=$SECONDS
log_nodemo="$SK_LOG_DIR/odoo-tests-without-demo.log"
sk_info "2/4 Odoo tests of $SK_MODULE without demo data or Swedish in database $db_nodemo (log: $log_nodemo)"
run_addon_tests "Odoo tests (no demo data, English only)" "$log_nodemo" "$db_nodemo" --without-demo=all
# A clean install: every warning counts, not only those naming the addon: a
# warning about one of its models or views is logged by Odoo's own loggers
# (odoo.modules.loading, ...).
if ! grep -qE ' odoo\.service\.server: Starting post tests' "$log_nodemo"; then
    fail 1 "install without demo data: the install did not finish (no post tests started)"
else
    warnings="$(log_level_lines <(install_part "$log_nodemo") 'WARNING|ERROR|CRITICAL')"
    for allowed in ${install_allowlist[@]+"${install_allowlist[@]}"}; do
        warnings="$(grep -vF -- "$allowed" <<<"$warnings" || true)"
    done
    if [ -n "$warnings" ]; then
        echo "--- install without demo data: warnings and errors before the tests:"
        head -n 40 <<<"$warnings"
        fail 1 "install without demo data: $(grep -c . <<<"$warnings") warning/error line(s)"
    else
        echo "install without demo data: clean"
    fi
fi
timings+=("odoo tests without demo: $((SECONDS - t_start))s")

# Odoo's own tests' result (started beside phase 2).
set +e
wait "$core_pid"
set -e
rc="$(cat "$work_dir/core.rc" 2>/dev/null || echo 1)"
# Odoo's tests log some errors on purpose: the summary line alone decides.
if ! count_odoo_tests "$log_core" "Odoo's own tests"; then
    tail -n 30 "$log_core"
    fail 1 "Odoo's own tests: no test summary in the log (did the install fail?)"
elif [ "$o_run" -eq 0 ]; then
    fail 1 "Odoo's own tests: none ran"
elif [ $((o_failed + o_errors)) -gt 0 ]; then
    grep -E ' (ERROR|CRITICAL) [^ ]+ odoo\.addons\.[^ ]+: (FAIL|ERROR): ' "$log_core" | head -n 40 || true
fi
if [ "$rc" -ne 0 ] && [ $((o_failed + o_errors)) -eq 0 ] && [ -n "$o_run" ]; then
    fail 1 "Odoo's own tests: odoo exited with code $rc"
fi
timings+=("odoo's own tests (beside phase 2): $((SECONDS - core_start))s")

# --- 4. pytest: real server over HTTP, packaging ----------------------------
t_start=$SECONDS
junit="$work_dir/pytest.xml"
sk_info "4/4 pytest tests/"
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
