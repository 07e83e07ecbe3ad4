"""A real Odoo server for the pytest suite, and a small JSON-RPC client.

The addons path and the database connection come from scripts/odoo_env.py,
the helper scripts/common.sh uses too, so pytest and `make test` agree.
"""

import os
import socket
import subprocess
import sys
import time

import requests

sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "scripts")
)
import odoo_env

try:
    from psycopg2 import sql
except ImportError:  # Database.connect says what is missing
    sql = None

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MODULE = odoo_env.MODULE


class Unavailable(RuntimeError):
    """Something the tests need (Odoo, PostgreSQL) is missing."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, lines=40):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


class Database:
    """Direct PostgreSQL access with the role Odoo uses."""

    def __init__(self, dbname):
        self.dbname = dbname
        self.settings = odoo_env.db_settings()

    def connect(self, dbname=None):
        try:
            import psycopg2
        except ImportError as exc:
            raise Unavailable(
                f"psycopg2 is not installed (it comes with Odoo's requirements): {exc}"
            ) from exc
        s = self.settings
        try:
            return psycopg2.connect(
                dbname=dbname or self.dbname,
                host=s["host"],
                port=s["port"],
                user=s["user"],
                password=s["password"],
                connect_timeout=10,
            )
        except psycopg2.OperationalError as exc:
            raise Unavailable(
                "PostgreSQL is not reachable as role {!r} on {}:{} ({}). Start it and "
                "create the role with `make test` (scripts/test.sh), or set "
                "SK_DB_HOST, SK_DB_PORT, SK_DB_USER, SK_DB_PASSWORD.".format(
                    s["user"], s["host"], s["port"], str(exc).strip()
                )
            ) from exc

    def check_createdb(self):
        conn = self.connect("postgres")
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = "
                    "current_user"
                )
                if not cr.fetchone()[0]:
                    raise Unavailable(
                        "PostgreSQL role {!r} may not create databases (needs "
                        "CREATEDB).".format(self.settings["user"])
                    )
        finally:
            conn.close()

    def drop(self):
        conn = self.connect("postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(self.dbname)
                )
                cr.execute(query)
        finally:
            conn.close()

    def query(self, sql, params=None):
        """Rows as dicts, bypassing Odoo's access rules (the ground truth)."""
        conn = self.connect()
        try:
            with conn.cursor() as cr:
                cr.execute(sql, params)
                names = [d[0] for d in cr.description]
                return [dict(zip(names, row, strict=False)) for row in cr.fetchall()]
        finally:
            conn.close()


class OdooServer:
    """Install the addon with demo data in a fresh database and serve it."""

    def __init__(self, dbname, workdir, log_dir=None, data_dir=None):
        self.dbname = dbname
        self.db = Database(dbname)
        self.workdir = workdir
        self.log_dir = log_dir or workdir
        self.data_dir = data_dir or os.path.join(workdir, "data")
        self.install_log = os.path.join(self.log_dir, "pytest-odoo-install.log")
        self.server_log = os.path.join(self.log_dir, "pytest-odoo-server.log")
        self.port = None
        self.process = None
        # Outgoing mail goes to a local SMTP sink on this port (tests/test_mail_smtp.py
        # starts and stops it); nothing listens there otherwise.
        self.smtp_port = free_port()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def check(self):
        """Raise Unavailable, saying what is missing, unless Odoo 18.0 and
        PostgreSQL are there."""
        try:
            odoo_env.odoo_package_dir()
        except odoo_env.OdooMissing as exc:
            raise Unavailable(str(exc)) from exc
        self.db.check_createdb()

    def _command(self, *extra):
        return (
            odoo_env.odoo_command()
            + odoo_env.odoo_args()
            + [
                f"--data-dir={self.data_dir}",
                "-d",
                self.dbname,
                "--max-cron-threads=0",
            ]
            + list(extra)
        )

    def install(self, timeout=900):
        """Fresh database, addon and demo data installed (Odoo 18 loads demo by
        default)."""
        os.makedirs(self.log_dir, exist_ok=True)
        self.db.drop()
        with open(self.install_log, "w") as log:
            proc = subprocess.run(
                self._command(
                    "-i", MODULE, "--load-language=sv_SE", "--stop-after-init"
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        if proc.returncode != 0:
            raise RuntimeError(
                f"Installing {MODULE} in {self.dbname} failed (exit code "
                f"{proc.returncode}). End of "
                f"{self.install_log}:\n{tail(self.install_log)}"
            )
        # Odoo installs a module without its demo data when they fail to
        # load, and only warns: the tests and screenshots rely on them.
        with open(self.install_log, encoding="utf-8", errors="replace") as f:
            if f"Module {MODULE} demo data failed to install" in f.read():
                raise RuntimeError(
                    f"The demo data of {MODULE} failed to install. End of "
                    f"{self.install_log}:\n{tail(self.install_log)}"
                )

    def start(self, timeout=120):
        os.makedirs(self.log_dir, exist_ok=True)
        if os.path.exists(self.server_log):
            os.remove(self.server_log)  # Odoo appends to --logfile; keep this run only
        self.port = free_port()
        # The server's output goes to --logfile; stdout/stderr only catch early crashes.
        self.process = subprocess.Popen(
            self._command(
                "--http-interface=127.0.0.1",
                f"--http-port={self.port}",
                "--workers=0",
                f"--db-filter=^{self.dbname}$",
                "--smtp=127.0.0.1",
                f"--smtp-port={self.smtp_port}",
                f"--logfile={self.server_log}",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Odoo exited with code {self.process.returncode} while starting. "
                    f"End of {self.server_log}:\n{tail(self.server_log)}"
                )
            try:
                url = self.base_url + "/web/login"
                status = requests.get(url, timeout=5).status_code
            except requests.RequestException:
                status = None  # not listening yet
            if status == 200:
                return
            time.sleep(0.5)
        raise RuntimeError(
            f"Odoo did not answer on {self.base_url}/web/login within {timeout}s. End "
            f"of {self.server_log}:\n{tail(self.server_log)}"
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None


class RpcError(Exception):
    """An error answer of Odoo's JSON-RPC; ``name`` is the exception's class path."""

    def __init__(self, error):
        self.error = error
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")


def jsonrpc(url, params, session=None, timeout=60):
    http = session or requests
    response = http.post(
        url,
        json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
        timeout=timeout,
    )
    response.raise_for_status()
    answer = response.json()
    if answer.get("error"):
        raise RpcError(answer["error"])
    return answer.get("result")  # Odoo leaves "result" out when a method returns None


class RpcClient:
    """One user over /jsonrpc (common.login, object.execute_kw)."""

    def __init__(self, base_url, db, login, password=None):
        self.base_url = base_url
        self.db = db
        self.login = login
        self.password = login if password is None else password
        self.uid = self.call("common", "login", db, login, self.password)
        if not self.uid:
            raise AssertionError(
                f"Cannot log in as {login!r} with password {self.password!r}"
            )

    def call(self, service, method, *args):
        return jsonrpc(
            self.base_url + "/jsonrpc",
            {"service": service, "method": method, "args": list(args)},
        )

    def execute(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )

    def web_session(self):
        """A browser-like HTTP session (cookie) for routes such as /web/content."""
        session = requests.Session()
        result = jsonrpc(
            self.base_url + "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.password},
            session=session,
        )
        if result.get("uid") != self.uid:
            raise AssertionError(f"Web login as {self.login!r} failed: {result!r}")
        return session
