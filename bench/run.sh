#!/usr/bin/env bash
# Make the benchmark database (once) and run the benchmarks. Not part of `make test`.
usage() {
    cat <<'EOF'
Usage: bash bench/run.sh [-h|--help]

Makes the database sk_bench once (synpunkt_klagomal without demo data, then
bench/generate_cases.py: 100,000 cases, one in five open; about 12 minutes
on 2 cores). If the database exists, updates the module in it first
(-u synpunkt_klagomal, up to about a minute), so that the figures are of the code
in this checkout. Then runs bench_scale.py (its defaults: --runs 5
--single 1000), bench_deadlines.py and bench_summary.py. Prints figures,
asserts nothing. The EXPLAIN plans of the slowest queries go to
bench/results/local/ (not tracked by git).

Settings (environment variables, all optional):
  SK_BENCH_DB=sk_bench       the database
  SK_BENCH_COUNT=100000      cases when the database is made (one in five open);
                             an existing database is used as it is
  SK_BENCH_NO_UPDATE=1       use an existing database without updating the module
  SK_HELPDESK_PATH=DIR       checkout of OCA/helpdesk 18.0: measure helpdesk_mgmt
                             beside ours (database sk_bench_helpdesk, made once,
                             about 7 minutes)

Examples:
  bash bench/run.sh
  SK_BENCH_DB=sk_bench_20k SK_BENCH_COUNT=20000 bash bench/run.sh
  SK_HELPDESK_PATH=/path/to/OCA/helpdesk bash bench/run.sh
EOF
}
case "${1:-}" in
    "") ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; printf '\nERROR: unknown argument: %s\n' "$1" >&2; exit 2 ;;
esac
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/common.sh
source scripts/common.sh
sk_setup
db=${SK_BENCH_DB:-sk_bench}
export SK_BENCH_DB=$db
count=${SK_BENCH_COUNT:-100000}
case "$count" in
    '' | *[!0-9]*) sk_die "SK_BENCH_COUNT must be a number of cases, not '$count'" ;;
esac
made=
if [ -z "$(sk_psql_as_odoo -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    made=1
    sk_info "creating $db with synpunkt_klagomal (no demo data) and $count cases, $((count / 5)) open"
    "${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" -d "$db" -i synpunkt_klagomal --without-demo=all \
        --max-cron-threads=0 --stop-after-init --log-level=warn
    "$PYTHON" bench/generate_cases.py --db "$db" --count "$count" --open $((count / 5))
else
    sk_info "$db exists ($(sk_psql_as_odoo -d "$db" -tAc "SELECT count(*) FROM synpunkt_complaint") cases): used as it is"
    if [ -n "${SK_BENCH_COUNT:-}" ]; then
        sk_info "SK_BENCH_COUNT is not applied: it is for a database being made (set SK_BENCH_DB to a new name)"
    fi
fi
if [ -n "$made" ]; then
    :
elif [ "${SK_BENCH_NO_UPDATE:-}" = 1 ]; then
    sk_info "SK_BENCH_NO_UPDATE=1: synpunkt_klagomal is not updated in $db"
else
    # A migration or a changed index in this checkout must be in the database,
    # or the figures are of the code the database was made with.
    sk_info "updating synpunkt_klagomal in $db (SK_BENCH_NO_UPDATE=1 to skip)"
    "${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" -d "$db" -u synpunkt_klagomal \
        --max-cron-threads=0 --stop-after-init --log-level=warn
fi
peer=()
if [ -n "${SK_HELPDESK_PATH:-}" ]; then
    peer=(--helpdesk-path "$SK_HELPDESK_PATH")
fi
mkdir -p bench/results/local
plans=bench/results/local/scale_plans_$db.txt
"$PYTHON" bench/bench_scale.py --db "$db" --plans "$plans" "${peer[@]}"
"$PYTHON" bench/bench_deadlines.py --db "$db"
"$PYTHON" bench/bench_summary.py --db "$db"
sk_info "EXPLAIN plans of the slowest queries: $plans"
