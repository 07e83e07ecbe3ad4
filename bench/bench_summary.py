#!/usr/bin/env python3
"""The committee's summary over the whole database (100,000 cases from
generate_cases.py): the figures alone, the report as HTML and as PDF
(wkhtmltopdf), as a manager with confidential access and as a handler.

    python3 bench/bench_summary.py [--db sk_bench]

Target (issue 10): under 5 s on the project's 2-core machine, and a query
count that does not depend on the number of cases. Nothing is kept: the
transaction is rolled back."""

# pylint: disable=print-used  # a command-line program: what it prints is its output

from datetime import date

import benchlib


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument(
        "--db", default=benchlib.DEFAULT_DB, help="database of generate_cases.py"
    )
    args = parser.parse_args()
    results = {}
    with benchlib.environment(args.db) as env:
        # The report CSS is inline: wkhtmltopdf needs no server (a closed port
        # answers at once, so no other Odoo's assets are used).
        env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        manager = env["res.users"].create(
            {
                "name": "Bench quality",
                "login": "bench_quality",
                "groups_id": [
                    (4, env.ref("synpunkt_klagomal.group_manager").id),
                    (4, env.ref("synpunkt_klagomal.group_confidential").id),
                ],
            }
        )
        handler = env["res.users"].search([("login", "=like", "bench_chef_%")], limit=1)
        total = env["synpunkt.complaint"].search_count([])
        today = date.today()
        for user, who in ((manager, "manager"), (handler, "handler")):
            if not user:
                continue
            Wizard = env["synpunkt.summary.wizard"].with_user(user)
            for period in ("year", "quarter"):
                wizard = Wizard.create({"period": period})
                wizard._onchange_period()
                env.invalidate_all()
                label = f"{who}: summary figures, last {period}"
                with benchlib.measure(env, label, results):
                    summary = wizard._synpunkt_summary()
                results[label]["cases"] = summary["total"]["current"]
            Report = env["ir.actions.report"].with_user(user)
            env.invalidate_all()
            with benchlib.measure(env, f"{who}: summary as HTML (last year)", results):
                Report._render_qweb_html(
                    "synpunkt_klagomal.action_report_summary", wizard.ids
                )
            env.invalidate_all()
            label = f"{who}: summary as PDF (last year)"
            with benchlib.measure(env, label, results):
                pdf, _kind = Report._render_qweb_pdf(
                    "synpunkt_klagomal.action_report_summary", wizard.ids
                )
            results[label]["bytes"] = len(pdf)
        print(f"{total} cases in {args.db}, today {today}")
    benchlib.report(results)


if __name__ == "__main__":
    main()
