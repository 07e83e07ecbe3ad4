#!/usr/bin/env bash
# Refresh synpunkt_klagomal/i18n/*.pot and sv.po from the code (for translators
# and developers; not part of the two README commands). Installs the addon in a
# scratch database, exports the template, rebuilds sv.po (scripts/i18n_update.py).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
sk_setup
db="sk_i18n_$$"
tmp="$(mktemp -d)"
trap 'sk_psql_as_odoo -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
"${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" --data-dir="$tmp/data" -d "$db" -i "$SK_MODULE" --without-demo=all \
    --max-cron-threads=0 --stop-after-init --log-level=warn
"${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" --data-dir="$tmp/data" -d "$db" --modules="$SK_MODULE" \
    --i18n-export="$tmp/$SK_MODULE.pot" --stop-after-init --log-level=warn
"$PYTHON" "$SK_REPO_ROOT/scripts/i18n_update.py" "$tmp/$SK_MODULE.pot"
