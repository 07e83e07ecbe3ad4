#!/usr/bin/env python3
"""What the message guard costs the Discuss queries (issue 8).

    python3 bench/bench_message_guard.py [--db sk_bench_msg] [--runs 7] [--plans FILE]

On the database of generate_messages.py, for a manager, a handler and a user
outside the module, times the searches Discuss makes (the inbox, starred,
a search in the inbox, a search over all messages by body), each through
``mail.message``'s ORM as the user, with the guard and without it.

"Without the guard" is the same database and the same Odoo, with the
guard's added condition switched off (``readable_documents_sql`` returns
no condition in every model that uses it): Odoo's own message search, including
its own check of each message's document. That is what the query costs
without the module's SQL, on the same data and caches; a database without
the module could not hold the cases' messages at all. The figure is the
median of --runs runs after one warm-up run; the ratio is guard / no guard.
EXPLAIN ANALYZE plans of the inbox and body searches go to --plans.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import argparse
import contextlib
import statistics
import time

import benchlib
from generate_messages import BENCH_USERS, SEARCH_TERM

QUERIES = {
    "inbox": lambda Message, pid: Message._message_fetch(
        [("needaction", "=", True)], limit=30
    ),
    "starred": lambda Message, pid: Message._message_fetch(
        [("starred_partner_ids", "in", [pid])], limit=30
    ),
    "inbox search": lambda Message, pid: Message._message_fetch(
        [("needaction", "=", True)], search_term=SEARCH_TERM, limit=30
    ),
    "body search": lambda Message, pid: Message.search(
        [("body", "ilike", SEARCH_TERM)], limit=30, order="id desc"
    ),
}
PLANNED = ("inbox", "starred", "inbox search")


@contextlib.contextmanager
def guard_off(env):
    """Switch the guard's SQL condition off in every model module using it."""
    import odoo.addons.synpunkt_klagomal.models as models_pkg

    patched = []
    for name in dir(models_pkg):
        module = getattr(models_pkg, name)
        if hasattr(module, "readable_documents_sql"):
            patched.append((module, module.readable_documents_sql))
            module.readable_documents_sql = lambda *args, **kwargs: None
    try:
        yield
    finally:
        for module, original in patched:
            module.readable_documents_sql = original


@contextlib.contextmanager
def capture_sql(cr):
    """Record the (query, params) the cursor executes."""
    seen = []
    original = cr.execute

    def execute(query, params=None, log_exceptions=True):
        seen.append((query, params))
        return original(query, params, log_exceptions)

    cr.execute = execute
    try:
        yield seen
    finally:
        del cr.execute


def run(env, user, query):
    env.invalidate_all()
    Message = env["mail.message"].with_user(user)
    start = time.perf_counter()
    result = QUERIES[query](Message, user.partner_id.id)
    elapsed = time.perf_counter() - start
    messages = result["messages"] if isinstance(result, dict) else result
    return elapsed, messages


def explain(env, user, query, label, out):
    env.invalidate_all()
    with capture_sql(env.cr) as seen:
        run(env, user, query)
    for sql, params in seen:
        text = sql.code if hasattr(sql, "code") else sql
        params = sql.params if hasattr(sql, "params") else params
        if "mail_message" not in text or not text.lstrip().upper().startswith("SELECT"):
            continue
        env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + text, params)
        plan = "\n".join(row[0] for row in env.cr.fetchall())
        out.write(
            f"===== {label}\n{env.cr.mogrify(text, params).decode()}\n\n{plan}\n\n"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sk_bench_msg")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--plans", default=None, help="file for the EXPLAIN ANALYZE plans"
    )
    args = parser.parse_args()
    figures = {}
    plans = open(args.plans, "w", encoding="utf-8") if args.plans else None  # noqa: SIM115
    with benchlib.environment(args.db) as env:
        users = {
            login: env["res.users"].search([("login", "=", login)])
            for login in BENCH_USERS
        }
        for mode in ("guard", "no guard"):
            with guard_off(env) if mode == "no guard" else contextlib.nullcontext():
                for login, user in users.items():
                    for query in QUERIES:
                        run(env, user, query)  # warm-up
                        runs = [run(env, user, query) for _i in range(args.runs)]
                        figures[(login, query, mode)] = (
                            statistics.median(elapsed for elapsed, _m in runs),
                            len(runs[0][1]),
                        )
                        if plans and query in PLANNED:
                            explain(
                                env, user, query, f"{query} / {login} / {mode}", plans
                            )
    if plans:
        plans.close()
    print(
        f"{'user':<15} {'query':<13} {'guard ms':>9} {'no guard ms':>12} {'ratio':>6}  "
        "found (guard/no guard)"
    )
    for login in users:
        for query in QUERIES:
            (with_guard, found), (without, found_without) = (
                figures[(login, query, "guard")],
                figures[(login, query, "no guard")],
            )
            print(
                f"{login:<15} {query:<13} {with_guard * 1000:9.1f} "
                f"{without * 1000:12.1f} {with_guard / without:6.2f}  "
                f"{found}/{found_without}"
            )


if __name__ == "__main__":
    main()
