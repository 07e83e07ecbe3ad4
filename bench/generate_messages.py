#!/usr/bin/env python3
"""Fill a database with cases and a million messages, set-based in SQL, for
the message guard benchmark (issue 8).

    python3 bench/generate_messages.py [--db sk_bench_msg] [--cases 100000] \\
        [--messages 1000000]

The database must have synpunkt_klagomal installed (bench/run_message_guard.sh
makes one). Re-runnable: it tops cases and messages up to the numbers asked
(rows it made are marked ``BENCH-``), and makes its units and users once.

Shape: the 30 units of generate_cases.py (60 in the database of the
published figures, made before it shrank to 30); cases spread evenly over
them, 3 % confidential, 4 % open. 90 % of the messages are on cases (notes,
e-mails, tracking), 10 % on 2,000 partners (another department's chatter).
Three users: a manager (all cases), a handler (one unit, 1/30 of the cases)
and an accountant outside the module. Each has a few thousand inbox
notifications (unread and read) and starred messages: the manager's and the
handler's mostly on cases, the accountant's on partners. Some of them are on
cases the user cannot read: 300 of the handler's on cases of other units
(lost when moved), 200 of the accountant's (from before the guard, as an
upgraded database has). ``--hidden`` places those:

- ``newest`` (the default, the worst case for the inbox): on the newest
  messages, so that the top of the inbox and the history is mostly hidden
  and the guard must skip them before it finds 30 readable ones;
- ``spread``: spread over the same span of messages as the user's other
  notifications. The module notifies no one about a case they cannot read,
  so such notifications date from before the user lost access (or before the
  guard): older, or at most interleaved, never all the newest.

The notifications and stars of the three users are made again on every run
(about 10,000 rows), in the asked shape.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import random
import time

import benchlib
from generate_cases import _units

from odoo import Command
from odoo.tools import SQL

BENCH_USERS = {
    # login: (name, groups)
    "bench_manager": ("Bench Förvaltningschef", "synpunkt_klagomal.group_manager"),
    "bench_handler": ("Bench Handläggare", "synpunkt_klagomal.group_handler"),
    "bench_outsider": ("Bench Ekonom", "base.group_user"),
}
# Words of the message bodies; "leveransavvikelse" is in 1 message out of 50.
SEARCH_TERM = "leveransavvikelse"


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--db",
        default="sk_bench_msg",
        help="database with synpunkt_klagomal installed",
    )
    parser.add_argument(
        "--cases", type=int, default=100_000, help="cases wanted (topped up)"
    )
    parser.add_argument(
        "--messages", type=int, default=1_000_000, help="messages wanted (topped up)"
    )
    parser.add_argument(
        "--hidden",
        choices=("newest", "spread"),
        default="newest",
        help="where the notifications the users cannot read go: newest (on the "
        "newest messages, the worst case) or spread (among their other ones)",
    )
    args = parser.parse_args()
    start = time.perf_counter()
    with benchlib.environment(args.db, commit=True) as env:
        env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                no_reset_password=True,
            )
        )
        units = _units(env, random.Random(20261122))
        users = bench_users(env, units)
        env.cr.commit()
        made = made_cases = make_cases(env, args.cases, units)
        print(f"cases: {made} made ({time.perf_counter() - start:.0f} s)", flush=True)
        partners = make_partners(env, 2000)
        made = made_messages = make_messages(env, args.messages, partners)
        print(
            f"messages: {made} made ({time.perf_counter() - start:.0f} s)", flush=True
        )
        made = make_notifications(env, users, args.hidden)
        print(
            f"notifications: {made} made ({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
        env.cr.commit()
        # The big tables only when they grew: a new sample can change the
        # estimate of a body search (1 message in 50) and its plan.
        tables = ["mail_notification", "mail_message_res_partner_starred_rel"]
        if made_cases or made_messages:
            tables += ["synpunkt_complaint", "mail_message", "res_partner"]
        for table in tables:
            env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        counts = env.execute_query(
            SQL(
                """SELECT (SELECT count(*) FROM synpunkt_complaint),
                      (SELECT count(*) FROM mail_message),
                      (SELECT count(*) FROM mail_notification)"""
            )
        )[0]
    print(
        f"done in {time.perf_counter() - start:.0f} s: {counts[0]} cases, {counts[1]} "
        f"messages, {counts[2]} notifications in {args.db}"
    )


def bench_users(env, units):
    Users = env["res.users"]
    users = {}
    for login, (name, groups) in BENCH_USERS.items():
        user = Users.search([("login", "=", login)])
        if not user:
            user = Users.create(
                {
                    "login": login,
                    "name": name,
                    "email": f"{login}@example.com",
                    "notification_type": "inbox",
                    "groups_id": [
                        Command.set([env.ref(g).id for g in groups.split(",")])
                    ],
                }
            )
        users[login] = user
    # The handler works one leaf unit: 1/30 of the cases (1/60 with 60 units).
    leaf = env["synpunkt.unit"].browse(units).filtered("parent_id")[:1]
    leaf.member_ids = [Command.link(users["bench_handler"].id)]
    return users


def make_cases(env, count, units):
    have = env.execute_query(SQL("SELECT count(*) FROM synpunkt_complaint"))[0][0]
    missing = count - have
    if missing <= 0:
        return 0
    stages = [
        env.ref(f"synpunkt_klagomal.stage_{s}").id
        for s in ("assigned", "in_progress", "closed")
    ]
    categories = env["synpunkt.category"].search([]).ids
    env.cr.execute(
        SQL(
            """
        INSERT INTO synpunkt_complaint (
            name, company_id, unit_id, category_id, stage_id, kind, submitter_role,
            channel, feedback_method, description, received_date, is_closed,
            is_confidential, confidentiality_ground, is_anonymous, submitter_name,
            escalation_level,
            create_date, write_date, create_uid, write_uid)
        SELECT 'BENCH-' || lpad((%(offset)s + g)::text, 7, '0'), %(company)s,
               (%(units)s::int[])[1 + mod(g, %(n_units)s)],
               (%(categories)s::int[])[1 + mod(g, %(n_categories)s)],
               CASE WHEN mod(g, 25) = 0 THEN (%(stages)s::int[])[1 + mod(g, 2)]
                    ELSE (%(stages)s::int[])[3] END,
               (ARRAY['complaint','complaint','opinion','suggestion','praise'])
                   [1 + mod(g, 5)],
               'relative', 'web', 'email',
               'Synpunkt ' || g || ': personalen kom sent till morgonbesöket.',
               now() - make_interval(days => mod(g, 1800)), mod(g, 25) <> 0,
               mod(g, 33) = 0, CASE WHEN mod(g, 33) = 0 THEN 'OSL 26 kap. 1 §' END,
               false, 'Person ' || g, 0,
               now(), now(), 1, 1
          FROM generate_series(1, %(missing)s) AS g
        """,
            offset=have,
            company=env.company.id,
            units=units,
            n_units=len(units),
            categories=categories,
            n_categories=len(categories),
            stages=stages,
            missing=missing,
        )
    )
    return missing


def make_partners(env, count):
    existing = env["res.partner"].search([("ref", "=like", "BENCH-%")]).ids
    if len(existing) < count:
        env.cr.execute(
            SQL(
                """INSERT INTO res_partner (name, ref, active, type, complete_name,
                                        create_date, write_date, company_id)
               SELECT 'Leverantör ' || g, 'BENCH-' || g, true, 'contact',
                      'Leverantör ' || g, now(), now(), NULL
                 FROM generate_series(%s, %s) AS g""",
                len(existing) + 1,
                count,
            )
        )
        existing = env["res.partner"].search([("ref", "=like", "BENCH-%")]).ids
    return existing


def make_messages(env, count, partners):
    have = env.execute_query(
        SQL("SELECT count(*) FROM mail_message WHERE starts_with(message_id, 'bench-')")
    )[0][0]
    missing = count - have
    if missing <= 0:
        return 0
    cases = env.execute_query(SQL("SELECT min(id), max(id) FROM synpunkt_complaint"))[0]
    note = env.ref("mail.mt_note").id
    comment = env.ref("mail.mt_comment").id
    authors = env["res.users"].search([("login", "=like", "bench_%")]).partner_id.ids
    # One statement per 200,000 rows keeps memory low; ids grow with the date
    # as in real life (the inbox orders by id).
    step = 200_000
    made = 0
    while made < missing:
        size = min(step, missing - made)
        env.cr.execute(
            SQL(
                """
            INSERT INTO mail_message (
                model, res_id, message_type, subtype_id, body, author_id, date,
                message_id, create_date, write_date, create_uid, write_uid, is_internal)
            SELECT CASE WHEN mod(g, 10) = 0 THEN 'res.partner'
                        ELSE 'synpunkt.complaint' END,
                   CASE WHEN mod(g, 10) = 0
                        THEN (%(partners)s::int[])[1 + mod(g / 10, %(n_partners)s)]
                        ELSE %(case_min)s
                             + mod(g::bigint * 7919, %(case_max)s - %(case_min)s + 1)
                        END,
                   CASE WHEN mod(g, 3) = 0 THEN 'email'
                        WHEN mod(g, 3) = 1 THEN 'comment'
                        ELSE 'notification' END,
                   CASE WHEN mod(g, 2) = 0 THEN %(note)s ELSE %(comment)s END,
                   '<p>Meddelande ' || g
                   || CASE WHEN mod(g, 50) = 0 THEN ' om en ' || %(term)s
                           ELSE ' om besöket' END
                   || '.</p>',
                   (%(authors)s::int[])[1 + mod(g, %(n_authors)s)],
                   now() - make_interval(mins => (%(total)s - g)),
                   'bench-' || g, now(), now(), 1, 1, mod(g, 2) = 0
              FROM generate_series(%(first)s, %(last)s) AS g
            """,
                partners=partners,
                n_partners=len(partners),
                case_min=cases[0],
                case_max=cases[1],
                note=note,
                comment=comment,
                term=SEARCH_TERM,
                authors=authors,
                n_authors=len(authors),
                total=count,
                first=have + made + 1,
                last=have + made + size,
            )
        )
        env.cr.commit()
        made += size
        print(f"  {have + made:>8} messages", flush=True)
    return missing


def make_notifications(env, users, hidden="newest"):
    """Inbox notifications (a quarter unread) and stars for the three users,
    made again; returns how many notifications were made. ``hidden``: where
    those on cases the user cannot read go (see this file's docstring)."""
    partners = [user.partner_id.id for user in users.values()]
    for table in ("mail_notification", "mail_message_res_partner_starred_rel"):
        env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE res_partner_id IN %s",
                SQL.identifier(table),
                tuple(partners),
            )
        )
    handler_cases = SQL(
        "SELECT id FROM synpunkt_complaint WHERE unit_id IN %s",
        tuple(users["bench_handler"].synpunkt_unit_ids.ids or [0]),
    )
    plans = [
        # user, SQL selecting message ids, how many, readable by the user
        ("bench_manager", SQL("model = 'synpunkt.complaint'"), 4000, True),
        ("bench_manager", SQL("model = 'res.partner'"), 500, True),
        (
            "bench_handler",
            SQL("model = 'synpunkt.complaint' AND res_id IN (%s)", handler_cases),
            2000,
            True,
        ),
        ("bench_handler", SQL("model = 'res.partner'"), 300, True),
        # Cases of other units: lost to the handler, still notified.
        (
            "bench_handler",
            SQL("model = 'synpunkt.complaint' AND res_id NOT IN (%s)", handler_cases),
            300,
            False,
        ),
        ("bench_outsider", SQL("model = 'res.partner'"), 3000, True),
        ("bench_outsider", SQL("model = 'synpunkt.complaint'"), 200, False),
    ]
    for login, where, count, readable in plans:
        partner = users[login].partner_id.id
        spread = hidden == "spread" and not readable
        # Every 7th of the 7 x count matching messages, newest first: of the
        # newest ones, or (spread) of messages taken at an even step over
        # the span of the user's other notifications, made before.
        span = (
            SQL(
                "id >= (SELECT min(mail_message_id) FROM mail_notification "
                "WHERE res_partner_id = %s)",
                partner,
            )
            if spread
            else SQL("TRUE")
        )
        env.cr.execute(
            SQL(
                """
            WITH matching AS (
                SELECT id, row_number() OVER (ORDER BY id DESC) AS r,
                       count(*) OVER () AS total
                  FROM mail_message
                 WHERE starts_with(message_id, 'bench-') AND %(where)s AND %(span)s
            ), picked AS (
                SELECT id, row_number() OVER (ORDER BY id DESC) AS n
                  FROM matching
                 WHERE mod(r, CASE WHEN %(spread)s THEN greatest(total / %(picks)s, 1)
                                   ELSE 1 END) = 0
                 ORDER BY id DESC LIMIT %(picks)s
            ), notified AS (
                INSERT INTO mail_notification (
                    mail_message_id, res_partner_id, notification_type,
                    notification_status, is_read, author_id)
                SELECT id, %(partner)s, 'inbox', 'sent', mod(n, 4) <> 0, NULL
                  FROM picked WHERE mod(n, 7) = 0
                ON CONFLICT DO NOTHING RETURNING mail_message_id
            )
            INSERT INTO mail_message_res_partner_starred_rel (
                mail_message_id, res_partner_id)
            SELECT id, %(partner)s FROM picked WHERE mod(n, 70) = 0
            ON CONFLICT DO NOTHING
            """,
                where=where,
                span=span,
                spread=spread,
                picks=count * 7,
                partner=partner,
            )
        )
    return env.execute_query(
        SQL(
            "SELECT count(*) FROM mail_notification WHERE res_partner_id IN %s",
            tuple(partners),
        )
    )[0][0]


if __name__ == "__main__":
    main()
