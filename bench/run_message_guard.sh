#!/usr/bin/env bash
# The message guard benchmark (issue 8): make its database once, then time.
#   bash bench/run_message_guard.sh [--runs 21] [other options of bench_message_guard.py]
# Database sk_bench_msg: 100,000 cases, 1,000,000 messages (made once; their generation about 1.5 min).
# Twice: with the notifications the users cannot read on the newest messages
# (the worst case; plans in bench/results/message_guard_plans.txt), then spread
# over the users' other notifications (message_guard_plans_spread.txt); see
# generate_messages.py. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
# The options go to bench_message_guard.py: show its help before making anything.
for arg in "$@"; do
    case "$arg" in
        -h | --help)
            sed -n '2,8s/^# \{0,1\}//p' bench/run_message_guard.sh
            echo
            exec "${PYTHON:-python3}" bench/bench_message_guard.py --help
            ;;
    esac
done
# shellcheck source=../scripts/common.sh
source scripts/common.sh
sk_setup
db=${SK_BENCH_MSG_DB:-sk_bench_msg}
if [ -z "$(sk_psql_as_odoo -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    sk_info "creating $db with synpunkt_klagomal (no demo data)"
    "${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" -d "$db" -i synpunkt_klagomal --without-demo=all \
        --max-cron-threads=0 --stop-after-init --log-level=warn
fi
mkdir -p bench/results
for hidden in newest spread; do
    # Tops the data up to the asked numbers (quick when they are there) and
    # makes the three users' notifications again in this shape.
    "$PYTHON" bench/generate_messages.py --db "$db" --hidden "$hidden"
    # Without a VACUUM, the inbox's index scans would also walk the dead rows
    # of the notifications just made again.
    sk_psql_as_odoo -d "$db" -c "VACUUM ANALYZE mail_notification, mail_message_res_partner_starred_rel"
    plans=bench/results/message_guard_plans.txt
    [ "$hidden" = newest ] || plans=bench/results/message_guard_plans_$hidden.txt
    echo "== notifications the users cannot read: $hidden"
    "$PYTHON" bench/bench_message_guard.py --db "$db" --plans "$plans" "$@"
done
