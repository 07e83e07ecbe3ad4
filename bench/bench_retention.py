#!/usr/bin/env python3
"""The retention job at volume (issue 11): makes closed cases due, runs the
job as the cron does and prints its time, queries and memory. It COMMITS.

    python3 bench/bench_retention.py [--db sk_bench] [--due 20000] [--batch 500]

On a database filled by generate_cases.py (100,000 cases, ~96 % closed):
1. preparation (committed, not measured): the company gets a retention
   decision; ``--due`` closed and not yet cleared cases get a closing date
   30 months back (due under the default 24 months), every other closed
   case one 6 months back (not due); each due case gets a chatter note with
   the person's name and every tenth a small attachment;
2. the job as the cron runs it (``_cron_retention`` in a cron context, so
   each batch is committed): wall time, SQL queries, batches, cases per
   second, and the process's peak memory (ru_maxrss) before and after, with
   ``--tracemalloc`` also the peak of the Python allocations of the job alone;
3. a second run, which must find nothing;
4. the committee's figures (read_group counts by kind, unit, channel,
   provider, category, role and deadlines met) before and after.

Unlike the other benchmarks this one COMMITS: the due cases are cleared for
good, so each run uses up ``--due`` cases of the database (the preparation
picks closed cases not cleared yet). Rebuild the database with
``bench/run.sh`` after a few runs.
"""

# pylint: disable=print-used  # a command-line program: what it prints is its output

import resource
import time
import tracemalloc

import benchlib

DECISION = "BENCH 2026/1 § 1"
STAT_GROUPBYS = (
    "kind",
    "unit_id",
    "channel",
    "provider_id",
    "category_id",
    "submitter_role",
    "ack_in_time",
    "response_in_time",
)


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--db", default=benchlib.DEFAULT_DB, help="database of generate_cases.py"
    )
    parser.add_argument(
        "--due",
        type=int,
        default=20_000,
        help="closed cases made due for clearing (used up for good)",
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=None,
        help="cases per batch (default: the job's own)",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace Python allocations (slower): peak of the job alone",
    )
    args = parser.parse_args()
    results = {}

    with benchlib.environment(args.db, commit=True) as env:
        due = _prepare(env, args.due)
    with benchlib.environment(args.db, commit=True) as env:
        Cases = env["synpunkt.complaint"]
        from odoo.addons.synpunkt_klagomal.models.synpunkt_complaint_retention import (
            RETENTION_BATCH_SIZE,
        )

        batch = args.batch or RETENTION_BATCH_SIZE
        total = Cases.search_count([])
        print(f"database {args.db}: {total} cases, {due} due, batch size {batch}")
        before = _figures(env)
        cron = env.ref("synpunkt_klagomal.ir_cron_retention")
        job = Cases.with_context(cron_id=cron.id)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.tracemalloc:
            tracemalloc.start()
        with benchlib.measure(env, f"retention run, {due} due of {total}", results):
            done = job._cron_retention(batch_size=batch)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
        tracemalloc.stop()
        label = f"retention run, {due} due of {total}"
        results[label].update(
            cleared=done,
            batches=-(-done // batch),
            cases_per_s=round(done / results[label]["seconds"]),
            peak_rss_mb_before=round(rss_before / 1024),
            peak_rss_mb_after=round(rss_after / 1024),
        )
        if traced_peak is not None:
            results[label]["traced_peak_mb"] = round(traced_peak / 2**20, 1)
        with benchlib.measure(env, "second run (nothing due)", results):
            again = job._cron_retention(batch_size=batch)
        results["second run (nothing due)"]["cleared"] = again
        after = _figures(env)
        print("committee figures identical before and after:", before == after)
    benchlib.report(results)


def _prepare(env, due_count):
    """Make exactly ``due_count`` cases due; see the module docstring."""
    start = time.perf_counter()
    env.company.write(
        {"synpunkt_retention_months": 24, "synpunkt_retention_decision": DECISION}
    )
    cr = env.cr
    cr.execute(
        """
        SELECT c.id FROM synpunkt_complaint c
        WHERE c.is_closed AND c.retention_date IS NULL
          AND NOT coalesce(c.retention_hold, false)
        ORDER BY c.id LIMIT %s
        """,
        [due_count],
    )
    due_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        UPDATE synpunkt_complaint
        SET closed_date = CASE
            WHEN id = ANY(%s) THEN now() at time zone 'UTC' - interval '30 months'
            ELSE now() at time zone 'UTC' - interval '6 months' END
        WHERE is_closed AND retention_date IS NULL
        """,
        [due_ids],
    )
    env.invalidate_all()
    cases = env["synpunkt.complaint"].browse(due_ids)
    for offset in range(0, len(cases), 2000):
        chunk = cases[offset : offset + 2000]
        chunk._message_log_batch(
            bodies={
                case.id: f"<p>Ringde {case.submitter_name or 'personen'} om "
                "ärendet.</p>"
                for case in chunk
            },
            message_type="comment",
        )
        env["ir.attachment"].create(
            [
                {
                    "name": "brev.txt",
                    "raw": f"Brev i ärende {case.id}".encode(),
                    "res_model": "synpunkt.complaint",
                    "res_id": case.id,
                }
                for case in chunk[::10]
            ]
        )
        env.cr.commit()
        env.invalidate_all()
    print(f"prepared {len(due_ids)} due cases in {time.perf_counter() - start:.0f} s")
    return len(due_ids)


def _figures(env):
    env.invalidate_all()
    Cases = env["synpunkt.complaint"]
    return {
        groupby: sorted(
            (str(key), count)
            for key, count in Cases._read_group([], [groupby], ["__count"])
        )
        for groupby in STAT_GROUPBYS
    }


if __name__ == "__main__":
    main()
