"""The agent's server tools at 10,000 and 100,000 accounts, and a three-step turn's time against
the provider's, SQLite and PostgreSQL.

    .venv/bin/python -m bench.agent [--accounts 10000,100000] [--databases sqlite,postgres]

For each database and size, a worker process fills a fresh database like ``bench.health`` (20
managers, each owning a twentieth of the accounts, with activities and deals), stores every
account's health (``snapshot_health``), then times each tool through the registry (argument
validation, the SQL, the JSON the model is sent) with realistic arguments, as a manager (their own
book) and as staff (every account): p50 and p95 of ``--runs`` calls after one warm-up. Last, with
the provider double in its own process at 1 s latency, it times whole turns of the analysis
service in which the model calls ``portfolio_summary``, then ``search_accounts``, then answers
(three provider calls): the turn's wall time against the sum of its calls' provider round trips
as the SDK measured them. The difference is the server's share: prompts, records, budgets,
tools and rollups.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
import urllib.request

from bench.support import (
    add_database_arguments,
    fill_accounts,
    fresh_databases,
    percentile,
    print_table,
    project_env,
    provider_double,
    run_worker,
    worker_setup,
)

TURN_PLAN = [
    {"kind": "tool_use", "tool": {"name": "portfolio_summary", "input": {}}},
    {"kind": "tool_use", "tool": {"name": "search_accounts", "input": {"health_band": ["at_risk"], "limit": 10}}},
    {"kind": "from_results"},
]


def tool_calls(today: dt.date, account_id: str) -> dict[str, tuple[str, dict]]:
    """Each timed call: its label, the tool and its arguments."""
    soon = (today + dt.timedelta(days=90)).isoformat()
    return {
        "search: worst first": ("search_accounts", {}),
        "search: band+signal, by revenue": (
            "search_accounts",
            {"health_band": ["at_risk", "watch"], "signals": ["stalled_deals"], "order_by": "-annual_revenue"},
        ),
        "search: text, renewing in 90 d": ("search_accounts", {"query": "account 1", "contract_ends_before": soon}),
        "get_account": ("get_account", {"account_id": account_id}),
        "portfolio_summary": ("portfolio_summary", {}),
    }


# --- worker: runs inside one database ------------------------------------------------------------


def worker(accounts: int, runs: int, turns: int, double_url: str) -> dict:
    worker_setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    fill_accounts(accounts)
    users = get_user_model()
    manager = users.objects.get(username="bench-manager-3")
    staff = users.objects.create_superuser("bench-staff", "bench@example.com", "unused-password-1")
    account_id = manager.accounts.order_by("external_id").values_list("external_id", flat=True)[10]
    results = {"tools": time_tools(manager, staff, account_id, runs, timezone.localdate())}
    results["turn"] = time_turns(manager, turns, double_url)
    return results


def time_tools(manager, staff, account_id: str, runs: int, today: dt.date) -> dict:
    from copilot.agent.tools import tool_run

    timings = {}
    for who, user in (("manager", manager), ("staff", staff)):
        for label, (name, arguments) in tool_calls(today, account_id).items():
            raw = json.dumps(arguments)
            samples = []
            for attempt in range(runs + 1):
                started = time.perf_counter()
                outcome = tool_run(user, name, raw)
                elapsed = (time.perf_counter() - started) * 1000
                assert not outcome.is_error, outcome.content
                if attempt:  # the first call warms caches and imports
                    samples.append(elapsed)
            timings[f"{who}|{label}"] = {"p50": percentile(samples, 0.5), "p95": percentile(samples, 0.95)}
    return timings


def time_turns(manager, turns: int, double_url: str) -> dict:
    from django.conf import settings

    from copilot.analysis.service import analysis_run
    from copilot.models import Source

    settings.COPILOT_DAILY_BUDGET_USD = None
    walls, providers = [], []
    for attempt in range(turns + 1):
        script = urllib.request.Request(f"{double_url}/_script", data=json.dumps(TURN_PLAN).encode(), method="POST")
        urllib.request.urlopen(script).close()
        started = time.perf_counter()
        result = analysis_run(
            user=manager, messages=[{"role": "user", "content": "Which accounts need me?"}], source=Source.ADMIN
        )
        wall = (time.perf_counter() - started) * 1000
        assert len(result.steps) == 3 and result.record.response.startswith("Answer from tools:")
        if attempt:  # the first turn opens the client and its connections
            walls.append(wall)
            providers.append(sum(step.record.latency_ms for step in result.steps))
    return {"wall_ms": sum(walls) / len(walls), "provider_ms": sum(providers) / len(providers)}


# --- driver --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", default="10000,100000", help="comma-separated numbers of accounts")
    add_database_arguments(parser)
    parser.add_argument("--runs", type=int, default=30, help="timed calls of each tool")
    parser.add_argument("--turns", type=int, default=3, help="timed three-step turns")
    parser.add_argument("--latency", type=float, default=1.0, help="the provider double's latency (s)")
    parser.add_argument("--double", help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(int(args.accounts), args.runs, args.turns, args.double)))
        return

    tools, turns = [], []
    with provider_double(latency=args.latency) as double:
        databases = fresh_databases(
            args.databases, args.accounts, args.postgres_url, name="sergas_bench_agent", unit="accounts"
        )
        for database, accounts, url in databases:
            arguments = ["--accounts", str(accounts), "--runs", str(args.runs), "--turns", str(args.turns)]
            env = project_env(url, double.url, LOG_LEVEL="WARNING")
            result = run_worker("bench.agent", env, *arguments, "--double", double.url)
            for key, timing in result["tools"].items():
                who, label = key.split("|")
                tools.append([database, f"{accounts:,}", who, label, f"{timing['p50']:.1f}", f"{timing['p95']:.1f}"])
            turn = result["turn"]
            server = turn["wall_ms"] - turn["provider_ms"]
            turns.append(
                [
                    database,
                    f"{accounts:,}",
                    f"{turn['wall_ms']:.0f}",
                    f"{turn['provider_ms']:.0f}",
                    f"{server:.0f}",
                    f"{100 * server / turn['wall_ms']:.1f}%",
                ]
            )
    print_table(
        f"Server tools: time per call (ms), p50 and p95 of {args.runs}",
        ["database", "accounts", "caller", "tool", "p50", "p95"],
        tools,
    )
    print_table(
        f"A three-step turn with the provider at {args.latency:g} s latency, mean of {args.turns} (ms)",
        ["database", "accounts", "turn", "provider", "server", "server share"],
        turns,
    )


if __name__ == "__main__":
    main()
