#!/usr/bin/env python3
"""Fill a database with a realistic volume of cases: a regional instance
with 100,000 cases over five years (issue 12). It refuses a database that
has cases already, unless --append (which adds --count more: no top-up).

    python3 bench/generate_cases.py [--db sk_bench] [--count 100000] [--open COUNT/5]
                                    [--due 300] [--batch 2000] [--append]

The database must have synpunkt_klagomal installed (bench/run.sh makes one).
Shape: 30 units in a tree (6 areas of 4 units each, every unit and area with
a unit manager), 12 more handlers each a member of 3 units, 4 private
providers; all kinds, channels and roles; ``--open`` cases open (received in
the last 60 days, most of them past a deadline and already reminded and
escalated, as the nightly jobs leave them), the rest closed and answered over
five years; 5 % confidential, 8 % anonymous. ``--due`` of the open cases are
past an unmet deadline and not yet escalated: the work of one escalation run.
Cases are created through the ORM in batches, as real use would (deadlines,
sequence, routing); then, set-based in SQL, what use leaves around them: the
responsible handler follows each case, each case has 2 (open) or 4 (closed)
chatter messages, each open case an activity of its handler.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import random
import sys
import time
from datetime import datetime, timedelta

import benchlib

KINDS = ["complaint"] * 6 + ["opinion"] * 2 + ["suggestion", "praise"]
ROLES = (
    ["service_user"] * 4
    + ["relative"] * 3
    + ["representative", "staff", "organisation", "other"]
)
CHANNELS = (
    ["web"] * 4
    + ["email"] * 3
    + ["phone"] * 2
    + ["letter", "paper_form", "in_person", "other"]
)
AREAS = [
    "Hemtjänst",
    "Särskilt boende",
    "LSS",
    "IFO",
    "Socialpsykiatri",
    "Ekonomiskt bistånd",
    "Familjerätt",
    "Missbruk",
    "Barn och unga",
    "Daglig verksamhet",
    "Färdtjänst",
    "Mottagning",
]
TEXTS = [
    "Personalen kom för sent till morgonbesöket flera dagar i rad.",
    "Maten var kall och portionerna små.",
    "Jag fick inget svar på min ansökan trots flera samtal.",
    "Bemötandet i telefon var otrevligt.",
    "Tack för ett fint bemötande under hela året!",
    "Förslag: längre öppettider i receptionen.",
]


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--db", default=benchlib.DEFAULT_DB, help="database with the addon installed"
    )
    parser.add_argument("--count", type=int, default=100_000, help="cases to make")
    parser.add_argument(
        "--open",
        type=int,
        help="open cases, at most --count (about: the --due ones come on top); the "
        "rest is closed (default: one in five of --count)",
    )
    parser.add_argument(
        "--due",
        type=int,
        help="open cases past an unmet deadline, not yet escalated, at most "
        "--open (default: 300, or a tenth of --open if less)",
    )
    parser.add_argument("--batch", type=int, default=2000, help="cases per create")
    parser.add_argument(
        "--append",
        action="store_true",
        help="add --count cases to a database that has cases (without it, such "
        "a database is refused); the added cases get no followers, chatter "
        "messages or activities",
    )
    args = parser.parse_args()
    if args.open is None:
        args.open = args.count // 5
    if args.due is None:
        args.due = min(300, args.open // 10)
    if not 0 <= args.due <= args.open <= args.count:
        parser.error("0 <= --due <= --open <= --count")
    rng = random.Random(20261122)

    with benchlib.environment(args.db, commit=True) as env:
        have = (
            env["synpunkt.complaint"].with_context(active_test=False).search_count([])
        )
        if have and not args.append:
            sys.exit(
                f"{args.db} has {have} cases already: this would add {args.count} "
                "more (it does not top up). Drop the database or pass --append."
            )
        env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
            )
        )
        units = _units(env, rng)
        stages = {
            s: env.ref(f"synpunkt_klagomal.stage_{s}").id
            for s in ("new", "assigned", "in_progress", "answered", "closed")
        }
        categories = env["synpunkt.category"].search([]).ids
        env.cr.commit()
        now = datetime.now().replace(microsecond=0)
        start = time.perf_counter()
        made = 0
        open_every = max(1, round(args.count / max(args.open, 1))) if args.open else 0
        while made < args.count:
            batch = []
            for _i in range(min(args.batch, args.count - made)):
                n = made + len(batch)
                due = n < args.due
                is_open = due or bool(open_every and n % open_every == 0)
                if (
                    due
                ):  # received 25-40 days ago, unanswered: past the response deadline
                    received = now - timedelta(
                        days=rng.randint(25, 40), hours=rng.randint(0, 9)
                    )
                elif is_open:  # the last 60 days: most are past a deadline
                    received = now - timedelta(
                        days=rng.randint(0, 60), hours=rng.randint(0, 9)
                    )
                else:
                    received = now - timedelta(
                        days=rng.randint(14, 5 * 365), hours=rng.randint(0, 9)
                    )
                anonymous = rng.random() < 0.08
                confidential = rng.random() < 0.05
                channel = rng.choice(CHANNELS)
                if anonymous and channel == "email":  # e-mail names its sender
                    channel = "web"
                vals = {
                    "kind": rng.choice(KINDS),
                    "submitter_role": rng.choice(ROLES),
                    "channel": channel,
                    "received_date": received,
                    "description": rng.choice(TEXTS),
                    "unit_id": rng.choice(units),
                    "category_id": rng.choice(categories),
                    "is_anonymous": anonymous,
                    "is_confidential": confidential,
                    "confidentiality_ground": "OSL 26 kap. 1 §"
                    if confidential
                    else False,
                }
                if not anonymous:
                    vals.update(
                        {
                            "submitter_name": f"Person {n}",
                            "submitter_email": f"person{n}@example.com",
                            "feedback_method": rng.choice(
                                ["email", "email", "phone", "none"]
                            ),
                            "submitter_phone": "070-1740600",
                        }
                    )
                if is_open:
                    vals["stage_id"] = stages[
                        "new" if due else rng.choice(["assigned", "in_progress"])
                    ]
                else:
                    answered = received + timedelta(days=rng.randint(1, 20))
                    vals.update(
                        {
                            "stage_id": stages["closed"],
                            "ack_date": answered.date(),
                            "response_date": answered.date(),
                            "answer": "<p>Tack för att du hörde av dig. Vi har sett "
                            "över rutinen.</p>",
                        }
                    )
                batch.append(vals)
            env["synpunkt.complaint"].create(batch)
            env.cr.commit()
            env.invalidate_all()
            made += len(batch)
            rate = made / (time.perf_counter() - start)
            print(f"{made:>7} cases  {rate:6.0f} cases/s", flush=True)
        _as_use_leaves_them(env, args.due)
        env.cr.commit()
        total = env["synpunkt.complaint"].search_count([])
        print(f"done: {total} cases in {args.db} ({time.perf_counter() - start:.0f} s)")
        env.cr.execute("ANALYZE")


def _as_use_leaves_them(env, due):
    """What the nightly jobs and the handlers leave, set-based: open cases
    past a deadline are reminded and escalated (stamped) except the first
    ``due`` ones (lowest ids, made first above); followers, messages and
    activities. Generation runs with tracking off, so nothing of this exists
    yet."""
    cr = env.cr
    cr.execute(
        """
        UPDATE synpunkt_complaint c SET
            ack_reminder_date = CASE WHEN ack_deadline IS NOT NULL
                                     THEN received_date END,
            response_reminder_date = received_date,
            delay_notice_date = CASE WHEN response_deadline < CURRENT_DATE + 2
                                     AND feedback_method != 'none'
                                     THEN received_date END,
            ack_escalation_date = CASE WHEN ack_deadline < CURRENT_DATE
                                       THEN now() AT TIME ZONE 'UTC' END,
            response_escalation_date = CASE WHEN response_deadline < CURRENT_DATE
                                            THEN now() AT TIME ZONE 'UTC' END,
            escalation_level = (ack_deadline < CURRENT_DATE)::int
                               + (response_deadline < CURRENT_DATE)::int,
            escalation_date = CASE WHEN response_deadline < CURRENT_DATE
                                   THEN now() AT TIME ZONE 'UTC' END
        WHERE NOT is_closed AND response_date IS NULL AND ack_reminder_date IS NULL
          AND id NOT IN (SELECT id FROM synpunkt_complaint
                         WHERE NOT is_closed AND response_date IS NULL
                         ORDER BY id LIMIT %s)
    """,
        [due],
    )
    cr.execute(
        "SELECT count(*) FROM mail_followers WHERE res_model = 'synpunkt.complaint'"
    )
    if cr.fetchone()[0]:
        return  # already done
    cr.execute("""
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'synpunkt.complaint', c.id, u.partner_id
          FROM synpunkt_complaint c JOIN res_users u ON u.id = c.user_id
        ON CONFLICT DO NOTHING
    """)
    note = env.ref("mail.mt_note").id
    comment = env.ref("mail.mt_comment").id
    # Messages: creation, a note; closed cases also the answer and closing.
    cr.execute(
        """
        INSERT INTO mail_message (model, res_id, record_name, message_type,
                                  subtype_id, body, author_id, date, create_date,
                                  write_date, create_uid, write_uid,
                                  record_company_id)
        SELECT 'synpunkt.complaint', c.id, c.name, 'notification', %(note)s, m.body,
               u.partner_id, c.received_date + m.k * interval '1 day', c.received_date,
               c.received_date, c.user_id, c.user_id, c.company_id
          FROM synpunkt_complaint c
          LEFT JOIN res_users u ON u.id = c.user_id
          CROSS JOIN (VALUES (0, '<p>Ärende registrerat.</p>'),
                             (1, '<p>Ringde personen, återkommer.</p>'),
                             (3, '<p>Svar skickat.</p>'),
                             (4, '<p>Ärendet avslutat.</p>')) AS m(k, body)
         WHERE m.k < 2 OR c.is_closed
    """,
        {"note": note},
    )
    cr.execute(
        """
        UPDATE mail_message SET subtype_id = %s, message_type = 'comment'
         WHERE model = 'synpunkt.complaint' AND body = '<p>Svar skickat.</p>'
    """,
        [comment],
    )
    answer_type = env.ref("synpunkt_klagomal.mail_activity_type_answer")
    cr.execute(
        """
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                   activity_type_id, user_id, date_deadline,
                                   summary, automated, active,
                                   create_date, write_date, create_uid, write_uid)
        SELECT %(model)s, 'synpunkt.complaint', c.id, c.name, %(type)s, c.user_id,
               c.response_deadline, NULL, true, true, c.received_date,
               c.received_date, 1, 1
          FROM synpunkt_complaint c
         WHERE NOT c.is_closed AND c.user_id IS NOT NULL
           AND c.response_deadline IS NOT NULL
    """,
        {
            "model": env["ir.model"]._get_id("synpunkt.complaint"),
            "type": answer_type.id,
        },
    )


def _units(env, rng):
    """30 units: 6 areas of 4 units; a manager for each; 12 handlers each a
    member of 3 units of one area. Returns the ids of the 24 leaf units and
    the 6 areas (cases mostly go to leaves)."""
    Unit = env["synpunkt.unit"]
    existing = Unit.search([("code", "=like", "BENCH-%")])
    if existing:
        return existing.ids
    handler = env.ref("synpunkt_klagomal.group_handler").id
    chefs = env["res.users"].create(
        [
            {
                "name": f"Enhetschef {i}",
                "login": f"bench_chef_{i}",
                "groups_id": [(4, handler)],
            }
            for i in range(24)
        ]
    )
    area_chefs = env["res.users"].create(
        [
            {
                "name": f"Verksamhetschef {a}",
                "login": f"bench_area_{a}",
                "groups_id": [(4, handler)],
            }
            for a in range(6)
        ]
    )
    members = env["res.users"].create(
        [
            {
                "name": f"Handläggare {i}",
                "login": f"bench_handler_{i}",
                "groups_id": [(4, handler)],
            }
            for i in range(12)
        ]
    )
    providers = env["synpunkt.provider"].create(
        [
            {
                "name": f"Privat utförare {i} AB",
                "provider_type": "private",
                "contract_form": "lov",
            }
            for i in range(4)
        ]
    )
    units = Unit
    for a, area in enumerate(AREAS[:6]):
        parent = Unit.create(
            {"name": area, "code": f"BENCH-{a}", "manager_id": area_chefs[a].id}
        )
        leaves = Unit.create(
            [
                {
                    "name": f"{area} {i + 1}",
                    "code": f"BENCH-{a}-{i}",
                    "parent_id": parent.id,
                    "manager_id": chefs[a * 4 + i].id,
                    "provider_id": rng.choice(providers.ids)
                    if rng.random() < 0.2
                    else False,
                }
                for i in range(4)
            ]
        )
        # Two handlers per area, each a member of 3 of its 4 units.
        leaves[:3].write({"member_ids": [(4, members[a * 2].id)]})
        leaves[1:].write({"member_ids": [(4, members[a * 2 + 1].id)]})
        units |= leaves | parent
    return units.ids


if __name__ == "__main__":
    main()
