#!/usr/bin/env bash
# Make the benchmark database (once) and run the benchmarks. Not part of `make test`.
#   bash bench/run.sh            # database sk_bench, 100,000 cases (about 12 min to make)
#   SK_BENCH_COUNT=20000 bash bench/run.sh
#   SK_HELPDESK_PATH=/path/to/OCA/helpdesk bash bench/run.sh   # helpdesk_mgmt beside ours
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/common.sh
source scripts/common.sh
sk_setup
db=${SK_BENCH_DB:-sk_bench}
export SK_BENCH_DB=$db
if [ -z "$(sk_psql_as_odoo -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    sk_info "creating $db with synpunkt_klagomal (no demo data) and ${SK_BENCH_COUNT:-100000} cases"
    "${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" -d "$db" -i synpunkt_klagomal --without-demo=all \
        --max-cron-threads=0 --stop-after-init --log-level=warn
    "$PYTHON" bench/generate_cases.py --db "$db" --count "${SK_BENCH_COUNT:-100000}"
fi
peer=()
if [ -n "${SK_HELPDESK_PATH:-}" ]; then
    peer=(--helpdesk-path "$SK_HELPDESK_PATH")
fi
"$PYTHON" bench/bench_scale.py --db "$db" --plans bench/results/scale_plans.txt "${peer[@]}"
"$PYTHON" bench/bench_deadlines.py --db "$db"
"$PYTHON" bench/bench_summary.py --db "$db"
