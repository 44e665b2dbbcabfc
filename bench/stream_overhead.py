"""Streaming: time to first token through the AG-UI runtime against a direct SDK stream and a
LiteLLM proxy on the same provider double, then many concurrent streams in one server process.

Time to first token (TTFT) is from sending the request to receiving the first piece of the
answer's text: a ``text_delta`` for the SDK (direct, or through LiteLLM), a TEXT_MESSAGE_CONTENT
event for ``POST /copilotkit/agent/orchestrator/run``. Overhead = the path's median − the direct
median, measured right after it. The second table holds N streams open at once against a double
that streams slowly, in one uvicorn process: errors, the server's peak memory, and the rows
(one AnalysisRequest per stream, none pending).

    .venv/bin/python -m bench.stream_overhead [--requests 100] [--latency-ms 0,200] [--streams 500] [--project DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import anthropic
import httpx

from bench.support import (
    BENCH_KEY,
    DIRECT_SYSTEM_PROMPT,
    ROOT,
    asgi_server,
    litellm_proxy,
    prepare_database,
    print_table,
    project_env,
    provider_double,
    sqlite_database,
)

QUESTION = "Analyze this account and identify risks"


def run_body() -> dict:
    return {
        "threadId": str(uuid.uuid4()),
        "runId": str(uuid.uuid4()),
        "state": {},
        "messages": [{"id": str(uuid.uuid4()), "role": "user", "content": QUESTION}],
        "tools": [],
        "context": [],
        "forwardedProps": {"account_id": "ACC-12345"},
    }


def sdk_ttft(client: anthropic.Anthropic) -> float:
    started = time.perf_counter()
    with client.messages.stream(
        model="glm-4.6", max_tokens=1024, system=DIRECT_SYSTEM_PROMPT, messages=[{"role": "user", "content": QUESTION}]
    ) as stream:
        first = None
        for event in stream:
            if first is None and event.type == "content_block_delta":
                first = time.perf_counter()
    return (first - started) * 1000


def runtime_ttft(client: httpx.Client) -> float:
    started = time.perf_counter()
    first = None
    with client.stream("POST", "/copilotkit/agent/orchestrator/run", json=run_body()) as response:
        for line in response.iter_lines():
            if first is None and '"TEXT_MESSAGE_CONTENT"' in line:
                first = time.perf_counter()
            if '"RUN_ERROR"' in line:
                raise RuntimeError(line)
    return (first - started) * 1000


def median_of(call, n: int) -> float:
    return statistics.median(call() for _ in range(n))


def ttft_rows(args, latency_ms: int) -> list[list[str]]:
    with (
        provider_double(latency=latency_ms / 1000) as double,
        sqlite_database() as database_url,
        litellm_proxy(double.url) as proxy,
    ):
        env = project_env(database_url, double.url, LOG_LEVEL="WARNING")
        token = prepare_database(env, root=args.project)
        direct = anthropic.Anthropic(api_key=BENCH_KEY, base_url=double.url, max_retries=0)
        with asgi_server(env, root=args.project) as server:
            headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
            client = httpx.Client(base_url=server.url, headers=headers, timeout=60)
            paths = [("AG-UI run (this project)", lambda: runtime_ttft(client))]
            if proxy is not None:
                through = anthropic.Anthropic(api_key=proxy.key, base_url=proxy.url, max_retries=0)
                paths.append(("LiteLLM proxy", lambda: sdk_ttft(through)))
            rows = []
            direct_ms = median_of(lambda: sdk_ttft(direct), args.requests)
            rows.append([f"{latency_ms}", "direct SDK stream", f"{direct_ms:.2f}", ""])
            for label, call in paths:
                median_of(call, max(5, args.requests // 10))  # warm up
                before = median_of(lambda: sdk_ttft(direct), args.requests)
                ttft = median_of(call, args.requests)
                rows.append([f"{latency_ms}", label, f"{ttft:.2f}", f"{ttft - before:+.2f}"])
            if proxy is None:
                rows.append([f"{latency_ms}", "LiteLLM proxy", "not installed (make bench-tools)", ""])
    return rows


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def concurrent_streams(args) -> list[list[str]]:
    with provider_double(latency=0.2, token_delay=args.token_delay_ms / 1000) as double, sqlite_database() as url:
        env = project_env(url, double.url, LOG_LEVEL="WARNING")
        token = prepare_database(env)
        with asgi_server(env, "--backlog", "2048") as server:
            peak = [rss_mib(server.pid)]
            watching = threading.Event()

            def watch():
                while not watching.wait(0.2):
                    peak[0] = max(peak[0], rss_mib(server.pid))

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            outcomes = asyncio.run(_streams(server.url, token, args.streams))
            watching.set()
            watcher.join()
            rows_script = (
                "import django; django.setup()\n"
                "from copilot.models import AnalysisRequest\n"
                "import json\n"
                "print(json.dumps({s: AnalysisRequest.objects.filter(status=s).count() "
                "for s in ('succeeded', 'pending', 'failed', 'cancelled')}))\n"
            )
            counts = json.loads(
                subprocess.run(
                    [sys.executable, "-c", rows_script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
                ).stdout
            )
    finished = sum(1 for outcome, _ in outcomes if outcome == "finished")
    errors = len(outcomes) - finished
    wall = max((duration for _, duration in outcomes), default=0)
    return [
        [
            str(args.streams),
            f"{args.token_delay_ms} ms/word",
            str(finished),
            str(errors),
            f"{wall:.1f}",
            f"{peak[0]:.0f}",
            str(counts["succeeded"]),
            str(counts["pending"]),
            str(counts["failed"] + counts["cancelled"]),
        ]
    ]


async def _streams(url: str, token: str, count: int) -> list[tuple[str, float]]:
    """``count`` runs at once: each one's outcome ("finished", an error code) and seconds."""
    limits = httpx.Limits(max_connections=count + 10, max_keepalive_connections=count + 10)
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=300, limits=limits) as client:

        async def one() -> tuple[str, float]:
            started = time.perf_counter()
            outcome = "no end"
            try:
                async with client.stream("POST", "/copilotkit/agent/orchestrator/run", json=run_body()) as response:
                    async for line in response.aiter_lines():
                        if '"RUN_FINISHED"' in line:
                            outcome = "finished"
                        elif '"RUN_ERROR"' in line:
                            outcome = re.sub(r".*\"code\":\"(\w+)\".*", r"\1", line)
            except httpx.HTTPError as failure:
                outcome = type(failure).__name__
            return outcome, time.perf_counter() - started

        return await asyncio.gather(*(one() for _ in range(count)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100, help="streams per TTFT measurement")
    parser.add_argument("--latency-ms", default="0,200", help="comma-separated provider latencies")
    parser.add_argument("--streams", type=int, default=500, help="concurrent streams held open")
    parser.add_argument("--token-delay-ms", type=int, default=100, help="the double's pause before each word")
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout served in the TTFT table")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")

    rows = [row for latency in args.latency_ms.split(",") for row in ttft_rows(args, int(latency))]
    print_table(
        f"Time to first token, median of {args.requests} streams per row (ms; overhead = the path − a direct SDK "
        "stream measured right before it)",
        ["provider latency ms", "path", "TTFT p50", "overhead p50"],
        rows,
    )
    if args.streams:
        print_table(
            "Concurrent AG-UI streams in one uvicorn process, SQLite, provider latency 200 ms",
            [
                "streams",
                "double streams",
                "finished",
                "errors",
                "slowest s",
                "server peak RSS MiB",
                "rows succeeded",
                "rows pending",
                "rows failed",
            ],
            concurrent_streams(args),
        )


if __name__ == "__main__":
    main()
