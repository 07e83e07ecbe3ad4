#!/usr/bin/env python3
"""The peer of issue 12: OCA's ``helpdesk_mgmt`` 18.0 with tickets of the
same shape as generate_cases.py, so that bench_scale.py can measure both
side by side.

    python3 bench/generate_helpdesk.py --helpdesk-path /work/ext/helpdesk
                                       [--db sk_bench_helpdesk] [--count 100000]

``--helpdesk-path`` is a checkout of https://github.com/OCA/helpdesk (branch
18.0), outside this repository; its code is only run, never copied. The
database is made with ``helpdesk_mgmt`` installed (no demo data) if it does
not exist. Shape, as generate_cases.py: 30 teams in a tree (6 parents of 4
teams, each team with a leader), 12 more team users each a member of 3
teams of one parent; ``--open`` tickets open (the last 60 days, in the three
open stages), the rest closed ("Done") over five years; created through the
ORM in batches (number from the sequence, stage, company); then, set-based
in SQL, what use leaves: the assigned user follows each ticket, 2 (open) or
4 (closed) chatter messages a ticket, an activity on each open ticket.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta

import benchlib

DEFAULT_DB = "sk_bench_helpdesk"
TEXTS = [
    "Personalen kom för sent till morgonbesöket flera dagar i rad.",
    "Maten var kall och portionerna små.",
    "Jag fick inget svar på min ansökan trots flera samtal.",
    "Bemötandet i telefon var otrevligt.",
    "Tack för ett fint bemötande under hela året!",
    "Förslag: längre öppettider i receptionen.",
]


def ensure_database(db, helpdesk_path, count=100_000, open_count=20_000):
    """Make ``db`` with helpdesk_mgmt and its tickets unless it has them."""
    if not database_exists(db):
        print(f"creating {db} with helpdesk_mgmt (no demo data)", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                *benchlib.odoo_args(helpdesk_path),
                "-d",
                db,
                "-i",
                "helpdesk_mgmt",
                "--without-demo=all",
                "--max-cron-threads=0",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
        )
    benchlib.init_odoo(helpdesk_path)
    with benchlib.environment(db) as env:
        have = env["helpdesk.ticket"].with_context(active_test=False).search_count([])
    if have < count:
        generate(db, count - have, open_count, random.Random(20261122))


def database_exists(db):
    import psycopg2

    settings = benchlib.odoo_env.db_settings()
    conn = psycopg2.connect(dbname="postgres", **settings)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
            return bool(cr.fetchone())
    finally:
        conn.close()


def generate(db, count, open_count, rng, batch_size=2000):
    with benchlib.environment(db, commit=True) as env:
        env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
            )
        )
        teams, leaders = _teams(env)
        stage = {
            s: env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{s}").id
            for s in ("new", "in_progress", "awaiting", "done")
        }
        categories = env["helpdesk.ticket.category"].search([]).ids or [False]
        channels = env["helpdesk.ticket.channel"].search([]).ids or [False]
        env.cr.commit()
        now = datetime.now().replace(microsecond=0)
        start = time.perf_counter()
        open_every = max(1, round(count / max(open_count, 1)))
        made = 0
        while made < count:
            batch = []
            for _i in range(min(batch_size, count - made)):
                n = made + len(batch)
                is_open = n % open_every == 0
                team = rng.choice(teams)
                if is_open:
                    received = now - timedelta(
                        days=rng.randint(0, 60), hours=rng.randint(0, 9)
                    )
                else:
                    received = now - timedelta(
                        days=rng.randint(14, 5 * 365), hours=rng.randint(0, 9)
                    )
                vals = {
                    "name": f"Synpunkt {n}",
                    "description": f"<p>{rng.choice(TEXTS)}</p>",
                    "team_id": team,
                    "user_id": leaders[team],
                    "category_id": rng.choice(categories),
                    "channel_id": rng.choice(channels),
                    "partner_name": f"Person {n}",
                    "partner_email": f"person{n}@example.com",
                    "priority": rng.choice("0001123"),
                    "stage_id": stage[
                        rng.choice(["new", "in_progress", "awaiting"])
                        if is_open
                        else "done"
                    ],
                    "last_stage_update": received,
                    "assigned_date": received,
                }
                if not is_open:
                    vals["closed_date"] = received + timedelta(days=rng.randint(1, 20))
                batch.append((received, vals))
            tickets = env["helpdesk.ticket"].create([v for _r, v in batch])
            env.cr.execute(
                """
                UPDATE helpdesk_ticket t SET create_date = v.d, write_date = v.d
                  FROM unnest(%s::int[], %s::timestamp[]) AS v(id, d)
                 WHERE t.id = v.id""",
                [tickets.ids, [r for r, _v in batch]],
            )
            env.cr.commit()
            env.invalidate_all()
            made += len(batch)
            rate = made / (time.perf_counter() - start)
            print(f"{made:>7} tickets  {rate:6.0f} tickets/s", flush=True)
        _as_use_leaves_them(env)
        env.cr.commit()
        env.cr.execute("ANALYZE")


def _as_use_leaves_them(env):
    """Followers, messages and activities, set-based (as generate_cases.py)."""
    cr = env.cr
    cr.execute("""
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'helpdesk.ticket', t.id, u.partner_id
          FROM helpdesk_ticket t JOIN res_users u ON u.id = t.user_id
        ON CONFLICT DO NOTHING
    """)
    note = env.ref("mail.mt_note").id
    cr.execute(
        """
        INSERT INTO mail_message (model, res_id, record_name, message_type,
                                  subtype_id, body, author_id, date, create_date,
                                  write_date, create_uid, write_uid,
                                  record_company_id)
        SELECT 'helpdesk.ticket', t.id, t.name, 'notification', %(note)s, m.body,
               u.partner_id, t.create_date + m.k * interval '1 day', t.create_date,
               t.create_date, t.user_id, t.user_id, t.company_id
          FROM helpdesk_ticket t
          JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
          LEFT JOIN res_users u ON u.id = t.user_id
          CROSS JOIN (VALUES (0, '<p>Ärende registrerat.</p>'),
                             (1, '<p>Ringde personen, återkommer.</p>'),
                             (3, '<p>Svar skickat.</p>'),
                             (4, '<p>Ärendet avslutat.</p>')) AS m(k, body)
         WHERE m.k < 2 OR s.closed
    """,
        {"note": note},
    )
    todo = env.ref("mail.mail_activity_data_todo").id
    cr.execute(
        """
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                   activity_type_id, user_id, date_deadline, summary,
                                   automated, active, create_date, write_date,
                                   create_uid, write_uid)
        SELECT %(model)s, 'helpdesk.ticket', t.id, t.name, %(type)s, t.user_id,
               (t.create_date + interval '28 days')::date, NULL, true, true,
               t.create_date, t.create_date, 1, 1
          FROM helpdesk_ticket t JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
         WHERE NOT s.closed AND t.user_id IS NOT NULL
    """,
        {"model": env["ir.model"]._get_id("helpdesk.ticket"), "type": todo},
    )


def _teams(env):
    """30 teams: 6 parents of 4; a leader (member) for each; 12 team users
    each a member of 3 teams of one parent. Returns (team ids, {team: leader
    id})."""
    Team = env["helpdesk.ticket.team"]
    existing = Team.search([("name", "=like", "Bench %")])
    if existing:
        return existing.ids, {t.id: t.user_id.id for t in existing}
    team_group = env.ref("helpdesk_mgmt.group_helpdesk_user_team").id
    leaders = env["res.users"].create(
        [
            {
                "name": f"Teamledare {i}",
                "login": f"hd_leader_{i}",
                "groups_id": [(4, team_group)],
            }
            for i in range(30)
        ]
    )
    members = env["res.users"].create(
        [
            {
                "name": f"Handläggare {i}",
                "login": f"hd_user_{i}",
                "groups_id": [(4, team_group)],
            }
            for i in range(12)
        ]
    )
    teams = Team
    for a in range(6):
        parent = Team.create(
            {
                "name": f"Bench {a}",
                "user_id": leaders[24 + a].id,
                "user_ids": [(4, leaders[24 + a].id)],
            }
        )
        leaves = Team.create(
            [
                {
                    "name": f"Bench {a}-{i}",
                    "parent_id": parent.id,
                    "user_id": leaders[a * 4 + i].id,
                    "user_ids": [(4, leaders[a * 4 + i].id)],
                }
                for i in range(4)
            ]
        )
        leaves[:3].write({"user_ids": [(4, members[a * 2].id)]})
        leaves[1:].write({"user_ids": [(4, members[a * 2 + 1].id)]})
        teams |= parent | leaves
    return teams.ids, {t.id: t.user_id.id for t in teams}


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--helpdesk-path",
        required=True,
        metavar="DIR",
        help="checkout of OCA/helpdesk 18.0",
    )
    parser.add_argument(
        "--db", default=DEFAULT_DB, help="made with helpdesk_mgmt if missing"
    )
    parser.add_argument(
        "--count",
        type=int,
        default=100_000,
        help="tickets wanted: the database is topped up to this number",
    )
    parser.add_argument(
        "--open", type=int, default=20_000, help="open tickets of those made"
    )
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.helpdesk_path, "helpdesk_mgmt")):
        sys.exit(f"no helpdesk_mgmt in {args.helpdesk_path}")
    ensure_database(args.db, args.helpdesk_path, args.count, args.open)


if __name__ == "__main__":
    main()
