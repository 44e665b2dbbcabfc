"""Dashboard and history page times at 100,000 and 1,000,000 recorded calls, SQLite and PostgreSQL.

    .venv/bin/python -m bench.dashboards [--rows 100000,1000000] [--databases sqlite,postgres]

For each database and size, a worker process fills a fresh database with calls and their usage
(90 days, 10 models of which one has no price, 1,000 accounts, 20 users, 6% failures, 1% fallbacks),
builds the rollups from the raw rows with the same rebuild the command runs, then loads the
cost dashboard, the error dashboard (both for the default 30 days) and the history list
through Django's full request stack, and reports the median of several loads. Goal: at most
300 ms at 1,000,000 calls, and no growth with the number of calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal

from bench.support import (
    add_database_arguments,
    analyze,
    fresh_databases,
    print_table,
    run_worker,
    time_pages,
    worker_env,
    worker_setup,
)

MODELS = [
    "glm-4.6",
    "claude-sonnet-4-5",
    "glm-4.5",
    "glm-4.5-air",
    "claude-haiku-4-5",
    "claude-opus-4-1",
    "gpt-proxy-large",
    "gpt-proxy-small",
    "llama-local-70b",
    "unpriced-model",  # no ModelPrice row: its calls are counted as unpriced
]
SOURCES = ["api", "api", "api", "bulk", "bulk", "admin", "agui", "cli"]
ERRORS = ["PROVIDER_TIMEOUT", "PROVIDER_UNAVAILABLE", "PROVIDER_RATE_LIMITED", "PROVIDER_BAD_RESPONSE", "CANCELLED"]
PAGES = {
    "cost dashboard": "/admin/copilot/analysisrequest/costs/",
    "error dashboard": "/admin/copilot/analysisrequest/errors/",
    "history list": "/admin/copilot/analysisrequest/",
}
BATCH = 20_000


# --- worker: runs inside one database ------------------------------------------------------------


def worker(rows: int, loads: int) -> dict:
    worker_setup()
    started = time.perf_counter()
    generate(rows)
    generated = time.perf_counter() - started
    analyze()

    from copilot.ledger import rollups
    from copilot.models import DailyAccountUsage, DailyLatency, DailyUsage, DailyUserUsage

    started = time.perf_counter()
    report = rollups.rebuild(fix=True)
    rebuilt = time.perf_counter() - started
    assert report.raw_requests == rows, report
    assert rollups.rebuild(fix=False).clean
    rollup_rows = sum(t.objects.count() for t in (DailyUsage, DailyAccountUsage, DailyUserUsage, DailyLatency))
    analyze()
    return {"generate_s": generated, "rebuild_s": rebuilt, "rollup_rows": rollup_rows, **time_pages(PAGES, loads)}


def generate(rows: int) -> None:
    """Insert calls and usage in bulk, with the exact cost the service would record."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Account
    from copilot.ledger import pricing
    from copilot.models import AnalysisRequest, ModelPrice, TokenUsage

    rng = random.Random(20261125)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-manager-{n}", password="!") for n in range(20)
    )
    accounts = Account.objects.bulk_create(
        Account(external_id=f"ACC-B{n:05d}", name=f"Bench account {n}", owner=users[n % 20]) for n in range(1000)
    )
    long_ago = timezone.now() - dt.timedelta(days=3650)
    for index, model in enumerate(MODELS[2:-1]):
        ModelPrice.objects.create(
            model=model,
            input_usd_per_mtok=Decimal("0.5") + index,
            output_usd_per_mtok=Decimal("2.25") + index,
            cache_read_usd_per_mtok=Decimal("0.05"),
            effective_from=long_ago,
        )
    prices = {model: pricing.price_for(model, timezone.now()) for model in MODELS}
    now = timezone.now()
    span = 90 * 24 * 3600
    request_columns = [f.column for f in AnalysisRequest._meta.concrete_fields]
    # Columns the generator does not vary take the field's default, so a new column needs no edit here.
    request_defaults = {f.column: f.get_default() for f in AnalysisRequest._meta.concrete_fields}
    usage_columns = [f.column for f in TokenUsage._meta.concrete_fields]
    postgres = connection.vendor == "postgresql"

    def moment(value: dt.datetime):
        return value if postgres else connection.ops.adapt_datetimefield_value(value)

    def money(value: Decimal | None):
        return value if postgres or value is None else str(value)

    next_id = (AnalysisRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for start in range(0, rows, BATCH):
        requests, usages = [], []
        for pk in range(next_id + start, next_id + min(start + BATCH, rows)):
            created = now - dt.timedelta(seconds=rng.random() * span)
            model = MODELS[rng.randrange(len(MODELS))]
            failed = rng.random() < 0.06
            latency = rng.lognormvariate(7.0, 0.6)
            code = rng.choice(ERRORS) if failed else ""
            status = ("cancelled" if code == "CANCELLED" else "failed") if failed else "succeeded"
            account = accounts[rng.randrange(1000)]
            values = {
                "id": pk,
                "thread_id": None,
                "account_id": account.pk,
                "user_id": users[rng.randrange(20)].pk,
                "source": rng.choice(SOURCES),
                "agent": "orchestrator",
                "system_prompt": "",
                "messages": '[{"role": "user", "content": "Health review"}]',
                "prompt": "Health review",
                "response": "" if failed else "Stable; renewal in 60 days.",
                "tool_calls": "[]",
                "status": status,
                "error_code": code,
                "error_message": "The provider failed." if failed else "",
                "model": model,
                "provider": "z.ai",
                "provider_request_id": "",
                "stop_reason": "" if failed else "end_turn",
                "streamed": True,
                "latency_ms": latency,
                "time_to_first_token_ms": None if failed else latency / 3,
                "retries": rng.randrange(3) if failed else 0,
                # 1% of calls are a fallback's, standing in for the call before them.
                "fallback_of_id": pk - 1 if pk > next_id and rng.random() < 0.01 else None,
                "created_at": moment(created),
                "finished_at": moment(created + dt.timedelta(milliseconds=latency)),
            }
            requests.append([values.get(column, request_defaults[column]) for column in request_columns])
            if failed:
                continue
            counts = {
                "input_tokens": rng.randrange(300, 4000),
                "output_tokens": rng.randrange(50, 1200),
                "cache_read_tokens": rng.choice((0, 0, 0, rng.randrange(100, 2000))),
                "cache_creation_tokens": 0,
            }
            price = prices[model]
            usage = {
                "id": pk,
                "analysis_request_id": pk,
                "model": model,
                "cost_usd": money(pricing.cost_usd(price, **counts) if price else None),
                "price_id": price.pk if price else None,
                "created_at": moment(created),
                **counts,
            }
            usages.append([usage[column] for column in usage_columns])
        with transaction.atomic():
            _insert(connection, AnalysisRequest._meta.db_table, request_columns, requests)
            _insert(connection, TokenUsage._meta.db_table, usage_columns, usages)
        print(f"  {min(start + BATCH, rows):>9,} calls", file=sys.stderr, flush=True)
    if postgres:
        with connection.cursor() as cursor:
            for model in (AnalysisRequest, TokenUsage):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def _insert(connection, table: str, columns: list[str], rows: list[list]) -> None:
    if not rows:
        return
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", rows)


# --- driver --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="100000,1000000", help="comma-separated numbers of calls")
    add_database_arguments(parser)
    parser.add_argument("--loads", type=int, default=7, help="timed loads of each page (median reported)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(int(args.rows), args.loads)))
        return

    table = []
    databases = fresh_databases(
        args.databases, args.rows, args.postgres_url, name="sergas_bench_dashboards", unit="calls"
    )
    for database, rows, url in databases:
        result = run_worker("bench.dashboards", worker_env(url), "--rows", str(rows), "--loads", str(args.loads))
        table.append(
            [
                database,
                f"{rows:,}",
                f"{result['rollup_rows']:,}",
                f"{result['generate_s']:.0f}",
                f"{result['rebuild_s']:.1f}",
                *(f"{result[name]:.1f}" for name in PAGES),
            ]
        )
    print_table(
        f"Admin page load, median of {args.loads} (ms); default period 30 days",
        ["database", "calls", "rollup rows", "fill s", "rebuild s", *PAGES],
        table,
    )


if __name__ == "__main__":
    main()
