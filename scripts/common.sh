# shellcheck shell=bash
# Helpers shared by scripts/demo.sh and scripts/test.sh. Source it, don't run it.
#
# Settings (environment variables, all optional):
#   PYTHON            Python that can import Odoo 18.0       (python3)
#   ODOO_ADDONS_PATH  replaces the computed addons path
#   SK_DB_HOST, SK_DB_PORT, SK_DB_USER, SK_DB_PASSWORD
#                     PostgreSQL role Odoo uses over TCP    (localhost 5432 odoo odoo)

SK_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034  # SK_MODULE and SK_ODOO are for the scripts that source this
SK_MODULE=synpunkt_klagomal
PYTHON="${PYTHON:-python3}"
export PYTHON
export SK_DB_HOST="${SK_DB_HOST:-localhost}"
export SK_DB_PORT="${SK_DB_PORT:-5432}"
export SK_DB_USER="${SK_DB_USER:-odoo}"
export SK_DB_PASSWORD="${SK_DB_PASSWORD:-odoo}"
# pip's advice against running as root is noise here (CI runs as root).
export PIP_ROOT_USER_ACTION="${PIP_ROOT_USER_ACTION:-ignore}"

sk_info() { printf '==> %s\n' "$*"; }
sk_die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Stop early, with install instructions, unless Odoo 18.0 imports.
sk_require_odoo() {
    command -v "$PYTHON" >/dev/null 2>&1 || sk_die "$PYTHON not found (set PYTHON=...)."
    "$PYTHON" "$SK_REPO_ROOT/scripts/odoo_env.py" check || exit 1
    # Addons path and connection args come from the helper the pytest suite uses.
    local args
    args="$("$PYTHON" "$SK_REPO_ROOT/scripts/odoo_env.py" odoo-args)" || exit 1
    mapfile -t SK_ODOO_ARGS <<<"$args"
    # shellcheck disable=SC2034
    SK_ODOO=("$PYTHON" -m odoo)
    sk_info "${SK_ODOO_ARGS[0]}"
}

# Run a command as the postgres superuser (peer authentication on the socket).
sk_as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n -u postgres -- "$@"
    else
        sk_die "Need root or sudo to run '$*' as postgres."
    fi
}

sk_pg_ready() {
    pg_isready -q -h "$SK_DB_HOST" -p "$SK_DB_PORT" >/dev/null 2>&1
}

# Start PostgreSQL if nothing answers on SK_DB_HOST:SK_DB_PORT. A session's
# background processes don't survive into CI, so this runs every time.
sk_ensure_postgres() {
    if ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            sk_info "PostgreSQL is not installed: installing Debian's postgresql"
            if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; then
                sk_die "Could not install PostgreSQL; install it and run again."
            fi
        else
            sk_die "PostgreSQL (server and client: psql, pg_isready) is not installed."
        fi
    fi
    if sk_pg_ready; then
        return 0
    fi
    sk_info "starting PostgreSQL"
    if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
        local version cluster port status
        while read -r version cluster port status _; do
            if [ "$port" = "$SK_DB_PORT" ] && [ "$status" != online ]; then
                pg_ctlcluster "$version" "$cluster" start || true
            fi
        done < <(pg_lsclusters -h)
    elif command -v service >/dev/null 2>&1; then
        service postgresql start || true
    fi
    local _
    for _ in $(seq 1 30); do
        sk_pg_ready && return 0
        sleep 1
    done
    sk_die "PostgreSQL does not answer on $SK_DB_HOST:$SK_DB_PORT; start it and run again."
}

sk_psql_as_odoo() {
    PGPASSWORD="$SK_DB_PASSWORD" PGOPTIONS='-c client_min_messages=warning' psql -X -q -h "$SK_DB_HOST" -p "$SK_DB_PORT" \
        -U "$SK_DB_USER" -d postgres "$@"
}

# Odoo refuses the postgres superuser, so it gets a role of its own that may
# create databases, logging in with a password over TCP.
sk_role_ok() {
    [ "$(sk_psql_as_odoo -tAc 'SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" = t ]
}

sk_ensure_db_role() {
    if sk_role_ok; then
        return 0
    fi
    local sql
    if sk_psql_as_odoo -tAc 'SELECT 1' >/dev/null 2>&1; then
        # The role logs in already: only add what is missing, keep its password.
        sk_info "allowing PostgreSQL role $SK_DB_USER to create databases"
        sql="ALTER ROLE \"$SK_DB_USER\" CREATEDB;"
    else
        sk_info "creating PostgreSQL role $SK_DB_USER"
        sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$SK_DB_USER') THEN
    CREATE ROLE \"$SK_DB_USER\" LOGIN CREATEDB PASSWORD '$SK_DB_PASSWORD';
  ELSE
    ALTER ROLE \"$SK_DB_USER\" LOGIN CREATEDB PASSWORD '$SK_DB_PASSWORD';
  END IF;
END \$\$;"
    fi
    (cd / && sk_as_postgres psql -X -q -p "$SK_DB_PORT" -d postgres -v ON_ERROR_STOP=1 -c "$sql") \
        || sk_die "Could not create or change the PostgreSQL role $SK_DB_USER."
    sk_role_ok \
        || sk_die "Role $SK_DB_USER cannot log in to $SK_DB_HOST:$SK_DB_PORT with its password or create databases (check pg_hba.conf)."
}

# Install requirement files quietly; a file with nothing but comments is skipped.
sk_pip_install() {
    local file
    for file in "$@"; do
        [ -f "$file" ] || continue
        grep -qEv '^[[:space:]]*(#|$)' "$file" || continue
        "$PYTHON" -m pip install -q --disable-pip-version-check -r "$file" \
            || sk_die "pip could not install $file"
    done
}

# apt-get install, running apt-get update once first; root only.
sk_apt_updated=
sk_apt_install() {
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    if [ -z "$sk_apt_updated" ]; then
        apt-get update -qq || return 1
        sk_apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# What the browser tests of tests/ need: Debian's Chromium (never a browser
# that Playwright downloads), Playwright for Python (requirements-test.txt),
# and axe-core from npm, pinned by tests/package-lock.json. Nothing here is
# fatal: a missing piece makes those tests fail saying what is missing.
sk_setup_browser_tests() {
    if [ ! -x /usr/bin/chromium ]; then
        sk_info "installing Debian's chromium for the browser tests"
        sk_apt_install chromium || sk_info "WARNING: could not install chromium (apt-get install chromium)"
    fi
    if ! command -v npm >/dev/null 2>&1; then
        sk_info "installing npm for axe-core"
        sk_apt_install npm || sk_info "WARNING: could not install npm (apt-get install npm)"
    fi
    local tests_dir="$SK_REPO_ROOT/tests"
    if command -v npm >/dev/null 2>&1 && {
        [ ! -f "$tests_dir/node_modules/axe-core/axe.min.js" ] ||
            [ "$tests_dir/package-lock.json" -nt "$tests_dir/node_modules/.package-lock.json" ]
    }; then
        sk_info "installing axe-core (npm ci in tests/)"
        (cd "$tests_dir" && npm ci --no-audit --no-fund --loglevel=error) \
            || sk_info "WARNING: npm ci in tests/ failed; the accessibility tests will fail"
    fi
}

# What the PDF reports need: Debian's wkhtmltopdf (Odoo renders QWeb PDFs
# with it), poppler-utils (pdftotext, pdftoppm: the tests read the PDFs'
# text and make the screenshots) and DejaVu fonts (the reports' CSS names a
# system font so that the PDF text is real text, see README). Nothing here is
# fatal: a missing tool makes the report tests fail saying what to install.
sk_setup_pdf_tools() {
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    [ ${#missing[@]} -gt 0 ] || return 0
    sk_info "installing Debian's ${missing[*]} for the PDF reports"
    sk_apt_install "${missing[@]}" \
        || sk_info "WARNING: could not install ${missing[*]} (apt-get install ${missing[*]})"
}

# The test tools (pytest, Playwright, aiosmtpd) go into a virtual environment
# that also sees the system's packages, so that Playwright's newer greenlet
# never replaces the one Odoo is pinned to: the Odoo server the tests start
# still runs on $PYTHON, untouched.
sk_setup_test_venv() {
    SK_TEST_VENV="$SK_REPO_ROOT/.venv-tests"
    if [ ! -x "$SK_TEST_VENV/bin/python" ]; then
        sk_info "creating the test tools' virtual environment $SK_TEST_VENV"
        "$PYTHON" -m venv --system-site-packages "$SK_TEST_VENV" \
            || sk_die "Could not create $SK_TEST_VENV (python3 -m venv)"
    fi
    SK_TEST_PYTHON="$SK_TEST_VENV/bin/python"
    "$SK_TEST_PYTHON" -m pip install -q --disable-pip-version-check \
        -r "$SK_REPO_ROOT/requirements-test.txt" \
        || sk_die "pip could not install requirements-test.txt into $SK_TEST_VENV"
}

sk_drop_db() {
    sk_psql_as_odoo -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" \
        || sk_die "Could not drop database $1"
}

sk_setup() {
    sk_require_odoo
    sk_ensure_postgres
    sk_ensure_db_role
    sk_pip_install "$SK_REPO_ROOT/requirements.txt" "$@"
}
