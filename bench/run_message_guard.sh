#!/usr/bin/env bash
# The message guard benchmark (issue 8): make its database once, then time.
#   bash bench/run_message_guard.sh     # database sk_bench_msg: 100,000 cases, 1,000,000 messages
# Plans go to bench/results/message_guard_plans.txt. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/common.sh
source scripts/common.sh
sk_setup
db=${SK_BENCH_MSG_DB:-sk_bench_msg}
if [ -z "$(sk_psql_as_odoo -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    sk_info "creating $db with synpunkt_klagomal (no demo data)"
    "${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" -d "$db" -i synpunkt_klagomal --without-demo=all \
        --max-cron-threads=0 --stop-after-init --log-level=warn
fi
# Tops the data up to the asked numbers: quick when they are there.
"$PYTHON" bench/generate_messages.py --db "$db"
mkdir -p bench/results
"$PYTHON" bench/bench_message_guard.py --db "$db" --plans bench/results/message_guard_plans.txt
