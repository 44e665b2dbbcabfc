"""send_briefs for 100 managers with realistic books, SQLite and PostgreSQL.

    .venv/bin/python -m bench.briefs [--managers 100] [--accounts-per-manager 100] [--databases sqlite,postgres]

For each database, a worker process fills a fresh database like bench.health (accounts with 0-14
activities over 120 days, one or two deals, some contracts ending, some at risk), spread over the
managers, runs the real `snapshot_health` for today, and gives every account 90 days of history
(today's snapshot copied back, in SQL) in which about one account in ten was better yesterday (a
signal fewer), so that it appears in today's brief as changed. It then times `send_briefs` with
Django's locmem email backend (rendering and handing over every email, no network), then a second
run the same day (every brief already claimed: the cost of an overlapping or repeated run), and
reports the emails sent and the database queries each run made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time

from bench.support import ROOT, generate_accounts, postgres_database, print_table, sqlite_database

HISTORY_DAYS = 90
CHANGED_SHARE = 0.1


# --- worker: runs inside one database ------------------------------------------------------------


def worker(managers: int, per_manager: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")
    os.environ["EMAIL_URL"] = "consolemail://"  # replaced by locmem below, before anything is sent
    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate_accounts(managers * per_manager, managers=managers)
    call_command("snapshot_health", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    history()
    filled = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    runs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call_command("send_briefs", stdout=open(os.devnull, "w"))  # noqa: SIM115
            elapsed = time.perf_counter() - started
        runs.append({"seconds": elapsed, "queries": len(queries), "emails": len(mail.outbox)})
        mail.outbox = []
    return {"fill_s": filled, "first": runs[0], "second": runs[1]}


def history() -> None:
    """90 days of snapshots: today's copied back day by day in SQL, then about one account in ten
    made a signal better yesterday than today."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts import health
    from accounts.history.services import signal_mask
    from accounts.models import HealthSnapshot

    today = timezone.localdate()
    table = HealthSnapshot._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        for back in range(1, HISTORY_DAYS + 1):
            cursor.execute(
                f"INSERT INTO {table} (account_id, day, score, band, signals, signal_mask) "
                f"SELECT account_id, %s, score, band, signals, signal_mask FROM {table} WHERE day = %s",
                [today - dt.timedelta(days=back), today],
            )
    rng = random.Random(20261206)
    penalties = health.rules()["PENALTIES"]
    better = []
    for snapshot in HealthSnapshot.objects.filter(day=today - dt.timedelta(days=1)).exclude(signals=[]).iterator():
        if rng.random() < CHANGED_SHARE / 0.9:  # most accounts have a signal; aim at 10% of all
            gone = rng.choice(snapshot.signals)
            snapshot.signals = [name for name in snapshot.signals if name != gone]
            snapshot.signal_mask = signal_mask(snapshot.signals)
            snapshot.score = min(100, snapshot.score + penalties[gone])
            snapshot.band = health.band_for(snapshot.score)
            better.append(snapshot)
    HealthSnapshot.objects.bulk_update(better, ["signals", "signal_mask", "score", "band"], batch_size=1000)


# --- driver --------------------------------------------------------------------------------------


def run_worker(database_url: str, managers: int, per_manager: int) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "sergas.settings"}
    env.pop("ENV", None)
    command = [
        sys.executable,
        "-m",
        "bench.briefs",
        "--worker",
        "--managers",
        str(managers),
        "--accounts-per-manager",
        str(per_manager),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--managers", type=int, default=100)
    parser.add_argument("--accounts-per-manager", type=int, default=100)
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.managers, args.accounts_per_manager)))
        return

    table = []
    for database in args.databases.split(","):
        print(f"{database}: {args.managers} managers × {args.accounts_per_manager} accounts …", file=sys.stderr)
        context = (
            sqlite_database()
            if database == "sqlite"
            else postgres_database(args.postgres_url, name="sergas_bench_briefs")
        )
        with context as url:
            result = run_worker(url, args.managers, args.accounts_per_manager)
        first, second = result["first"], result["second"]
        table.append(
            [
                database,
                f"{args.managers * args.accounts_per_manager:,}",
                f"{result['fill_s']:.0f}",
                f"{first['seconds']:.2f}",
                str(first["emails"]),
                str(first["queries"]),
                f"{1000 * first['seconds'] / max(first['emails'], 1):.1f}",
                f"{second['seconds']:.2f}",
                str(second["emails"]),
            ]
        )
    print_table(
        f"send_briefs: {args.managers} managers, {args.accounts_per_manager} accounts each, "
        f"{HISTORY_DAYS} days of history, locmem email",
        ["database", "accounts", "fill s", "send s", "emails", "queries", "ms/email", "again s", "again emails"],
        table,
    )


if __name__ == "__main__":
    main()
