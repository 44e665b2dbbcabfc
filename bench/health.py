"""Stored health at 10,000 and 100,000 accounts, SQLite and PostgreSQL.

    .venv/bin/python -m bench.health [--accounts 10000,100000] [--databases sqlite,postgres]
    .venv/bin/python -m bench.health --accounts 20000 --project ../main   # the list before stored health

For each database and size, a worker process fills a fresh database with accounts (20 managers)
and a realistic history (0-14 activities each over 120 days, one or two deals, some contracts
ending, some accounts at risk), then times `snapshot_health` (every account's snapshot and stored
health, in batches) and, as staff (every account visible) through Django's full request stack, the
median of several loads of: the accounts list's first page worst health first, the list filtered by
a signal, and one account's page. The list should cost no more than a few account pages at any size.
With --project pointing at another checkout (e.g. main before this change), the same pages are timed
on its code, with no snapshot step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal

from bench.support import ROOT, postgres_database, print_table, sqlite_database

PAGES = {
    "list by health": "/api/accounts/?ordering=health",
    "signal filter": "/api/accounts/?signal=inactivity&ordering=health",
    "account page": "/api/accounts/ACC-H00042/",
}
BATCH = 5000


# --- worker: runs inside one database ------------------------------------------------------------


def worker(accounts: int, loads: int, project: str | None) -> dict:
    if project:  # another checkout's code, in this process, against the same kind of data
        sys.path.insert(0, os.path.abspath(project))
        os.chdir(project)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")
    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(accounts)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    snapshot = None
    if "snapshot_health" in get_commands():
        started = time.perf_counter()
        call_command("snapshot_health", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        snapshot = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"generate_s": generated, "snapshot_s": snapshot, **time_pages(loads)}


def time_pages(loads: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.create_superuser("bench-admin", "bench@example.com", "unused-password-1")
    client = Client()
    client.force_login(admin)
    results = {}
    for name, url in PAGES.items():
        timings = []
        for attempt in range(loads + 1):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
            if attempt:  # the first load warms caches and imports
                timings.append(elapsed)
        results[name] = statistics.median(timings)
    return results


def generate(count: int, managers: int = 20) -> None:
    """Accounts, activities and deals in bulk, as an import of an existing CRM would leave them,
    spread evenly over ``managers`` managers (each with an email address)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Account, Activity, Deal

    rng = random.Random(20261205)
    now = timezone.now()
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-manager-{n}", email=f"bench-manager-{n}@example.com", password="!")
        for n in range(managers)
    )
    kinds = list(Activity.Kind.values)
    for start in range(0, count, BATCH):
        with transaction.atomic():
            accounts = Account.objects.bulk_create(
                Account(
                    external_id=f"ACC-H{n:05d}",
                    name=f"Bench account {n}",
                    owner=users[n % managers],
                    status="at_risk" if rng.random() < 0.08 else "active",
                    annual_revenue=Decimal(rng.randrange(50_000, 5_000_000, 1000)),
                    contract_end=(now + dt.timedelta(days=rng.randrange(-30, 700))).date(),
                )
                for n in range(start, min(start + BATCH, count))
            )
            activities, deals = [], []
            for account in accounts:
                for _ in range(rng.randrange(15)):
                    when = now - dt.timedelta(days=rng.random() * 120)
                    kind = rng.choice(kinds)
                    activities.append(Activity(account=account, kind=kind, occurred_at=when, subject=f"{kind} note"))
                for d in range(rng.randrange(1, 3)):
                    deals.append(
                        Deal(
                            account=account,
                            name=f"Deal {d}",
                            stage=rng.choice(["prospecting", "proposal", "negotiation", "closed_won"]),
                            amount=Decimal(rng.randrange(1000, 200_000, 500)),
                            probability=rng.choice([10, 30, 50, 70]),
                            stage_changed_at=now - dt.timedelta(days=rng.random() * 90),
                        )
                    )
            Activity.objects.bulk_create(activities, batch_size=BATCH)
            Deal.objects.bulk_create(deals, batch_size=BATCH)


# --- driver --------------------------------------------------------------------------------------


def run_worker(database_url: str, accounts: int, loads: int, project: str | None) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "sergas.settings"}
    env.pop("ENV", None)
    command = [sys.executable, "-m", "bench.health", "--worker", "--accounts", str(accounts), "--loads", str(loads)]
    if project:
        command += ["--project", project]
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", default="10000,100000", help="comma-separated numbers of accounts")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--loads", type=int, default=7, help="timed loads of each page (median reported)")
    parser.add_argument("--project", default=None, help="time another checkout's code (e.g. main) instead")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(int(args.accounts), args.loads, args.project)))
        return

    table = []
    for database in args.databases.split(","):
        for accounts in (int(n) for n in args.accounts.split(",")):
            print(f"{database}: {accounts:,} accounts …", file=sys.stderr, flush=True)
            context = (
                sqlite_database()
                if database == "sqlite"
                else postgres_database(args.postgres_url, name="sergas_bench_health")
            )
            with context as url:
                result = run_worker(url, accounts, args.loads, args.project)
            page = result["account page"]
            table.append(
                [
                    database,
                    f"{accounts:,}",
                    f"{result['generate_s']:.0f}",
                    "—" if result["snapshot_s"] is None else f"{result['snapshot_s']:.1f}",
                    *(f"{result[name]:.1f}" for name in PAGES),
                    f"{result['list by health'] / page:.1f}×",
                ]
            )
    print_table(
        f"Stored health{' (code of ' + args.project + ')' if args.project else ''}: "
        f"snapshot_health (s) and page loads, median of {args.loads} (ms), as staff",
        ["database", "accounts", "fill s", "snapshot s", *PAGES, "list / page"],
        table,
    )


if __name__ == "__main__":
    main()
