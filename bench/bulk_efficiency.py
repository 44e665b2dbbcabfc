"""Bulk analysis efficiency and memory, in-process against Celery workers, in one run.

efficiency = ideal time (accounts × provider latency ÷ concurrency) ÷ wall time of the run.
The first row is the ceiling on this machine: the same number of calls made directly with the
SDK's async client, as many at a time, with no database. Peak memory is the command process's
maximum RSS, for a small and a ten times larger run.

Each provider latency (``--latency-ms 1000,100``: a realistic model, then a stress figure) gets
its table.

    .venv/bin/python -m bench.bulk_efficiency [--accounts 1000] [--latency-ms 1000,100] [--big 20000]
        [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time

import anthropic

from bench.support import (
    BENCH_KEY,
    DIRECT_SYSTEM_PROMPT,
    ROOT,
    manage,
    print_table,
    project_env,
    provider_double,
    sqlite_database,
)
from tests.support.processes import start_celery_worker, stop_processes

BROKER = "redis://127.0.0.1:6379/13"
CACHE = "redis://127.0.0.1:6379/12"


def load_accounts(env: dict, count: int) -> None:
    """Fresh database with ``count`` plain accounts (bulk insert: seeding 20,000 would dominate)."""
    manage(env, "migrate", "--noinput")
    tables = [  # every table that refers to an account, referrers first
        "copilot_recommendation",
        "copilot_dailyusage",
        "copilot_dailyaccountusage",
        "copilot_dailyuserusage",
        "copilot_dailylatency",
        "copilot_bulkrunitem",
        "copilot_tokenusage",
        "copilot_threadmessage",
        "copilot_analysisrequest",
        "copilot_bulkrun",
        "copilot_thread",
        "accounts_healthsnapshot",
        "accounts_accounthealth",
        "accounts_activity",
        "accounts_deal",
        "accounts_account",
    ]
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "from accounts.models import Account\n"
        f"with connection.cursor() as cursor:\n"
        f"    for table in {tables!r}: cursor.execute('DELETE FROM ' + table)\n"
        f"Account.objects.bulk_create([Account(external_id=f'ACC-{{n:06d}}', name=f'Account {{n}}') "
        f"for n in range({count})], batch_size=2000)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)


def analyze(env: dict, *args: str) -> tuple[dict, float, int]:
    """Run the command; return its JSON summary, wall seconds and peak RSS in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "analyze_accounts", "--all", "--format", "json", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"analyze_accounts failed: {out[-500:]}")
    return json.loads(out), wall, usage.ru_maxrss // 1024


def direct_sdk_wall(base_url: str, *, calls: int, concurrency: int) -> float:
    """Seconds for ``calls`` non-streamed calls made directly, ``concurrency`` at a time, with the
    SDK's async client on the transport the project uses (aiohttp)."""

    async def run() -> float:
        client = anthropic.AsyncAnthropic(
            api_key=BENCH_KEY, base_url=base_url, max_retries=0, http_client=anthropic.DefaultAioHttpClient()
        )
        gate = asyncio.Semaphore(concurrency)

        async def call():
            async with gate:
                await client.messages.create(
                    model="glm-4.6",
                    max_tokens=1024,
                    system=DIRECT_SYSTEM_PROMPT,
                    messages=[{"role": "user", "content": "Give a health review of this account."}],
                )

        started = time.perf_counter()
        await asyncio.gather(*(call() for _ in range(calls)))
        wall = time.perf_counter() - started
        await client.close()
        return wall

    return asyncio.run(run())


def efficiency_rows(args, database_url: str, latency_ms: int) -> list[list[str]]:
    """The comparison at one provider latency: direct SDK calls, in process, Celery workers."""
    ideal = args.accounts * latency_ms / 1000 / args.concurrency
    rows = []
    with provider_double(latency=latency_ms / 1000) as double:
        env = project_env(database_url, double.url, LOG_LEVEL="WARNING", ENABLE_GLM_STREAMING="false")
        celery_env = {**env, "CELERY_BROKER_URL": BROKER, "CACHE_URL": CACHE}

        def measure(label: str, run_env: dict, *extra: str, workers: int = 0):
            load_accounts(run_env, args.accounts)
            pool = [
                start_celery_worker(run_env, concurrency=args.concurrency // workers, name=f"bench{n}-{os.getpid()}")
                for n in range(workers)
            ]
            try:
                figures, process_wall, _ = analyze(run_env, "--concurrency", str(args.concurrency), *extra)
            finally:
                stop_processes(*pool)
            assert figures["succeeded"] == args.accounts, figures
            run_wall = figures["elapsed_seconds"]
            rows.append(
                [
                    label,
                    str(args.accounts),
                    f"{ideal:.2f}",
                    f"{run_wall:.2f}",
                    f"{ideal / run_wall:.2f}",
                    f"{args.accounts / run_wall:.0f}",
                    f"{process_wall:.2f}",
                    f"{ideal / process_wall:.2f}",
                ]
            )

        direct_wall = direct_sdk_wall(double.url, calls=args.accounts, concurrency=args.concurrency)
        rows.append(
            [
                "direct SDK calls, no database",
                str(args.accounts),
                f"{ideal:.2f}",
                f"{direct_wall:.2f}",
                f"{ideal / direct_wall:.2f}",
                f"{args.accounts / direct_wall:.0f}",
                "",
                "",
            ]
        )
        measure("inline, 1 process (event loop)", env)
        if not args.skip_celery:
            import redis

            for url in (BROKER, CACHE):
                redis.Redis.from_url(url).flushdb()
            measure("Celery, 1 worker", celery_env, "--backend", "celery", workers=1)
            measure("Celery, 2 workers", celery_env, "--backend", "celery", workers=2)

    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--big", type=int, default=20000, help="accounts for the memory comparison")
    parser.add_argument("--latency-ms", default="1000,100", help="comma-separated provider latencies")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--skip-celery", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()

    latencies = [int(value) for value in args.latency_ms.split(",")]
    tables, memory_rows = [], []
    with sqlite_database() as sqlite_url:
        database_url = args.database_url or sqlite_url
        for latency_ms in latencies:
            tables.append((latency_ms, efficiency_rows(args, database_url, latency_ms)))
        with provider_double(latency=0) as double:
            env = project_env(database_url, double.url, LOG_LEVEL="WARNING", ENABLE_GLM_STREAMING="false")
            for count in () if args.skip_memory else (args.accounts, args.big):
                load_accounts(env, count)
                _, wall, peak = analyze(env, "--concurrency", str(args.concurrency))
                memory_rows.append([str(count), f"{wall:.1f}", f"{count / wall:.0f}", str(peak)])

    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    for latency_ms, rows in tables:
        print_table(
            f"Bulk efficiency: provider latency {latency_ms} ms, concurrency {args.concurrency}, {engine} "
            "(efficiency = ideal ÷ the run's wall time, from its creation to its end; the last two columns "
            "count the whole command, interpreter and Django start-up included)",
            ["backend", "accounts", "ideal s", "wall s", "efficiency", "accounts/s", "command s", "command efficiency"],
            rows,
        )
    if args.skip_memory:
        return
    small, big = int(memory_rows[0][3]), int(memory_rows[1][3])
    print_table(
        f"Bulk memory: provider latency 0 ms, in-process, {engine} (peak RSS of the command; "
        f"growth {100 * (big - small) / small:+.1f}%)",
        ["accounts", "wall s", "accounts/s", "peak RSS MiB"],
        memory_rows,
    )


if __name__ == "__main__":
    main()
