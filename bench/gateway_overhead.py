"""Gateway overhead: POST /copilotkit through the ASGI server against a direct SDK call.

All talk to the same provider double (0 ms provider latency by default) in the same run, so the
difference is what the project adds: HTTP parsing, auth, validation, the account facts and
health query, the AnalysisRequest/TokenUsage writes, pricing, metrics and logging. Beside it,
the same SDK call through a LiteLLM proxy on the same double: what users would run instead
(``make bench-tools`` installs it; without it that column says so).
The last column is the framework's floor on the same server: ``GET /copilotkit/health`` (no
auth, one ``SELECT 1``) through uvicorn, Django's middleware and DRF.

A second table splits the overhead at concurrency 1 into layers, measured on the same server:
the direct call's SDK request made by a bench-only endpoint with no authentication and no
database (``bench.floor_urls``), that endpoint behind token authentication, and the whole
``POST /copilotkit``.

A third table is the load table: calls per second and the server's CPU per call (its process tree,
from /proc) for ``POST /copilotkit`` (JSON), an AG-UI run (streamed), and LiteLLM's proxy
``/v1/messages`` JSON and streamed, side by side in one run, at each number of concurrent clients,
with the same load generator (``bench.support.load_run``) and the same provider double (200 ms by
default), SQLite, one server process each. Those calls all ask about one account, as the turns of a
conversation do, so its facts are read once; one more row at the highest number of clients asks
about a different account on each call, so each reads its account's facts from the database (the
first question of the day about an account). ``--project DIR`` serves another checkout of this
project in that table (e.g. the main branch, for a before/after comparison); ``--load-only`` prints
just that table.

    .venv/bin/python -m bench.gateway_overhead [--requests 400] [--latency-ms 0] [--database-url postgres://...]
        [--load-requests 400] [--clients 1,16,50] [--load-latency-ms 200] [--project DIR] [--load-only]
"""

from __future__ import annotations

import argparse
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anthropic
import httpx

from bench.support import (
    BENCH_KEY,
    DIRECT_SYSTEM_PROMPT,
    ROOT,
    asgi_server,
    cpu_seconds,
    litellm_proxy,
    load_run,
    manage,
    prepare_database,
    print_table,
    project_env,
    provider_double,
    sqlite_database,
    summary,
)

QUESTION = "Analyze this account and identify risks"
MESSAGES = [{"role": "user", "content": QUESTION}]
# Layers of the overhead at concurrency 1: what each path adds to the one before it.
LAYERS = [
    ("POST /bench/floor/sdk", "the direct call made inside the server: uvicorn, Django, DRF; no auth, no database"),
    ("POST /bench/floor/sdk-authenticated", "+ token authentication"),
    (
        "POST /copilotkit",
        "+ validation, account facts, the record before and after, usage and cost, rollups, logs",
    ),
]


def timed_calls(call, *, total: int, concurrency: int) -> list[float]:
    """Run ``call`` ``total`` times from ``concurrency`` threads; latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_worker = total // concurrency

    def worker():
        local = []
        for _ in range(per_worker):
            started = time.perf_counter()
            call()
            local.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(local)

    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement (default 400)")
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="the double's latency per call")
    parser.add_argument("--load-requests", type=int, default=400, help="calls per row of the load table")
    parser.add_argument("--clients", default="1,16,50", help="concurrent clients of the load table's rows")
    parser.add_argument("--load-latency-ms", type=float, default=200.0, help="the double's latency, load table")
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout served in the load table")
    parser.add_argument("--load-only", action="store_true", help="print the load table only")
    args = parser.parse_args()
    if not args.load_only:
        overhead_tables(args)
    load_table(args)


def overhead_tables(args) -> None:

    with (
        provider_double(latency=args.latency_ms / 1000) as double,
        sqlite_database() as sqlite_url,
        litellm_proxy(double.url) as proxy,
    ):
        database_url = args.database_url or sqlite_url
        env = project_env(database_url, double.url)
        token = prepare_database(env)
        env["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"  # the project, plus the floor endpoints
        sdk = anthropic.Anthropic(api_key=BENCH_KEY, base_url=double.url, max_retries=0)
        through_litellm = anthropic.Anthropic(api_key=proxy.key, base_url=proxy.url, max_retries=0) if proxy else None

        def streamed_call(client):
            def call():
                with client.messages.stream(
                    model="glm-4.6", max_tokens=1024, system=DIRECT_SYSTEM_PROMPT, messages=MESSAGES
                ) as stream:
                    stream.get_final_message()

            return call

        direct = streamed_call(sdk)

        with asgi_server(env) as server:
            url = server.url
            local = threading.local()

            def client() -> httpx.Client:
                """One keep-alive connection per load thread."""
                if getattr(local, "client", None) is None:
                    local.client = httpx.Client(base_url=url, timeout=30, headers={"Authorization": f"Bearer {token}"})
                return local.client

            def call(route: str):
                """A function that makes one request of ``route`` ("METHOD /path") and checks it."""
                method, path = route.split(" ")
                body = {"account_id": "ACC-12345", "messages": MESSAGES} if method == "POST" else None

                def request():
                    response = client().request(method, path, json=body)
                    if response.status_code != 200:
                        raise RuntimeError(f"{route} answered {response.status_code}: {response.text[:200]}")

                return request

            gateway, health = call("POST /copilotkit"), call("GET /copilotkit/health")

            rows, layer_rows = [], []
            for concurrency in (1, 16):
                timed_calls(direct, total=args.warmup, concurrency=concurrency)
                timed_calls(gateway, total=args.warmup, concurrency=concurrency)
                direct_stats = summary(timed_calls(direct, total=args.requests, concurrency=concurrency))
                started, cpu_before = time.perf_counter(), cpu_seconds(server.pid)
                gateway_stats = summary(timed_calls(gateway, total=args.requests, concurrency=concurrency))
                throughput = args.requests / (time.perf_counter() - started)
                server_cpu_ms = (cpu_seconds(server.pid) - cpu_before) / args.requests * 1000
                timed_calls(health, total=args.warmup, concurrency=concurrency)
                health_stats = summary(timed_calls(health, total=args.requests, concurrency=concurrency))
                litellm = ["not installed", ""]
                if through_litellm is not None:
                    via_proxy = streamed_call(through_litellm)
                    timed_calls(via_proxy, total=args.warmup, concurrency=concurrency)
                    direct_again = summary(timed_calls(direct, total=args.requests, concurrency=concurrency))
                    proxy_stats = summary(timed_calls(via_proxy, total=args.requests, concurrency=concurrency))
                    litellm = [
                        f"{proxy_stats['median']:.2f}",
                        f"{proxy_stats['median'] - direct_again['median']:.2f}",
                    ]
                rows.append(
                    [
                        str(concurrency),
                        f"{direct_stats['median']:.2f}",
                        f"{direct_stats['p99']:.2f}",
                        f"{gateway_stats['median']:.2f}",
                        f"{gateway_stats['p99']:.2f}",
                        f"{gateway_stats['median'] - direct_stats['median']:.2f}",
                        f"{gateway_stats['p99'] - direct_stats['p99']:.2f}",
                        *litellm,
                        f"{throughput:.0f}",
                        f"{server_cpu_ms:.1f}",
                        f"{health_stats['median']:.2f}",
                    ]
                )
                if concurrency == 1:
                    layer_rows = layers(call, direct, args)

    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print_table(
        f"Gateway overhead, {args.requests} requests per row, provider latency {args.latency_ms:g} ms, {engine}, "
        "streaming on (ms; overhead = gateway − direct SDK; LiteLLM: the same SDK call through its proxy)",
        [
            "concurrency",
            "direct p50",
            "direct p99",
            "gateway p50",
            "gateway p99",
            "overhead p50",
            "overhead p99",
            "LiteLLM p50",
            "LiteLLM overhead p50",
            "gateway req/s",
            "server CPU ms/req",
            "health GET p50",
        ],
        rows,
    )
    print_table(
        f"Where the overhead goes at concurrency 1, {args.requests} requests per row (ms; each path is timed "
        "right after a direct SDK call)",
        ["path", "what it does", "p50", "p50 − direct p50", "added by this layer"],
        layer_rows,
    )


def layers(call, direct, args) -> list[list[str]]:
    rows, previous = [], None
    for route, what in LAYERS:
        timed_calls(call(route), total=args.warmup, concurrency=1)
        direct_median = summary(timed_calls(direct, total=args.requests, concurrency=1))["median"]
        median = summary(timed_calls(call(route), total=args.requests, concurrency=1))["median"]
        overhead = median - direct_median
        added = "" if previous is None else f"{overhead - previous:+.2f}"
        rows.append([route, what, f"{median:.2f}", f"{overhead:.2f}", added])
        previous = overhead
    return rows


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


def load_paths(server_url: str, token: str, proxy) -> list[tuple[str, object]]:
    """(label, an async function making one call with a client and checking its answer)."""
    ours = {"Authorization": f"Bearer {token}"}

    async def seed_json(client):
        response = await client.post(
            f"{server_url}/copilotkit", json={"account_id": "ACC-12345", "messages": MESSAGES}, headers=ours
        )
        if response.status_code != 200:
            raise RuntimeError(f"POST /copilotkit answered {response.status_code}: {response.text[:200]}")

    async def agui_run(client):
        headers = {**ours, "Accept": "text/event-stream"}
        url = f"{server_url}/copilotkit/agent/orchestrator/run"
        async with client.stream("POST", url, json=run_body(), headers=headers) as response:
            text = (await response.aread()).decode()
        if "RUN_FINISHED" not in text:
            raise RuntimeError(f"the AG-UI run did not finish: {text[-300:]}")

    paths = [("POST /copilotkit (JSON)", seed_json), ("AG-UI run (streamed)", agui_run)]
    if proxy is None:
        return paths
    body = {"model": "glm-4.6", "max_tokens": 1024, "system": DIRECT_SYSTEM_PROMPT, "messages": MESSAGES}
    theirs = {"x-api-key": proxy.key, "anthropic-version": "2023-06-01"}

    async def litellm_json(client):
        response = await client.post(f"{proxy.url}/v1/messages", json=body, headers=theirs)
        if response.status_code != 200:
            raise RuntimeError(f"LiteLLM answered {response.status_code}: {response.text[:200]}")

    async def litellm_stream(client):
        async with client.stream(
            "POST", f"{proxy.url}/v1/messages", json={**body, "stream": True}, headers=theirs
        ) as r:
            text = (await r.aread()).decode()
        if "message_stop" not in text:
            raise RuntimeError(f"LiteLLM's stream did not end: {text[-300:]}")

    seed, agui = paths
    theirs_json, theirs_streamed = (
        ("LiteLLM /v1/messages (JSON)", litellm_json),
        ("LiteLLM /v1/messages (streamed)", litellm_stream),
    )
    return [seed, theirs_json, agui, theirs_streamed]


def each_account_once(server_url: str, token: str, account_ids: list[str]):
    """``POST /copilotkit`` about the next of ``account_ids`` on each call."""
    headers, remaining = {"Authorization": f"Bearer {token}"}, iter(account_ids)

    async def seed_json(client):
        body = {"account_id": next(remaining), "messages": MESSAGES}
        response = await client.post(f"{server_url}/copilotkit", json=body, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"POST /copilotkit answered {response.status_code}: {response.text[:200]}")

    return seed_json


def load_table(args) -> None:
    clients = [int(count) for count in args.clients.split(",")]

    def warmup(count: int) -> int:
        return max(count, args.load_requests // 10)

    rows = []
    with (
        provider_double(latency=args.load_latency_ms / 1000) as double,
        sqlite_database() as database_url,
        litellm_proxy(double.url) as proxy,
    ):
        env = project_env(database_url, double.url, LOG_LEVEL="WARNING")
        token = prepare_database(env, demo_accounts=warmup(clients[-1]) + args.load_requests, root=args.project)
        listing = "from accounts.models import Account; print(*Account.objects.values_list('external_id', flat=True))"
        account_ids = manage(env, "shell", "--verbosity", "0", "-c", listing, root=args.project).split()

        def measure(count: int, label: str, call, pid: int) -> None:
            load_run(call, clients=count, total=warmup(count), server_pid=pid)
            measured = load_run(call, clients=count, total=args.load_requests, server_pid=pid)
            rows.append(
                [str(count), label, f"{measured['cpu_ms_per_call']:.1f}", f"{measured['calls_per_second']:.1f}"]
            )

        with asgi_server(env, root=args.project) as server:
            for count in clients:
                for label, call in load_paths(server.url, token, proxy):
                    measure(count, label, call, proxy.pid if label.startswith("LiteLLM") else server.pid)
            call = each_account_once(server.url, token, account_ids)
            measure(clients[-1], "POST /copilotkit (JSON), a new account each call", call, server.pid)
            if proxy is None:
                rows.append(["", "LiteLLM proxy", "not installed (make bench-tools)", ""])
    print_table(
        f"Load: {args.load_requests} calls per row, provider latency {args.load_latency_ms:g} ms, SQLite, one server "
        f"process each, the same load generator; project: {args.project}",
        ["clients", "path", "server CPU ms/call", "calls/s"],
        rows,
    )


if __name__ == "__main__":
    main()
