#!/usr/bin/env bash
# Fresh demo database with synpunkt_klagomal and its demo data, then Odoo in
# the foreground on http://localhost:8069 (Ctrl+C stops it).
#
#   SK_DB         database name, dropped and recreated   (synpunkt_demo)
#   SK_HTTP_PORT  HTTP port                               (8069)
#   SK_HTTP_INTERFACE  address Odoo listens on           (127.0.0.1: this
#                 machine only, as every demo password is the login; 0.0.0.0
#                 to open it to the network)
#   SK_DATA_DIR   Odoo data dir (filestore, sessions)     (<repo>/.odoo-data)
# plus the settings described in scripts/common.sh.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

db="${SK_DB:-synpunkt_demo}"
port="${SK_HTTP_PORT:-8069}"
interface="${SK_HTTP_INTERFACE:-127.0.0.1}"
data_dir="${SK_DATA_DIR:-$SK_REPO_ROOT/.odoo-data}"

# shellcheck disable=SC2119  # no extra requirement files for the demo
sk_setup
# Printing reports from the demo needs wkhtmltopdf.
sk_setup_pdf_tools

sk_info "recreating database $db"
sk_drop_db "$db"
# Attachments of the old database would otherwise linger in the filestore.
rm -rf "$data_dir/filestore/$db"
mkdir -p "$data_dir"

sk_info "installing $SK_MODULE with demo data into $db (takes a minute or two)"
# Odoo 18 creates the missing database and loads demo data by default.
"${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" --data-dir="$data_dir" -d "$db" \
    -i "$SK_MODULE" --load-language=sv_SE --stop-after-init --log-level=warn \
    || sk_die "Installing $SK_MODULE failed (see the log above)."

cat <<EOF

Demo database "$db" is ready. Open http://localhost:$port and log in as one of
these demo users (password = login):

  login            name                 role
  ---------------  -------------------  ---------------------------------------------
  admin            Mitchell Admin       Odoo and module administrator, no confidential access
  registrator      Rut Registrator      Registrar: registers and routes all cases
  kvalitet         Karin Kvalitetsson   Manager + confidential access, head of administration
  hemtjanst.chef   Hans Hemtjänstsson   Handler, manager of unit Hemtjänst (and its sub-units)
  ifo.handlaggare  Ida Ifosson          Handler + confidential access, unit IFO

The citizens' web form (no login) is at http://localhost:$port/synpunkter
Odoo listens on $interface only (SK_HTTP_INTERFACE=0.0.0.0 opens it to the network:
every demo password is the login). Stop the server with Ctrl+C; the database
stays until the next make demo; to remove it and its files (the role's password
is SK_DB_PASSWORD, by default odoo):
  dropdb -h ${SK_DB_HOST} -p ${SK_DB_PORT} -U ${SK_DB_USER} $db && rm -rf $data_dir/filestore/$db

EOF

exec "${SK_ODOO[@]}" "${SK_ODOO_ARGS[@]}" --data-dir="$data_dir" -d "$db" \
    --db-filter="^${db}\$" --http-port="$port" --http-interface="$interface"
