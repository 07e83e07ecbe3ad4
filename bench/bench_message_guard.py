#!/usr/bin/env python3
"""What the message guard costs the Discuss queries (issue 8).

    python3 bench/bench_message_guard.py [--db sk_bench_msg] [--runs 21] [--plans FILE]

On the database of generate_messages.py, for a manager, a handler and a user
outside the module, times the searches Discuss makes (the inbox, history,
starred, a search in the inbox, a search over all messages by body), each
through ``mail.message``'s ORM as the user, with the guard and without it.

"Without the guard" is the same database and the same Odoo, with the
module's SQL switched off: ``readable_documents_sql`` returns no condition in
every model that uses it, and "needaction" is Odoo's own search again. What
is left is Odoo's own message search, including its own check of each
message's document: the SQL that Odoo without the module sends (mail's
notifications have no read rule of their own), on the same data and caches;
a database without the module could not hold the cases' messages at all.

The machine is shared, so each run times every query with and without the
guard back to back, in a random order; the figure is the median of --runs
runs after one warm-up run, the ratio is guard / no guard, and "paired" is
the median of each run's own ratio. Then the SQL of the inbox and the
history alone, as EXPLAIN ANALYZE times it (planning + execution, without
Odoo's Python), the same way. EXPLAIN ANALYZE plans of the inbox,
history, starred and inbox searches go to --plans.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import contextlib
import random
import statistics
import time

import benchlib
from generate_messages import BENCH_USERS, SEARCH_TERM

QUERIES = {
    "inbox": lambda Message, pid: Message._message_fetch(
        [("needaction", "=", True)], limit=30
    ),
    "history": lambda Message, pid: Message._message_fetch(
        [("needaction", "=", False)], limit=30
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
PLANNED = ("inbox", "history", "starred", "inbox search")
SQL_TIMED = ("inbox", "history")


@contextlib.contextmanager
def guard_off(env):
    """Switch the module's SQL off: the guard's condition in every model
    module using it, and its own form of the "needaction" search."""
    import odoo.addons.mail.models.mail_message as core_message
    import odoo.addons.synpunkt_klagomal.models as models_pkg
    import odoo.addons.synpunkt_klagomal.models.mail_message as our_message

    patches = [
        (module, "readable_documents_sql", lambda *args, **kwargs: None)
        for module in map(lambda name: getattr(models_pkg, name), dir(models_pkg))
        if hasattr(module, "readable_documents_sql")
    ]
    patches.append(
        (
            our_message.MailMessage,
            "_search_needaction",
            core_message.Message._search_needaction,
        )
    )
    originals = [(owner, name, getattr(owner, name)) for owner, name, _v in patches]
    for owner, name, value in patches:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


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


def message_selects(env, user, query):
    """The SELECTs on mail_message that ``query`` sends as ``user``:
    [(text, params)]."""
    env.invalidate_all()
    with capture_sql(env.cr) as seen:
        run(env, user, query)
    selects = []
    for sql, params in seen:
        text = sql.code if hasattr(sql, "code") else sql
        params = sql.params if hasattr(sql, "params") else params
        if "mail_message" in text and text.lstrip().upper().startswith("SELECT"):
            selects.append((text, params))
    return selects


def explain(env, user, query, label, out):
    for text, params in message_selects(env, user, query):
        env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + text, params)
        plan = "\n".join(row[0] for row in env.cr.fetchall())
        out.write(
            f"===== {label}\n{env.cr.mogrify(text, params).decode()}\n\n{plan}\n\n"
        )


def sql_times(env, statements, runs, rng):
    """{key: (median ms of planning + execution, buffers)} of each (text,
    params) of ``statements`` (EXPLAIN ANALYZE without per-node timing),
    all of them in each run, in a random order."""
    times = {key: [] for key in statements}
    buffers = {}
    for _i in range(runs):
        for key in rng.sample(list(statements), len(statements)):
            text, params = statements[key]
            env.cr.execute(
                "EXPLAIN (ANALYZE, TIMING OFF, BUFFERS, SUMMARY, FORMAT JSON) " + text,
                params,
            )
            plan = env.cr.fetchone()[0][0]
            times[key].append(plan["Planning Time"] + plan["Execution Time"])
            buffers[key] = plan["Plan"]["Shared Hit Blocks"] + plan["Plan"].get(
                "Shared Read Blocks", 0
            )
    return {
        key: (statistics.median(values), buffers[key]) for key, values in times.items()
    }


MODES = ("guard", "no guard")


def mode_context(env, mode):
    return guard_off(env) if mode == "no guard" else contextlib.nullcontext()


def time_orm(env, users, runs, rng):
    """{(login, query, mode): [seconds]}, {(login, query, mode): found}"""
    times = {}
    found = {}

    def timed(mode, user, query):
        with mode_context(env, mode):
            return run(env, user, query)

    for login, user in users.items():
        for query in QUERIES:
            for mode in MODES:
                timed(mode, user, query)  # warm-up
                times[(login, query, mode)] = []
    for _i in range(runs):
        for login, user in users.items():
            for query in QUERIES:
                for mode in rng.sample(MODES, 2):
                    elapsed, messages = timed(mode, user, query)
                    times[(login, query, mode)].append(elapsed)
                    found[(login, query, mode)] = len(messages)
    return times, found


def write_plans(env, users, path):
    with open(path, "w", encoding="utf-8") as plans:
        for mode in MODES:
            with mode_context(env, mode):
                for login, user in users.items():
                    for query in PLANNED:
                        label = f"{query} / {login} / {mode}"
                        explain(env, user, query, label, plans)


def time_sql(env, users, runs, rng):
    statements = {}
    for mode in MODES:
        with mode_context(env, mode):
            for login, user in users.items():
                for query in SQL_TIMED:
                    selects = message_selects(env, user, query)
                    statements[(login, query, mode)] = selects[-1]
    return sql_times(env, statements, runs, rng)


def print_orm(users, times, found):
    print(
        f"{'user':<15} {'query':<13} {'guard ms':>9} {'no guard ms':>12} "
        f"{'ratio':>6} {'paired':>7}  found (guard/no guard)"
    )
    for login in users:
        for query in QUERIES:
            with_guard = times[(login, query, "guard")]
            without = times[(login, query, "no guard")]
            # Each run times both back to back: the median of their ratios
            # cancels most of the load that other processes put on the machine.
            pairs = zip(with_guard, without, strict=True)
            paired = statistics.median(g / n for g, n in pairs)
            with_guard, without = map(statistics.median, (with_guard, without))
            print(
                f"{login:<15} {query:<13} {with_guard * 1000:9.1f} "
                f"{without * 1000:12.1f} {with_guard / without:6.2f} {paired:7.2f}  "
                f"{found[(login, query, 'guard')]}/{found[(login, query, 'no guard')]}"
            )


def print_sql(users, figures, runs):
    print(
        f"\nThe SQL alone: planning + execution, median of {runs} runs "
        "(EXPLAIN ANALYZE), and buffers"
    )
    print(f"{'user':<15} {'query':<13} {'guard':>18} {'no guard':>18} {'ratio':>6}")
    for login in users:
        for query in SQL_TIMED:
            (on, on_buffers), (off, off_buffers) = (
                figures[(login, query, mode)] for mode in MODES
            )
            print(
                f"{login:<15} {query:<13} {on:6.2f} ms {on_buffers:6d} b "
                f"{off:6.2f} ms {off_buffers:6d} b {on / off:6.2f}"
            )


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--db", default="sk_bench_msg", help="database of generate_messages.py"
    )
    parser.add_argument(
        "--runs", type=int, default=21, help="timed runs after one warm-up (median)"
    )
    parser.add_argument(
        "--plans", metavar="FILE", help="file for the EXPLAIN ANALYZE plans"
    )
    parser.add_argument(
        "--sql-runs",
        type=int,
        default=31,
        help="runs of the inbox's and history's SQL alone (0: none)",
    )
    args = parser.parse_args()
    rng = random.Random(8)
    with benchlib.environment(args.db) as env:
        users = {
            login: env["res.users"].search([("login", "=", login)])
            for login in BENCH_USERS
        }
        times, found = time_orm(env, users, args.runs, rng)
        if args.plans:
            write_plans(env, users, args.plans)
        if args.sql_runs:
            sql_figures = time_sql(env, users, args.sql_runs, rng)
    print_orm(users, times, found)
    if args.sql_runs:
        print_sql(users, sql_figures, args.sql_runs)


if __name__ == "__main__":
    main()
