"""Load: many concurrent clients on `POST /copilotkit` for a while, uvicorn with several workers,
the provider double answering after a realistic pause; on SQLite and on PostgreSQL. Then the same
with one worker killed by SIGKILL half-way (uvicorn starts a new one), and the recovery after it.

    python -m bench.load [--clients 200] [--seconds 60] [--latency-ms 200] [--workers 2]

PostgreSQL runs in a fresh database, dropped afterwards: the one ``DATABASE_URL`` names when it is
a ``postgres://`` URL (so that people sharing a server each use their own), else ``sergas_bench_load``.

Reported: throughput, p50 / p99, failed requests, lost records (succeeded rows − successful
responses; goal 0), the server's peak memory (every process), and after the kill: the calls left
pending, then after `finish_stale_calls` none, and whether the rollups equal the raw rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.support import (
    ROOT,
    asgi_server,
    manage,
    percentile,
    postgres_database,
    prepare_database,
    print_table,
    project_env,
    provider_double,
    sqlite_database,
)

POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def postgres_target() -> tuple[str, str]:
    """(a URL to the server's maintenance database, the name of the database to make)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return POSTGRES, "sergas_bench_load"
    server, name = url.rsplit("/", 1)
    return f"{server}/postgres", name.split("?")[0]


# One attempt of at most 5 s and no margin: a call the killed worker held is stale 5 s later.
CALL_SETTINGS = {"GLM_TIMEOUT_SECONDS": "5", "GLM_MAX_RETRIES": "0", "COPILOT_STALE_CALL_MARGIN_SECONDS": "0"}
COUNTS = """
import json
from copilot.models import AnalysisRequest
from django.db.models import Count
print(json.dumps(dict(AnalysisRequest.objects.values_list("status").annotate(n=Count("id")))))
"""


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def workers(pid: int) -> list[int]:
    """uvicorn's worker processes (not multiprocessing's resource tracker beside them)."""
    found = []
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in command:
            found.append(child)
    return found


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemoryWatch(threading.Thread):
    """The server's resident memory, supervisor and workers together, sampled twice a second."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak = max(self.peak, rss_mib(self.pid) + sum(rss_mib(child) for child in children(self.pid)))


async def load(url: str, token: str, *, clients: int, seconds: float, kill_at: float | None, server_pid: int):
    results: list[tuple[float, int]] = []  # (seconds, status; 0 for a transport failure)
    deadline = time.monotonic() + seconds
    body = {"account_id": "ACC-12345", "messages": [{"role": "user", "content": "What are the main risks?"}]}
    headers = {"Authorization": f"Token {token}"}
    killed = {}

    async def client(http: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status = (await http.post("/copilotkit", json=body, headers=headers)).status_code
            except httpx.HTTPError:
                status = 0
            results.append((time.monotonic() - started, status))

    async def killer() -> None:
        await asyncio.sleep(kill_at)
        victim = workers(server_pid)[0]
        os.kill(victim, signal.SIGKILL)
        killed["pid"] = victim

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        tasks = [client(http) for _ in range(clients)]
        if kill_at is not None:
            tasks.append(killer())
        await asyncio.gather(*tasks)
    return results, killed.get("pid")


def run_once(database_url: str, label: str, options, *, kill: bool) -> list[str]:
    with provider_double(latency=options.latency_ms / 1000) as double:
        env = project_env(database_url, double.url, **CALL_SETTINGS)
        token = prepare_database(env)
        with asgi_server(env, "--workers", str(options.workers)) as server:
            watch = MemoryWatch(server.pid)
            watch.start()
            kill_at = options.seconds / 2 if kill else None
            started = time.monotonic()
            results, victim = asyncio.run(
                load(
                    server.url,
                    token,
                    clients=options.clients,
                    seconds=options.seconds,
                    kill_at=kill_at,
                    server_pid=server.pid,
                )
            )
            elapsed = time.monotonic() - started
            watch.done.set()
            restarted = len(workers(server.pid)) == options.workers
    ok = [seconds for seconds, status in results if status == 200]
    failed = len(results) - len(ok)
    reasons = Counter("no answer" if status == 0 else str(status) for _, status in results if status != 200)
    counts = json.loads(manage(env, "shell", "-c", COUNTS).strip().splitlines()[-1])
    lost = counts.get("succeeded", 0) - len(ok)
    row = [
        label,
        "yes" if kill else "no",
        f"{len(ok) / elapsed:.1f}",
        f"{percentile(ok, 0.5) * 1000:.0f}",
        f"{percentile(ok, 0.99) * 1000:.0f}",
        f"{failed}" + (f" ({', '.join(f'{n}× {why}' for why, n in sorted(reasons.items()))})" if failed else ""),
        str(lost),
        f"{watch.peak:.0f}",
    ]
    if not kill:
        return [*row, "-", "-", "-"]
    pending = counts.get("pending", 0)
    time.sleep(float(CALL_SETTINGS["GLM_TIMEOUT_SECONDS"]) + 1)  # the killed worker's calls become stale
    manage(env, "finish_stale_calls")
    after = json.loads(manage(env, "shell", "-c", COUNTS).strip().splitlines()[-1])
    check = subprocess.run(
        [sys.executable, "manage.py", "rebuild_usage_rollups", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    equal = "yes" if check.returncode == 0 else "NO"
    note = f"{pending} → {after.get('pending', 0)}" + ("" if restarted and victim else " (worker not restarted)")
    return [*row, note, str(after.get("failed", 0)), equal]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--latency-ms", type=float, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--scenarios", default="steady,kill", help="steady, and/or kill (a worker SIGKILLed half-way)")
    options = parser.parse_args()
    rows = []
    for database in options.databases.split(","):
        for kill in [scenario == "kill" for scenario in options.scenarios.split(",")]:
            if database == "sqlite":
                with sqlite_database() as url:
                    rows.append(run_once(url, "SQLite", options, kill=kill))
            else:
                server, name = postgres_target()
                with postgres_database(server, name=name) as url:
                    rows.append(run_once(url, "PostgreSQL", options, kill=kill))
    print_table(
        f"Load: {options.clients} clients for {options.seconds:.0f} s, provider latency {options.latency_ms:.0f} ms, "
        f"uvicorn --workers {options.workers}",
        [
            "database",
            "worker killed",
            "req/s",
            "p50 ms",
            "p99 ms",
            "failed",
            "lost records",
            "peak RSS MiB",
            "pending → after recovery",
            "interrupted",
            "rollups = rows",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
