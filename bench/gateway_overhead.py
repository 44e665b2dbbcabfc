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

    .venv/bin/python -m bench.gateway_overhead [--requests 400] [--latency-ms 0] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import anthropic
import httpx

from bench.support import (
    BENCH_KEY,
    DIRECT_SYSTEM_PROMPT,
    asgi_server,
    cpu_seconds,
    litellm_proxy,
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
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
