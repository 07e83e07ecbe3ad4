#!/usr/bin/env python3
"""Deadlines and escalation at volume: the deadline computation of new cases,
an escalation run over every case, and the board, timed on a database of
generate_cases.py.

    python3 bench/bench_deadlines.py [--db sk_bench]

On a database filled by generate_cases.py (100,000 cases, a few hundred due):
1. deadline computation for 10,000 new cases (create, and the compute alone);
2. one escalation run of the automation engine over all cases, with the due
   cases as generated, then with only a tenth of them still due: the cost must
   follow the due cases, not the 100,000;
3. the board: what a handler's and a registrar's first screen costs, through
   the record rules.
Everything runs in a transaction that is rolled back.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import random
from datetime import datetime, timedelta

import benchlib

ESCALATIONS = ("automation_ack_escalation", "automation_response_escalation")


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--db", default=benchlib.DEFAULT_DB, help="database of generate_cases.py"
    )
    parser.add_argument(
        "--new", type=int, default=10_000, help="new cases whose deadlines are computed"
    )
    args = parser.parse_args()
    results = {}

    with benchlib.environment(args.db) as env:
        total = env["synpunkt.complaint"].search_count([])
        print(f"database {args.db}: {total} cases")
        _bench_new_cases(env, args.new, results)
    with benchlib.environment(args.db) as env:
        _bench_escalation(env, results, keep_share=1.0, label="escalation run, all due")
    with benchlib.environment(args.db) as env:
        _bench_escalation(
            env, results, keep_share=0.1, label="escalation run, 1/10 due"
        )
    with benchlib.environment(args.db) as env:
        _bench_board(env, results)
    benchlib.report(results)


def _bench_new_cases(env, count, results):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    unit_ids = env["synpunkt.unit"].search([("manager_id", "!=", False)]).ids
    rng = random.Random(1)
    now = datetime.now().replace(microsecond=0)
    vals_list = [
        {
            "kind": "complaint",
            "submitter_role": "relative",
            "channel": "web",
            "description": "Nytt ärende",
            "unit_id": rng.choice(unit_ids),
            "received_date": now - timedelta(minutes=rng.randint(0, 60 * 24 * 30)),
        }
        for _i in range(count)
    ]
    with benchlib.measure(env, f"create {count} cases (deadlines included)", results):
        cases = env["synpunkt.complaint"].create(vals_list)
    with benchlib.measure(env, f"compute deadlines of {count} cases alone", results):
        cases._compute_deadlines()
    results[f"create {count} cases (deadlines included)"]["per_case_ms"] = round(
        1000 * results[f"create {count} cases (deadlines included)"]["seconds"] / count,
        2,
    )


def _bench_escalation(env, results, keep_share, label):
    Complaint = env["synpunkt.complaint"]
    automations = env["base.automation"].browse(
        [env.ref(f"synpunkt_klagomal.{xmlid}").id for xmlid in ESCALATIONS]
    )
    env["base.automation"].search([("id", "not in", automations.ids)]).active = False
    today = datetime.now().date()
    due_domain = [
        ("is_closed", "=", False),
        ("response_date", "=", False),
        ("response_escalation_date", "=", False),
        ("response_deadline", "<", today),
    ]
    due = Complaint.search(due_domain)
    if keep_share < 1:
        already = due[int(len(due) * keep_share) :]
        env.cr.execute(
            "UPDATE synpunkt_complaint SET response_escalation_date = now(), "
            "ack_escalation_date = now() WHERE id = ANY(%s)",
            [already.ids],
        )
        env.invalidate_all()
        due = Complaint.search(due_domain)
    automations.last_run = datetime.now() - timedelta(days=60)
    with benchlib.measure(env, label, results):
        env["base.automation"]._check()
    escalated = Complaint.search_count(
        [("id", "in", due.ids), ("response_escalation_date", "!=", False)]
    )
    results[label]["due"] = len(due)
    results[label]["escalated"] = escalated
    env.cr.execute(
        "EXPLAIN " + Complaint._search(due_domain).select().code,
        Complaint._search(due_domain).select().params,
    )
    plan = " ".join(row[0] for row in env.cr.fetchall())
    results[label]["uses_index"] = "Index" in plan


def _bench_board(env, results):
    handler = env["res.users"].search([("login", "=like", "bench_chef_%")], limit=1)
    registrar = env["res.users"].create(
        {
            "name": "Bench registrar",
            "login": "bench_registrar",
            "groups_id": [(4, env.ref("synpunkt_klagomal.group_registrar").id)],
        }
    )
    for user, who in ((handler, "handler"), (registrar, "registrar")):
        Complaint = env["synpunkt.complaint"].with_user(user)
        env.invalidate_all()
        label = f"board of a {who}: open cases by stage + first 80 cards"
        with benchlib.measure(env, label, results):
            Complaint.read_group(
                [("is_closed", "=", False)], ["stage_id"], ["stage_id"]
            )
            Complaint.search_read(
                [("is_closed", "=", False)],
                [
                    "name",
                    "kind",
                    "unit_id",
                    "user_id",
                    "next_deadline",
                    "deadline_state",
                ],
                limit=80,
            )
        label = f"overdue count of a {who}"
        with benchlib.measure(env, label, results):
            count = Complaint.search_count([("deadline_state", "=", "overdue")])
        results[label]["cases"] = count


if __name__ == "__main__":
    main()
