#!/usr/bin/env python3
"""Load test of the citizens' web form: how many submissions a second Odoo
sustains with two HTTP workers, and how long a submission takes.

    python3 bench/web_form_load.py                 # 8 clients, 60 s
    python3 bench/web_form_load.py --clients 4 --duration 30 --keep

It makes a fresh database (sk_bench_web_form_<pid>) with the addon and its
demo data (Swedish loaded), serves it with ``--workers=2`` on 127.0.0.1
only, and runs a bounded number of client threads for a bounded time. Each
client does what a browser does:
GET /synpunkter (session cookie and CSRF token), then POST the form; every
fourth submission carries a small PDF. The per-client rate limit would stop a
single address after a few submissions, so this benchmark - and only it -
raises the system parameter ``synpunkt_klagomal.rate_limit_per_hour`` so far
that the limit is still counted in the database but never reached.

Prints sustained submissions per second and p50/p95 latency. Asserts nothing.
The database is dropped at the end unless --keep.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import os
import re
import socket
import statistics
import subprocess
import tempfile
import threading
import time

import benchlib  # also puts scripts/ on the path, for odoo_env
import odoo_env
import requests
from psycopg2 import sql

RATE_LIMIT_PARAM = "synpunkt_klagomal.rate_limit_per_hour"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(dbname):
    import psycopg2

    s = odoo_env.db_settings()
    conn = psycopg2.connect(
        dbname=dbname,
        host=s["host"],
        port=s["port"],
        user=s["user"],
        password=s["password"],
    )
    conn.autocommit = True
    return conn


def drop_db(dbname):
    conn = connect("postgres")
    with conn.cursor() as cr:
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(dbname)
        )
        cr.execute(query)
    conn.close()


def odoo_command(dbname, data_dir, *extra):
    # A launcher file, as odoo-bin is: with --workers Odoo re-runs its own
    # sys.argv[0] to start the gevent process, which `python -m odoo` breaks.
    launcher = os.path.join(os.path.dirname(data_dir), "odoo_launcher.py")
    if not os.path.exists(launcher):
        with open(launcher, "w") as f:
            f.write("import odoo\nodoo.cli.main()\n")
    return (
        [odoo_env.odoo_command()[0], launcher]
        + odoo_env.odoo_args()
        + [
            f"--data-dir={data_dir}",
            "-d",
            dbname,
            "--max-cron-threads=0",
        ]
        + list(extra)
    )


def prepare(dbname, data_dir, log):
    drop_db(dbname)
    print(f"installing synpunkt_klagomal with demo data in {dbname} ...", flush=True)
    subprocess.run(
        odoo_command(
            dbname,
            data_dir,
            "-i",
            odoo_env.MODULE,
            "--load-language=sv_SE",
            "--stop-after-init",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
        timeout=900,
    )
    conn = connect(dbname)
    with conn.cursor() as cr:
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, "
            "create_date, write_date) VALUES (%s, %s, 1, 1, now(), now()) ON CONFLICT "
            "(key) DO UPDATE SET value = EXCLUDED.value",
            [RATE_LIMIT_PARAM, "100000000"],
        )
    conn.close()


def start_server(dbname, data_dir, log, workers):
    port = free_port()
    process = subprocess.Popen(
        odoo_command(
            dbname,
            data_dir,
            "--workers=%d" % workers,
            "--http-interface=127.0.0.1",
            "--http-port=%d" % port,
            "--gevent-port=%d" % free_port(),
            f"--db-filter=^{dbname}$",
            "--limit-time-real=120",
            "--log-level=warn",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Odoo exited with code {process.returncode}")
        try:
            status = requests.get(base + "/synpunkter", timeout=5).status_code
        except requests.RequestException:
            status = None  # not listening yet
        if status == 200:
            return process, base
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"Odoo did not answer on {base} within 120 s")


def client(base, stop_at, results, lock, number):
    session = requests.Session()
    sent = 0
    while time.monotonic() < stop_at:
        try:
            t0 = time.perf_counter()
            page = session.get(base + "/synpunkter", timeout=60)
            t1 = time.perf_counter()
            token = CSRF_RE.search(page.text).group(1)
            data = {
                "csrf_token": token,
                "kind": "complaint",
                "submitter_role": "relative",
                "description": "Lasttest %d/%d: hemtjänsten kom inte." % (number, sent),
                "unit_id": "unknown",
                "feedback_method": "email",
                "submitter_email": "last%d@example.se" % number,
            }
            files = (
                [("attachments", ("brev.pdf", PDF, "application/pdf"))]
                if sent % 4 == 0
                else None
            )
            response = session.post(
                base + "/synpunkter", data=data, files=files, timeout=60
            )
            t2 = time.perf_counter()
            ok = response.status_code == 200 and 'id="sk_reference"' in response.text
        except (requests.RequestException, AttributeError):
            t1 = t2 = time.perf_counter()
            ok = False
        sent += 1
        with lock:
            results["get"].append(t1 - t0)
            if ok:
                results["post"].append(t2 - t1)
                results["done"].append(time.monotonic())
            else:
                results["failed"] += 1


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = benchlib.argument_parser(__doc__)
    # Own name per run: two runs must not drop each other's database.
    parser.add_argument(
        "--db",
        default="sk_bench_web_form_%d" % os.getpid(),
        help="database made for the run, dropped at the end unless --keep",
    )
    parser.add_argument(
        "--clients", type=int, default=8, help="client threads submitting (1-64)"
    )
    parser.add_argument(
        "--duration", type=float, default=60.0, help="seconds of load (1-600)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="Odoo's HTTP worker processes"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 1 <= args.duration <= 600:
        parser.error("1-64 clients, 1-600 seconds")

    workdir = tempfile.mkdtemp(prefix="sk_bench_web_")
    data_dir = os.path.join(workdir, "data")
    log_path = os.path.join(workdir, "odoo.log")
    process = None
    with open(log_path, "w") as log:
        try:
            prepare(args.db, data_dir, log)
            process, base = start_server(args.db, data_dir, log, args.workers)
            # Warm up: templates, assets and registry in both workers.
            for _ in range(4):
                requests.get(base + "/synpunkter", timeout=60)
            print(
                "%d clients for %.0f s against %s (--workers=%d) ..."
                % (args.clients, args.duration, base, args.workers),
                flush=True,
            )
            results = {"get": [], "post": [], "done": [], "failed": 0}
            lock = threading.Lock()
            start = time.monotonic()
            stop_at = start + args.duration
            threads = [
                threading.Thread(
                    target=client, args=(base, stop_at, results, lock, n), daemon=True
                )
                for n in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(args.duration + 120)
            elapsed = time.monotonic() - start
            conn = connect(args.db)
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM synpunkt_complaint WHERE channel = 'web'"
                )
                stored = cr.fetchone()[0]
                cr.execute("SELECT count(*) FROM synpunkt_rate_limit")
                hits = cr.fetchone()[0]
            conn.close()
        finally:
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
            if not args.keep:
                drop_db(args.db)

    done = len(results["done"])
    post, get = results["post"], results["get"]
    print()
    print(
        "submissions            %d ok, %d failed, %d cases stored, %d rate-limit rows"
        % (done, results["failed"], stored, hits)
    )
    print(
        f"sustained              {done / elapsed:.1f} submissions/s over {elapsed:.0f} "
        "s"
    )
    print(
        "POST /synpunkter       p50 {:.0f} ms   p95 {:.0f} ms   mean {:.0f} ms".format(
            1000 * percentile(post, 0.50),
            1000 * percentile(post, 0.95),
            1000 * (statistics.mean(post) if post else float("nan")),
        )
    )
    print(
        f"GET  /synpunkter       p50 {1000 * percentile(get, 0.50):.0f} ms   p95 "
        f"{1000 * percentile(get, 0.95):.0f} ms"
    )
    print(f"Odoo log: {log_path}")


if __name__ == "__main__":
    main()
