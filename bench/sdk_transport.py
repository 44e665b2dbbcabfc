"""The SDK's two async transports side by side: CPU and wall time per provider call, and CPU
per stream event, for its default httpx transport (``anthropic.AsyncAnthropic()``'s own
client) and its aiohttp one (``http_client=anthropic.DefaultAioHttpClient()``), each with and
without the project's ``RetryCounter`` middleware (``copilot.gateway.provider.get_client``
passes ``middleware=[RetryCounter()]``).

Two paths, as ``copilot.gateway.provider.stream`` calls the model: a JSON call
(``messages.create(...)``) and a streamed one (``messages.create(..., stream=True)`` iterated
to its end; the project does not use the ``messages.stream()`` helper). Each runs at
concurrency 1 and N (that many workers on one event loop, ``asyncio.gather``) against the
provider double in its own process (``bench.support.provider_double``), which is scripted
over ``POST /_script`` to answer every call with a long text: ``--words`` words, streamed as
one ``text_delta`` event per word, so a streamed call is several hundred SDK events.

CPU is ``time.process_time()`` of this process, where the SDK runs (the double's CPU is its
own process's and is not counted), divided by the calls; wall ms/call is the elapsed time
divided by the calls (at concurrency 1 the latency, at N the inverse of throughput); latency
p50 is each call's own duration. CPU µs/event is a streamed call's CPU divided by the events
the SDK yielded for it (the call's fixed cost included); the marginal figure below the table
is the per-event cost alone: the CPU difference between a long and a one-word streamed answer,
divided by the difference in events. Each row's calls run in ``--rounds`` rounds, the rows
interleaved round by round so drift hits them alike (a client with and without the middleware
back to back, in turns first); a row's figure is over all its calls and its spread is the lowest and highest
round; a difference is also given as the median of the rounds' paired differences, which a
busy machine disturbs less. Warm-up calls per row are not counted.

The middleware costs too little to show against a call over the network, so a last table
measures it alone: JSON calls through the SDK with an in-memory transport (``httpx2.MockTransport``
answering at once), clients with and without it in alternating rounds.

``RetryCounter`` is imported from ``copilot.gateway.provider`` (the module imports without
``django.setup()``; the middleware reads no setting), and each call sets the retry box that the
project's ``_Call`` sets, so the middleware does what it does in the server.

    .venv/bin/python -m bench.sdk_transport [--calls 300] [--rounds 6] [--concurrency 1,16] [--words 300]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import time
import urllib.request
from dataclasses import dataclass, field

import anthropic
import httpx2

from bench.support import BENCH_KEY, DIRECT_SYSTEM_PROMPT, print_table, provider_double
from copilot.gateway.provider import RetryCounter, _attempts

QUESTION = "Analyze this account and identify risks"
TRANSPORTS = ("httpx", "aiohttp")
PATHS = ("json", "stream")


def answer_text(words: int) -> str:
    """An answer of ``words`` words, each streamed by the double as one delta."""
    vocabulary = ("renewal", "risk", "usage", "declined", "support", "tickets", "rose", "champion", "budget")
    return " ".join(vocabulary[i % len(vocabulary)] for i in range(words))


def script(double_url: str, count: int, text: str, output_tokens: int) -> None:
    """The double's next ``count`` answers: ``text``, with usage like a real answer of its size."""
    reply = {"kind": "ok", "text": text, "usage": {"input_tokens": 120, "output_tokens": output_tokens}}
    request = urllib.request.Request(
        f"{double_url}/_script",
        data=json.dumps([reply] * count).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30):
        pass


def build_client(double_url: str, transport: str, middleware: bool) -> anthropic.AsyncAnthropic:
    """A client built as ``get_client`` builds one, but for the transport and middleware asked."""
    options = {"http_client": anthropic.DefaultAioHttpClient()} if transport == "aiohttp" else {}
    return anthropic.AsyncAnthropic(
        api_key=BENCH_KEY,
        base_url=double_url,
        timeout=httpx2.Timeout(60.0, connect=10.0),
        max_retries=2,
        middleware=[RetryCounter()] if middleware else [],
        default_headers={"x-api-key": BENCH_KEY},
        **options,
    )


PARAMS = {
    "model": "glm-4.6",
    "max_tokens": 1024,
    "system": DIRECT_SYSTEM_PROMPT,
    "messages": [{"role": "user", "content": QUESTION}],
}


async def json_call(client: anthropic.AsyncAnthropic) -> int:
    token = _attempts.set([0])
    try:
        message = await client.messages.create(**PARAMS)
    finally:
        _attempts.reset(token)
    if not message.content or not message.content[0].text:
        raise RuntimeError(f"an empty answer: {message}")
    return 0


async def stream_call(client: anthropic.AsyncAnthropic) -> int:
    """One streamed call read to its end; the events the SDK yielded."""
    token = _attempts.set([0])
    events, stopped = 0, False
    try:
        stream = await client.messages.create(**PARAMS, stream=True)
        async with stream:
            async for event in stream:
                events += 1
                stopped = event.type == "message_stop"
    finally:
        _attempts.reset(token)
    if not stopped:
        raise RuntimeError("the stream ended before message_stop")
    return events


CALLS = {"json": json_call, "stream": stream_call}


@dataclass
class Row:
    transport: str
    middleware: bool
    path: str
    concurrency: int
    cpu: float = 0.0
    wall: float = 0.0
    calls: int = 0
    events: int = 0
    latencies: list[float] = field(default_factory=list)
    round_cpu_ms: list[float] = field(default_factory=list)


async def run_batch(client, call, *, calls: int, concurrency: int) -> tuple[float, float, int, list[float]]:
    """``calls`` calls from ``concurrency`` workers: CPU seconds, wall seconds, events, latencies."""
    remaining = [calls]
    latencies: list[float] = []
    events = [0]

    async def worker():
        while remaining[0] > 0:
            remaining[0] -= 1
            started = time.perf_counter()
            # Awaited before the add: ``events[0] += await ...`` would read the count first.
            yielded = await call(client)
            events[0] += yielded
            latencies.append(time.perf_counter() - started)

    gc.collect()  # the garbage of the batch before is not this one's to pay for
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.process_time() - cpu_before, time.perf_counter() - wall_before, events[0], latencies


async def measure(args, double_url: str) -> tuple[list[Row], dict[str, float]]:
    text = answer_text(args.words)
    output_tokens = round(args.words * 1.3)
    clients = {
        (transport, middleware): build_client(double_url, transport, middleware)
        for transport in TRANSPORTS
        for middleware in (False, True)
    }
    # With and without the middleware next to each other: their rounds run back to back.
    rows = [
        Row(transport, middleware, path, concurrency)
        for transport in TRANSPORTS
        for path in PATHS
        for concurrency in args.concurrency
        for middleware in (False, True)
    ]
    per_round = max(1, args.calls // args.rounds)
    try:
        for row in rows:  # warm-up: connections open, lazy imports done, caches filled
            warm = max(args.concurrency) * 2
            script(double_url, warm, text, output_tokens)
            client = clients[row.transport, row.middleware]
            await run_batch(client, CALLS[row.path], calls=warm, concurrency=row.concurrency)
        for round_number in range(args.rounds):
            # Every other round a pair runs the other way round, so neither always follows a
            # different workload.
            for row in rows if round_number % 2 == 0 else [rows[i ^ 1] for i in range(len(rows))]:
                script(double_url, per_round, text, output_tokens)
                client = clients[row.transport, row.middleware]
                cpu, wall, events, latencies = await run_batch(
                    client, CALLS[row.path], calls=per_round, concurrency=row.concurrency
                )
                row.cpu += cpu
                row.wall += wall
                row.calls += per_round
                row.events += events
                row.latencies += latencies
                row.round_cpu_ms.append(cpu / per_round * 1000)
        marginal = await marginal_event_cost(args, double_url, clients, text, output_tokens, per_round)
    finally:
        for client in clients.values():
            await client.close()
    return rows, marginal


async def marginal_event_cost(args, double_url, clients, text, output_tokens, per_round) -> dict[str, float]:
    """CPU µs per stream event alone, at concurrency 1, with the project's middleware: a long
    answer's CPU per call minus a one-word answer's, over the difference in events."""
    marginal = {}
    for transport in TRANSPORTS:
        client = clients[transport, True]
        totals = {}
        for label, answer, tokens in (("long", text, output_tokens), ("short", "Fine.", 2)):
            cpu_total = events_total = 0
            for _ in range(args.rounds):
                script(double_url, per_round, answer, tokens)
                cpu, _, events, _ = await run_batch(client, stream_call, calls=per_round, concurrency=1)
                cpu_total += cpu
                events_total += events
            totals[label] = (cpu_total / (per_round * args.rounds), events_total / (per_round * args.rounds))
        (long_cpu, long_events), (short_cpu, short_events) = totals["long"], totals["short"]
        marginal[transport] = (long_cpu - short_cpu) / (long_events - short_events) * 1e6
    return marginal


def canned_answer(request: httpx2.Request) -> httpx2.Response:
    message = {
        "id": "msg_bench",
        "type": "message",
        "role": "assistant",
        "model": "glm-4.6",
        "content": [{"type": "text", "text": "Fine."}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 120, "output_tokens": 2},
    }
    return httpx2.Response(200, json=message, headers={"request-id": "req_bench"})


async def middleware_alone(args) -> list[list[str]]:
    """The middleware's CPU per JSON call with no network under the SDK (an in-memory
    transport answering at once), where a call costs little enough to resolve it: clients with
    and without it in alternating rounds, the paired differences' median and range."""
    clients = {
        middleware: anthropic.AsyncAnthropic(
            api_key=BENCH_KEY,
            base_url="http://provider.invalid",
            max_retries=2,
            middleware=[RetryCounter()] if middleware else [],
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(canned_answer)),
        )
        for middleware in (False, True)
    }
    count = args.rounds * 2  # an even number: each pair runs as often in either order
    per_round = max(1, args.middleware_calls // count)
    rounds: dict[bool, list[float]] = {False: [], True: []}
    try:
        for client in clients.values():
            await run_batch(client, json_call, calls=200, concurrency=1)
        for round_number in range(count):
            for middleware in (False, True) if round_number % 2 == 0 else (True, False):
                cpu, *_ = await run_batch(clients[middleware], json_call, calls=per_round, concurrency=1)
                rounds[middleware].append(cpu / per_round * 1e6)
    finally:
        for client in clients.values():
            await client.close()
    paired = [with_ - without for with_, without in zip(rounds[True], rounds[False], strict=True)]
    return [
        [
            f"{statistics.median(rounds[False]):.1f}",
            f"{statistics.median(rounds[True]):.1f}",
            f"{statistics.median(paired):+.1f}",
            f"{min(paired):+.1f}…{max(paired):+.1f}",
        ]
    ]


def table_rows(rows: list[Row]) -> list[list[str]]:
    out = []
    for row in rows:
        spread = f"{min(row.round_cpu_ms):.3f}–{max(row.round_cpu_ms):.3f}"
        out.append(
            [
                row.transport,
                "RetryCounter" if row.middleware else "none",
                row.path,
                str(row.concurrency),
                f"{row.cpu / row.calls * 1000:.3f}",
                spread,
                f"{row.wall / row.calls * 1000:.3f}",
                f"{statistics.median(row.latencies) * 1000:.2f}",
                f"{row.cpu / row.events * 1e6:.2f}" if row.events else "",
                f"{row.events / row.calls:.0f}" if row.events else "",
            ]
        )
    return out


def comparisons(rows: list[Row]) -> list[list[str]]:
    """aiohttp against httpx (both with the middleware), and the middleware's cost per transport:
    the difference over all calls, and the median and range of the rounds' paired differences."""
    by_key = {(r.transport, r.middleware, r.path, r.concurrency): r for r in rows}
    out = []

    def line(path: str, concurrency: int, label: str, first: Row, second: Row) -> list[str]:
        first_ms, second_ms = (r.cpu / r.calls * 1000 for r in (first, second))
        paired = [a - b for a, b in zip(first.round_cpu_ms, second.round_cpu_ms, strict=True)]
        return [
            path,
            str(concurrency),
            label,
            f"{first_ms - second_ms:+.3f}",
            f"{(first_ms - second_ms) / second_ms * 100:+.1f}%",
            f"{statistics.median(paired):+.3f}",
            f"{min(paired):+.3f}…{max(paired):+.3f}",
        ]

    for path in PATHS:
        for concurrency in sorted({r.concurrency for r in rows}):
            httpx_row, aiohttp_row = (by_key[t, True, path, concurrency] for t in TRANSPORTS)
            out.append(line(path, concurrency, "aiohttp − httpx", aiohttp_row, httpx_row))
            for transport in TRANSPORTS:
                with_, without = (by_key[transport, m, path, concurrency] for m in (True, False))
                out.append(line(path, concurrency, f"RetryCounter on {transport}", with_, without))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300, help="measured calls per row")
    parser.add_argument("--rounds", type=int, default=6, help="rounds the calls are split into")
    parser.add_argument("--concurrency", default="1,16", help="comma-separated workers per row")
    parser.add_argument("--words", type=int, default=300, help="words in each answer (one stream event each)")
    parser.add_argument(
        "--middleware-calls", type=int, default=20000, help="calls per client in the middleware-alone table"
    )
    parser.add_argument(
        "--loop", choices=("uvloop", "asyncio"), default="uvloop", help="event loop (uvicorn picks uvloop)"
    )
    args = parser.parse_args()
    args.concurrency = [int(value) for value in args.concurrency.split(",")]

    with provider_double() as double:
        if args.loop == "uvloop":
            import uvloop

            run = uvloop.run
        else:
            run = asyncio.run
        rows, marginal = run(measure(args, double.url))
    alone = run(middleware_alone(args))

    print_table(
        f"SDK transports against the provider double, {args.words}-word answers, {args.calls} calls per row "
        f"in {args.rounds} rounds, {args.loop} (CPU: this process, where the SDK runs)",
        [
            "transport",
            "middleware",
            "path",
            "concurrency",
            "CPU ms/call",
            "CPU spread (rounds)",
            "wall ms/call",
            "latency p50 ms",
            "CPU µs/stream event",
            "events/call",
        ],
        table_rows(rows),
    )
    print_table(
        "Differences in CPU per call (ms; against the row named second)",
        ["path", "concurrency", "difference", "CPU ms/call", "relative", "rounds' median", "rounds' range"],
        comparisons(rows),
    )
    print(
        "\nMarginal CPU per stream event, concurrency 1, with RetryCounter (long answer − one-word answer): "
        + ", ".join(f"{transport} {value:.2f} µs" for transport, value in marginal.items())
    )
    print_table(
        f"RetryCounter alone: CPU per JSON call with an in-memory transport (µs; {args.middleware_calls} calls per "
        f"client in {args.rounds * 2} alternating rounds, medians of rounds)",
        ["without", "with RetryCounter", "difference (paired median)", "paired range"],
        alone,
    )


if __name__ == "__main__":
    main()
