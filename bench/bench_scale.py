#!/usr/bin/env python3
"""Scale of a regional instance (issue 12): the board, the list,
registration and the nightly jobs over the 100,000 cases of generate_cases.py.

    python3 bench/bench_scale.py [--db sk_bench] [--runs 5] [--register 10000]
        [--rounds 3] [--single 1000] [--due 20,200,2000] [--plans FILE]
        [--only board,list,register,escalation,refresh]
        [--helpdesk-path DIR] [--helpdesk-db sk_bench_helpdesk]

Each figure is the median of ``--runs`` runs after one warm-up run (one run
without warm-up for registration and the 2,000-case escalation), with the
SQL queries of one run; everything runs in a transaction that is rolled back
(each escalation and refresh run in a savepoint of its own, so every run has
the same work). Prints:

1. the board as the web client loads it (``web_read_group`` by stage with the
   default filter "Open" and the kanban's aggregates, ``read_progress_bar`` of
   the deadline states, ``web_search_read`` of the first 80 cards of each open
   column with the kanban card's fields, the "Overdue" count) for a handler
   (member of 3 units, through the record rules), a registrar and a manager
   with confidential access;
2. the list view (first 80 rows and the count) and the searches "My units"
   and "Overdue" for the same users;
3. registering ``--register`` cases through the ORM in one create, and
   ``--single`` cases one create each, as staff register them (deadlines,
   sequence, routing included), and ``--single`` through the web form's code
   path (rate limit, controllers/form_input.validate and the
   create of controllers/web_form.py, acknowledgement queued; no HTTP);
4. one escalation run of the automation engine with 20 / 200 / 2,000 due
   cases over the full history: time per due case;
5. the daily deadline-state refresh (``_cron_refresh_deadline_state``) as it
   runs tomorrow over the full history.

With ``--plans FILE`` the slowest statements of one board load per user and
of the jobs are written to FILE with ``EXPLAIN (ANALYZE, BUFFERS)``.

With ``--helpdesk-path DIR`` (a checkout of OCA/helpdesk 18.0, outside this
repository; skipped with a message when absent) the peer is measured in the
same run: a database ``--helpdesk-db`` with ``helpdesk_mgmt`` and 100,000
tickets of the same shape (generate_helpdesk.py, made once), its board for a
team user (member of 3 teams, record rules) and a helpdesk manager, and its
ticket creation (``--register`` tickets in one ORM create), interleaved with
ours run by run; then both sides and the ratios ours / peer.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import contextlib
import os
import statistics
import time
from datetime import datetime, timedelta
from unittest.mock import patch

import benchlib

LIST_ROW = {
    "is_closed": {},
    "name": {},
    "received_date": {},
    "kind": {},
    "unit_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "response_deadline": {},
    "deadline_state": {},
    "stage_id": {"fields": {"display_name": {}}},
    "activity_ids": {},
    "can_route": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}
# The peer's board: helpdesk_mgmt's kanban view (helpdesk_ticket_views.xml)
# on its "open tickets" action, grouped by stage, progress bar on activities.
PEER_CARD = {
    "number": {},
    "active": {},
    "name": {},
    "partner_name": {},
    "user_id": {"fields": {"display_name": {}}},
    "user_ids": {},
    "team_id": {"fields": {"display_name": {}}},
    "sequence": {},
    "color": {},
    "stage_id": {"fields": {"display_name": {}}},
    "priority": {},
    "assigned_date": {},
    "kanban_state": {},
    "category_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "activity_ids": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}
PEER_OPEN = [("stage_id.closed", "=", False)]
PEER_PROGRESS_BAR = {
    "field": "activity_state",
    "colors": {"planned": "success", "today": "warning", "overdue": "danger"},
}


def peer_board(Ticket):
    """The same server work on helpdesk_mgmt's board of open tickets."""
    groups = Ticket.web_read_group(PEER_OPEN, [], ["stage_id"], lazy=True, orderby="")[
        "groups"
    ]
    Ticket.read_progress_bar(PEER_OPEN, "stage_id", PEER_PROGRESS_BAR)
    cards = 0
    for group in groups:
        if group["stage_id_count"] and not group.get("__fold"):
            cards += len(
                Ticket.web_search_read(group["__domain"], PEER_CARD, limit=80)[
                    "records"
                ]
            )
    return cards


def list_view(Complaint, extra=()):
    return Complaint.web_search_read(
        benchlib.board().OPEN + list(extra), LIST_ROW, limit=80, count_limit=10001
    )["length"]


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--db", default=benchlib.DEFAULT_DB, help="database of generate_cases.py"
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs after one warm-up (median)"
    )
    parser.add_argument(
        "--register",
        type=int,
        default=10_000,
        help="cases registered in one ORM create",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of the one-create registration (median)",
    )
    parser.add_argument(
        "--single",
        type=int,
        default=1_000,
        help="cases registered one by one (ORM, web form path)",
    )
    parser.add_argument(
        "--due",
        default="20,200,2000",
        help="due cases of each escalation run, comma-separated",
    )
    parser.add_argument(
        "--plans",
        metavar="FILE",
        help="write EXPLAIN (ANALYZE, BUFFERS) of the slowest queries",
    )
    parser.add_argument(
        "--only",
        default="board,list,register,escalation,refresh",
        help="what to measure, comma-separated, of: board, list, register, "
        "escalation, refresh",
    )
    parser.add_argument(
        "--helpdesk-path",
        metavar="DIR",
        help="checkout of OCA/helpdesk 18.0: measure helpdesk_mgmt beside ours",
    )
    parser.add_argument(
        "--helpdesk-db",
        default="sk_bench_helpdesk",
        help="the peer's database (made once by generate_helpdesk.py)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    results = {}
    plans = []
    peer_db = _peer_database(args)

    with contextlib.ExitStack() as stack:
        env = stack.enter_context(benchlib.environment(args.db))
        peer_env = peer_db and stack.enter_context(benchlib.environment(peer_db))
        total = env["synpunkt.complaint"].search_count([])
        open_count = env["synpunkt.complaint"].search_count([("is_closed", "=", False)])
        print(f"database {args.db}: {total} cases, {open_count} open")
        users = _users(env)
        complaints = {
            who: env["synpunkt.complaint"]
            .with_user(user)
            .with_context(
                tz="Europe/Stockholm",
                lang="en_US",
                allowed_company_ids=user.company_ids.ids,
            )
            for who, user in users.items()
        }
        peer_users = {}
        if peer_env:
            peer_users = _peer_users(peer_env)
            tickets = peer_env["helpdesk.ticket"]
            print(
                f"database {peer_db}: {tickets.search_count([])} tickets, "
                f"{tickets.search_count(PEER_OPEN)} open"
            )
        if "board" in only:
            plans += _bench_boards(results, args, env, complaints, peer_env, peer_users)
        if "list" in only:
            for who, Complaint in complaints.items():
                for label, extra in (
                    ("list view", ()),
                    ("search 'My units'", [("is_my_unit", "=", True)]),
                    ("search 'Overdue'", [("deadline_state", "=", "overdue")]),
                ):
                    n = _median(
                        env,
                        results,
                        f"{label}, {who}",
                        args.runs,
                        lambda C=Complaint, e=extra: list_view(C, e),
                    )
                    results[f"{label}, {who}"]["rows"] = n
                    if args.plans and who == "handler":
                        plans += _slowest(
                            env,
                            f"{label}, {who}",
                            lambda C=Complaint, e=extra: list_view(C, e),
                        )
        if "register" in only:
            _bench_register(
                env,
                users,
                args.register,
                args.rounds,
                args.single,
                results,
                peer_env and _peer_model(peer_env, peer_users["manager"]),
            )
    if "escalation" in only:
        for due in [int(n) for n in args.due.split(",")]:
            with benchlib.environment(args.db) as env:
                _bench_escalation(
                    env,
                    due,
                    args.runs,
                    results,
                    plans if args.plans and due == 200 else None,
                )
    if "refresh" in only:
        with benchlib.environment(args.db) as env:
            _bench_refresh(env, args.runs, results, plans if args.plans else None)
    benchlib.report(results)
    if peer_db:
        _report_ratios(results)
    if args.plans:
        with open(args.plans, "w") as out:
            for label, ms, query, plan in plans:
                out.write(f"=== {label}: {ms:.1f} ms\n{query}\n\n{plan}\n\n")
        print(f"plans of the slowest queries: {args.plans}")


def _bench_boards(results, args, env, complaints, peer_env, peer_users):
    """Every role's board, ours and the peer's in turn; returns the plans."""
    load_board = benchlib.board().load_board
    entries = [
        (f"board, {who}", env, lambda C=Complaint: load_board(C))
        for who, Complaint in complaints.items()
    ]
    peer_models = {who: _peer_model(peer_env, user) for who, user in peer_users.items()}
    entries += [
        (f"peer board, {who}", peer_env, lambda T=Ticket: peer_board(T))
        for who, Ticket in peer_models.items()
    ]
    for label, cards in _interleaved(results, args.runs, entries).items():
        results[label]["cards"] = cards
    plans = []
    if args.plans:
        for label, the_env, func in entries:
            plans += _slowest(the_env, label, func)
    return plans


# ---------------------------------------------------------------------- peer


def _peer_database(args):
    """The peer's database name, made if missing; None (with a message) if
    no --helpdesk-path or no helpdesk_mgmt there."""
    if not args.helpdesk_path:
        return None
    if not os.path.isdir(os.path.join(args.helpdesk_path, "helpdesk_mgmt")):
        print(
            f"no helpdesk_mgmt in {args.helpdesk_path}: the peer is skipped "
            "(git clone -b 18.0 https://github.com/OCA/helpdesk)"
        )
        return None
    import generate_helpdesk

    benchlib.init_odoo(args.helpdesk_path)
    generate_helpdesk.ensure_database(args.helpdesk_db, args.helpdesk_path)
    return args.helpdesk_db


def _peer_users(env):
    """A team user (member of 3 teams, generate_helpdesk.py) and a helpdesk
    manager, made in this (rolled back) transaction."""
    team_user = env["res.users"].search([("login", "=", "hd_user_0")], limit=1)
    manager = env["res.users"].create(
        {
            "name": "Bench helpdesk manager",
            "login": "bench_scale_hd_manager",
            "email": "hd.manager@example.com",
            "groups_id": [(4, env.ref("helpdesk_mgmt.group_helpdesk_manager").id)],
        }
    )
    return {"team user": team_user, "manager": manager}


def _peer_model(env, user):
    return (
        env["helpdesk.ticket"]
        .with_user(user)
        .with_context(
            tz="Europe/Stockholm",
            lang="en_US",
            allowed_company_ids=user.company_ids.ids,
        )
    )


def _report_ratios(results):
    """Ours / the peer's, as the targets of issue 12 put them."""

    def seconds(label):
        return results.get(label, {}).get("seconds")

    print("\nratios, ours / helpdesk_mgmt in the same run (targets of issue 12):")
    peer_user = seconds("peer board, team user")
    for who in ("handler", "registrar", "manager"):
        ours = seconds(f"board, {who}")
        if ours and peer_user:
            print(f"  board, {who} / peer team user: {ours / peer_user:5.2f}  (<= 1)")
    if seconds("board, handler") and seconds("board, manager"):
        ratio = seconds("board, handler") / seconds("board, manager")
        print(f"  board, handler / our manager:  {ratio:5.2f}  (<= 1.5)")
    ours = [
        v for k, v in results.items() if k.startswith("register") and "one create)" in k
    ]
    peer = [v for k, v in results.items() if k.startswith("peer create")]
    if ours and peer:
        ratio = ours[0]["per_second"] / peer[0]["per_second"]
        print(
            f"  registration rate / peer ticket creation rate: {ratio:5.2f}  (>= 1.5)"
        )


# ------------------------------------------------------------------- helpers


def _median(env, results, label, runs, func):
    """Run ``func`` once to warm up, then ``runs`` times; store the median
    wall time and the query count of the last run. Returns func's result."""
    value = func()
    times = []
    for _i in range(runs):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        value = func()
        env.flush_all()
        times.append(time.perf_counter() - start)
        queries = env.cr.sql_log_count - before
    results[label] = {"seconds": statistics.median(times), "queries": queries}
    return value


def _interleaved(results, runs, entries):
    """Each of ``entries`` (label, env, func) once to warm up, then ``runs``
    rounds in which each runs once in turn, so that ours and the peer's see
    the same load; the median wall time and the queries of the last run of
    each. Returns {label: func's result}."""
    values = {label: func() for label, _env, func in entries}
    times = {label: [] for label, _env, _func in entries}
    queries = {}
    for _i in range(runs):
        for label, env, func in entries:
            env.invalidate_all()
            before = env.cr.sql_log_count
            start = time.perf_counter()
            values[label] = func()
            env.flush_all()
            times[label].append(time.perf_counter() - start)
            queries[label] = env.cr.sql_log_count - before
    for label, _env, _func in entries:
        results[label] = {
            "seconds": statistics.median(times[label]),
            "queries": queries[label],
        }
    return values


def _slowest(env, label, func, top=3):
    """EXPLAIN (ANALYZE, BUFFERS) of the ``top`` slowest SELECTs of one run."""
    env.invalidate_all()
    seen = []
    cr = env.cr
    real_execute = type(cr).execute

    def execute(self, query, params=None, log_exceptions=True):
        start = time.perf_counter()
        result = real_execute(self, query, params, log_exceptions)
        seen.append(((time.perf_counter() - start) * 1000, query, params))
        return result

    with patch.object(type(cr), "execute", execute):
        func()
        env.flush_all()
    out = []
    for ms, query, params in sorted(seen, key=lambda s: -s[0])[:top]:
        code = query.code if hasattr(query, "code") else query
        params = query.params if hasattr(query, "code") else params
        if not str(code).lstrip().upper().startswith("SELECT"):
            continue
        cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {code}", params)
        plan = "\n".join(row[0] for row in cr.fetchall())
        out.append((label, ms, cr.mogrify(code, params).decode(), plan))
    return out


@contextlib.contextmanager
def _rolled_back(env):
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_scale")
    try:
        yield
    finally:
        env.flush_all()
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_scale")
        env.invalidate_all(flush=False)


def _users(env):
    """Handler: a member of 3 units (generate_cases.py); a registrar; a
    manager with confidential access. Made in this (rolled back) transaction."""
    group = env.ref
    handler = env["res.users"].search([("login", "=", "bench_handler_0")], limit=1)
    if not handler:  # a database of an older generate_cases.py
        handler = env["res.users"].search([("login", "=like", "bench_chef_%")], limit=1)
    registrar, manager = env["res.users"].create(
        [
            {
                "name": "Bench registrar",
                "login": "bench_scale_registrar",
                "groups_id": [(4, group("synpunkt_klagomal.group_registrar").id)],
            },
            {
                "name": "Bench manager",
                "login": "bench_scale_manager",
                "groups_id": [
                    (4, group("synpunkt_klagomal.group_manager").id),
                    (4, group("synpunkt_klagomal.group_confidential").id),
                ],
            },
        ]
    )
    return {"handler": handler, "registrar": registrar, "manager": manager}


def _bench_register(env, users, batch, rounds, count, results, Ticket=None):
    """Registration through the ORM; with ``Ticket`` (the peer's model as
    its manager) the peer's ticket creation of the same size, round by round
    in turn with ours, each round rolled back."""
    from odoo.addons.synpunkt_klagomal.controllers import form_input

    Complaint = (
        env["synpunkt.complaint"]
        .with_user(users["registrar"])
        .with_context(tz="Europe/Stockholm", lang="en_US")
    )
    units = env["synpunkt.unit"].search([("manager_id", "!=", False)])
    now = datetime.now().replace(microsecond=0)

    def staff_vals(i):
        return {
            "kind": "complaint",
            "submitter_role": "relative",
            "channel": "phone",
            "description": "Registrerat per telefon",
            "unit_id": units[i % len(units)].id,
            "received_date": now - timedelta(minutes=i % 600),
            "submitter_name": f"Ny person {i}",
            "submitter_phone": "070-1740600",
            "feedback_method": "phone",
        }

    peer_vals = Ticket is not None and _peer_ticket_values(Ticket)
    for i in range(50):  # warm-up
        Complaint.create(staff_vals(i))
        if peer_vals:
            Ticket.create(peer_vals(i))
    sides = [(f"register {batch} cases, ORM (one create)", Complaint, staff_vals)]
    if peer_vals:
        sides.append(
            (f"peer create {batch} tickets, ORM (one create)", Ticket, peer_vals)
        )
    times = {label: [] for label, _model, _vals in sides}
    for _round in range(rounds):
        for label, model, vals in sides:
            with _rolled_back(model.env):
                with benchlib.measure(model.env, label, results):
                    model.create([vals(i) for i in range(batch)])
                times[label].append(results[label]["seconds"])
    for label, _model, _vals in sides:
        results[label]["seconds"] = statistics.median(times[label])
        results[label]["per_second"] = round(batch / results[label]["seconds"])
        results[label]["rounds"] = rounds
    label = f"register {count} cases, ORM (one create each)"
    with benchlib.measure(env, label, results):
        for i in range(count):
            Complaint.create(staff_vals(i))
    results[label]["per_second"] = round(count / results[label]["seconds"])

    public = env.ref("base.public_user")
    company = env.company
    web_env = env(user=public, context=dict(env.context, lang="en_US"))
    RateLimit = web_env["synpunkt.rate.limit"].sudo()
    web_units = (
        web_env["synpunkt.unit"]
        .sudo()
        .search([("company_id", "=", company.id), ("active", "=", True)])
    )

    def submit(i):
        posted = {
            "kind": "complaint",
            "submitter_role": "relative",
            "feedback_method": "email",
            "description": "Personalen kom inte.",
            "submitter_name": f"Webb {i}",
            "submitter_email": f"webb{i}@example.com",
            "unit_id": str(web_units[i % len(web_units)].id),
        }
        assert RateLimit._hit(f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")
        vals, files, errors = form_input.validate(
            web_env, posted, company, web_units, []
        )
        assert not errors, errors
        case = (
            web_env["synpunkt.complaint"]
            .sudo()
            .with_company(company)
            .with_context(mail_create_nosubscribe=True)
            .create(vals)
        )
        case._send_acknowledgement()

    for i in range(50):
        submit(100_000 + i)
    label = f"register {count} cases, web form path"
    with benchlib.measure(env, label, results):
        for i in range(count):
            submit(i)
    results[label]["per_second"] = round(count / results[label]["seconds"])


def _peer_ticket_values(Ticket):
    """Tickets as a helpdesk user registers them: a team, category, channel,
    contact; stage and number from helpdesk_mgmt. No assignee: helpdesk_mgmt
    would notify each one by mail ("assigned to you"), which our routing
    does not, so the peer is measured at its fastest."""
    env = Ticket.env
    teams = env["helpdesk.ticket.team"].sudo().search([("name", "=like", "Bench %")])
    categories = env["helpdesk.ticket.category"].sudo().search([]).ids or [False]
    channels = env["helpdesk.ticket.channel"].sudo().search([]).ids or [False]

    def vals(i):
        team = teams[i % len(teams)]
        return {
            "name": f"Telefonsamtal {i}",
            "description": "<p>Registrerat per telefon</p>",
            "team_id": team.id,
            "category_id": categories[i % len(categories)],
            "channel_id": channels[i % len(channels)],
            "partner_name": f"Ny person {i}",
            "partner_email": f"ny{i}@example.com",
        }

    return vals


def _bench_escalation(env, due, runs, results, plans):
    """The state after last night's run (every passed deadline escalated,
    reminders and delay notices given), then ``due`` open cases whose
    response deadline passed since: one run of the engine escalates them."""
    Automation = env["base.automation"]
    ours = Automation._synpunkt_catch_up_rules()
    Automation.search([("id", "not in", ours.ids)]).active = False
    env.cr.execute("""
        UPDATE synpunkt_complaint SET
            ack_reminder_date = coalesce(ack_reminder_date, now() AT TIME ZONE 'UTC'),
            response_reminder_date = coalesce(response_reminder_date,
                                              now() AT TIME ZONE 'UTC'),
            delay_notice_date = coalesce(delay_notice_date, now() AT TIME ZONE 'UTC'),
            ack_escalation_date = CASE WHEN ack_deadline < CURRENT_DATE
                THEN coalesce(ack_escalation_date, now() AT TIME ZONE 'UTC') END,
            response_escalation_date = CASE WHEN response_deadline < CURRENT_DATE
                THEN coalesce(response_escalation_date, now() AT TIME ZONE 'UTC') END
        WHERE NOT is_closed
    """)
    env.cr.execute(
        """
        SELECT id FROM synpunkt_complaint
         WHERE NOT is_closed AND response_date IS NULL
           AND response_deadline < CURRENT_DATE - 1
         ORDER BY id LIMIT %s""",
        [due],
    )
    due_ids = [row[0] for row in env.cr.fetchall()]
    env.invalidate_all()

    def one_run():
        env.cr.execute(
            "UPDATE synpunkt_complaint SET response_escalation_date = NULL "
            "WHERE id = ANY(%s)",
            [due_ids],
        )
        env.invalidate_all()
        Automation._check()

    if due <= 200:
        with _rolled_back(env):  # warm-up
            one_run()
    times, queries = [], 0
    for _i in range(runs if due <= 200 else 1):
        with _rolled_back(env):
            env.cr.execute(
                "UPDATE synpunkt_complaint SET response_escalation_date = NULL "
                "WHERE id = ANY(%s)",
                [due_ids],
            )
            env.invalidate_all()
            before = env.cr.sql_log_count
            start = time.perf_counter()
            Automation._check()
            env.flush_all()
            times.append(time.perf_counter() - start)
            queries = env.cr.sql_log_count - before
            escalated = env["synpunkt.complaint"].search_count(
                [("id", "in", due_ids), ("response_escalation_date", "!=", False)]
            )
            mails = env["mail.mail"].search_count(
                [("create_date", ">=", datetime.now() - timedelta(minutes=10))]
            )
    label = f"escalation run, {len(due_ids)} due"
    seconds = statistics.median(times)
    results[label] = {
        "seconds": seconds,
        "queries": queries,
        "escalated": escalated,
        "ms_per_case": round(1000 * seconds / max(1, escalated), 1),
        "queries_per_case": round(queries / max(1, escalated), 1),
        "mails_queued": mails,
    }
    if plans is not None:
        with _rolled_back(env):
            plans.extend(_slowest(env, label, one_run))


def _bench_refresh(env, runs, results, plans):
    """The nightly refresh as it runs tomorrow: the cases whose state moves
    (due soon becomes overdue, on time becomes due soon)."""
    from odoo.addons.synpunkt_klagomal.models import synpunkt_complaint_deadlines

    Complaint = env["synpunkt.complaint"]
    day = synpunkt_complaint_deadlines.swedish_today() + timedelta(days=1)
    # The job and the compute ask swedish_today() of their module for today.
    tomorrow = patch.object(
        synpunkt_complaint_deadlines, "swedish_today", return_value=day
    )
    times, queries, count = [], 0, 0
    for i in range(runs + 1):
        with _rolled_back(env), tomorrow:
            before = env.cr.sql_log_count
            start = time.perf_counter()
            count = Complaint._cron_refresh_deadline_state()
            env.flush_all()
            if i:  # the first is the warm-up
                times.append(time.perf_counter() - start)
                queries = env.cr.sql_log_count - before
    results["deadline-state refresh (tomorrow)"] = {
        "seconds": statistics.median(times),
        "queries": queries,
        "cases": count,
    }
    if plans is not None:
        with _rolled_back(env), tomorrow:
            plans.extend(
                _slowest(
                    env,
                    "deadline-state refresh",
                    Complaint._cron_refresh_deadline_state,
                )
            )


if __name__ == "__main__":
    main()
