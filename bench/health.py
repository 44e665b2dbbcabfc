"""Stored health at 10,000 and 100,000 accounts, SQLite and PostgreSQL.

    .venv/bin/python -m bench.health [--accounts 10000,100000] [--databases sqlite,postgres]
    .venv/bin/python -m bench.health --accounts 20000 --project ../main   # the list before stored health

For each database and size, a worker process fills a fresh database with accounts (20 managers)
and a realistic history (0-14 activities each over 120 days, one or two deals, some contracts
ending, some accounts at risk), then times `snapshot_health` (every account's snapshot and stored
health, in batches) and, as staff (every account visible) through Django's full request stack, the
median of several loads of: the accounts list's first page worst health first, the list filtered by
a signal, and one account's page; then, as one manager (their twentieth of the book), the list, the
list filtered by a signal, and by two bands and a signal. The list should cost no more than a few
account pages at any size.
With --project pointing at another checkout (e.g. main before this change), the same pages are timed
on its code, with no snapshot step.
"""

from __future__ import annotations

import argparse
import json

from bench.support import (
    add_database_arguments,
    fill_accounts,
    fresh_databases,
    print_table,
    run_worker,
    time_pages,
    worker_env,
    worker_setup,
)

PAGES = {
    "list by health": "/api/accounts/?ordering=health",
    "signal filter": "/api/accounts/?signal=inactivity&ordering=health",
    "account page": "/api/accounts/ACC-H00042/",
}
# The same list as one manager sees it (a twentieth of the book), where the database should start
# from the manager's own accounts.
MANAGER_PAGES = {
    "manager: list": "/api/accounts/?ordering=health",
    "manager: signal": "/api/accounts/?signal=inactivity&ordering=health",
    "manager: bands+signal": "/api/accounts/?health_band=at_risk,watch&signal=stalled_deals&ordering=health",
}


def worker(accounts: int, loads: int, project: str | None) -> dict:
    """Inside one database: fill it and time the pages (``project``: on another checkout's code)."""
    worker_setup(project)
    from django.contrib.auth import get_user_model

    filled = fill_accounts(accounts)
    manager = get_user_model().objects.get(username="bench-manager-3")
    return {**filled, **time_pages(PAGES, loads), **time_pages(MANAGER_PAGES, loads, user=manager)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", default="10000,100000", help="comma-separated numbers of accounts")
    add_database_arguments(parser)
    parser.add_argument("--loads", type=int, default=7, help="timed loads of each page (median reported)")
    parser.add_argument("--project", default=None, help="time another checkout's code (e.g. main) instead")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(int(args.accounts), args.loads, args.project)))
        return

    table = []
    databases = fresh_databases(
        args.databases, args.accounts, args.postgres_url, name="sergas_bench_health", unit="accounts"
    )
    for database, accounts, url in databases:
        arguments = ["--accounts", str(accounts), "--loads", str(args.loads)]
        if args.project:
            arguments += ["--project", args.project]
        result = run_worker("bench.health", worker_env(url), *arguments)
        page = result["account page"]
        table.append(
            [
                database,
                f"{accounts:,}",
                f"{result['generate_s']:.0f}",
                "—" if result["snapshot_s"] is None else f"{result['snapshot_s']:.1f}",
                *(f"{result[name]:.1f}" for name in PAGES),
                f"{result['list by health'] / page:.1f}×",
                *(f"{result[name]:.1f}" for name in MANAGER_PAGES),
            ]
        )
    print_table(
        f"Stored health{' (code of ' + args.project + ')' if args.project else ''}: "
        f"snapshot_health (s) and page loads, median of {args.loads} (ms), as staff and as one manager",
        ["database", "accounts", "fill s", "snapshot s", *PAGES, "list / page", *MANAGER_PAGES],
        table,
    )


if __name__ == "__main__":
    main()
