#!/usr/bin/env python3
"""Fill a database with a realistic volume of cases: a regional instance
with 100,000 cases over five years (SPEC §9).

    python3 bench/generate_cases.py [--db sk_bench] [--count 100000]

The database must have synpunkt_klagomal installed (bench/run.sh makes one).
Distribution: a tree of 60 units under 12 areas, 4 private providers, all
kinds, channels and roles; ~4 % of the cases open, the rest closed and
answered; 3 % confidential; 8 % anonymous. Among the open cases, a few
hundred are past an unmet deadline and not yet escalated ("due"), the work of
one escalation run. Created through the ORM in batches, as real use would.
"""
import argparse
import random
import time
from datetime import datetime, timedelta

import benchlib

KINDS = ["complaint"] * 6 + ["opinion"] * 2 + ["suggestion", "praise"]
ROLES = ["service_user"] * 4 + ["relative"] * 3 + ["representative", "staff", "organisation", "other"]
CHANNELS = ["web"] * 4 + ["email"] * 3 + ["phone"] * 2 + ["letter", "paper_form", "in_person", "other"]
AREAS = ["Hemtjänst", "Särskilt boende", "LSS", "IFO", "Socialpsykiatri", "Ekonomiskt bistånd",
         "Familjerätt", "Missbruk", "Barn och unga", "Daglig verksamhet", "Färdtjänst", "Mottagning"]
TEXTS = [
    "Personalen kom för sent till morgonbesöket flera dagar i rad.",
    "Maten var kall och portionerna små.",
    "Jag fick inget svar på min ansökan trots flera samtal.",
    "Bemötandet i telefon var otrevligt.",
    "Tack för ett fint bemötande under hela året!",
    "Förslag: längre öppettider i receptionen.",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=benchlib.DEFAULT_DB)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=300, help="open cases past an unmet deadline")
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(20261122)

    with benchlib.environment(args.db, commit=True) as env:
        env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                               mail_notrack=True))
        units = _units(env, rng)
        stages = {s: env.ref(f"synpunkt_klagomal.stage_{s}").id
                  for s in ("new", "assigned", "in_progress", "answered", "closed")}
        categories = env["synpunkt.category"].search([]).ids
        env.cr.commit()
        now = datetime.now().replace(microsecond=0)
        start = time.perf_counter()
        made = 0
        open_share = 0.04
        while made < args.count:
            batch = []
            for _i in range(min(args.batch, args.count - made)):
                n = made + len(batch)
                due = n < args.due
                is_open = due or rng.random() < open_share
                if due:  # received 15-40 days ago, unanswered: past the response deadline
                    received = now - timedelta(days=rng.randint(15, 40), hours=rng.randint(0, 9))
                elif is_open:  # recent
                    received = now - timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 9))
                else:
                    received = now - timedelta(days=rng.randint(14, 5 * 365), hours=rng.randint(0, 9))
                anonymous = rng.random() < 0.08
                confidential = rng.random() < 0.03
                vals = {
                    "kind": rng.choice(KINDS),
                    "submitter_role": rng.choice(ROLES),
                    "channel": rng.choice(CHANNELS),
                    "received_date": received,
                    "description": rng.choice(TEXTS),
                    "unit_id": rng.choice(units),
                    "category_id": rng.choice(categories),
                    "is_anonymous": anonymous,
                    "is_confidential": confidential,
                    "confidentiality_ground": "OSL 26 kap. 1 §" if confidential else False,
                }
                if not anonymous:
                    vals.update({
                        "submitter_name": f"Person {n}",
                        "submitter_email": f"person{n}@example.com",
                        "feedback_method": rng.choice(["email", "email", "phone", "none"]),
                        "submitter_phone": "070-1740600",
                    })
                if is_open:
                    vals["stage_id"] = stages["new" if due else rng.choice(["assigned", "in_progress"])]
                else:
                    answered = received + timedelta(days=rng.randint(1, 20))
                    vals.update({
                        "stage_id": stages["closed"],
                        "ack_date": answered.date(),
                        "response_date": answered.date(),
                        "answer": "<p>Tack för att du hörde av dig. Vi har sett över rutinen.</p>",
                    })
                batch.append(vals)
            env["synpunkt.complaint"].create(batch)
            env.cr.commit()
            env.invalidate_all()
            made += len(batch)
            rate = made / (time.perf_counter() - start)
            print(f"{made:>7} cases  {rate:6.0f} cases/s", flush=True)
        total = env["synpunkt.complaint"].search_count([])
        print(f"done: {total} cases in {args.db} ({time.perf_counter() - start:.0f} s)")


def _units(env, rng):
    Unit = env["synpunkt.unit"]
    existing = Unit.search([("code", "=like", "BENCH-%")])
    if existing:
        return existing.ids
    users = env["res.users"].create([
        {"name": f"Enhetschef {i}", "login": f"bench_chef_{i}",
         "groups_id": [(4, env.ref("synpunkt_klagomal.group_handler").id)]}
        for i in range(60)
    ])
    providers = env["synpunkt.provider"].create([
        {"name": f"Privat utförare {i} AB", "provider_type": "private", "contract_form": "lov"}
        for i in range(4)
    ])
    units = Unit
    for a, area in enumerate(AREAS):
        parent = Unit.create({"name": area, "code": f"BENCH-{a}"})
        for i in range(4):
            units |= Unit.create({
                "name": f"{area} {i + 1}",
                "code": f"BENCH-{a}-{i}",
                "parent_id": parent.id,
                "manager_id": users[a * 4 + i].id,
                "provider_id": rng.choice(providers.ids) if rng.random() < 0.2 else False,
            })
        units |= parent
    return units.ids


if __name__ == "__main__":
    main()
