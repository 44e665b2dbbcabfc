"""Shared pieces for benchmarks: a throwaway project database, a worker process that fills one
and times pages in it, the ASGI server in its own process, the provider double, and latency
statistics."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.servers import free_port, wait_until_up  # noqa: E402

BENCH_KEY = "bench-key-not-secret"
# The system prompt of the benchmarks' direct SDK calls and of the floor endpoints (bench.floor_urls).
DIRECT_SYSTEM_PROMPT = "You are an AI Account Manager."
ACCOUNTS_BATCH = 5000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "p99": percentile(values, 0.99), "n": len(values)}


def worker_env(database_url: str, **extra: str) -> dict:
    """This process's environment for a project process on ``database_url``, without the caller's
    own DJANGO_* and ENV* settings (the project's defaults, so every run measures the same)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ENV"))}
    env.update({"DJANGO_SETTINGS_MODULE": "sergas.settings", "DATABASE_URL": database_url, **extra})
    return env


def project_env(database_url: str, double_url: str, **extra: str) -> dict:
    return worker_env(
        database_url,
        ANTHROPIC_API_KEY=BENCH_KEY,
        ANTHROPIC_BASE_URL=double_url,
        LLM_PROVIDER_NAME="z.ai",
        COPILOT_RATE_LIMIT="100000000/min",
        DJANGO_SUPERUSER_USERNAME="bench",
        DJANGO_SUPERUSER_PASSWORD="bench-password-not-secret",
        **extra,
    )


def manage(env: dict, *args: str, root: Path = ROOT) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def prepare_database(env: dict, *, demo_accounts: int = 1, root: Path = ROOT) -> str:
    """Migrate, load demo data and return an API token for a staff user (``root``: the checkout)."""
    manage(env, "migrate", "--noinput", root=root)
    manage(env, "seed_demo", "--accounts", str(demo_accounts), root=root)
    manage(env, "ensure_admin", root=root)
    output = manage(env, "drf_create_token", "bench", root=root)
    return re.search(r"token (\w+)", output).group(1)


@contextmanager
def sqlite_database():
    with tempfile.TemporaryDirectory(prefix="sergas-bench-") as folder:
        yield f"sqlite:///{folder}/bench.sqlite3"


@contextmanager
def postgres_database(server_url: str, *, name: str):
    """A fresh database ``name`` on the PostgreSQL server of ``server_url``, dropped afterwards."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def add_database_arguments(parser) -> None:
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")


def fresh_databases(databases: str, sizes: str, postgres_url: str, *, name: str, unit: str):
    """For each of ``databases`` (sqlite, postgres) and each of ``sizes`` (comma-separated): the size
    and the URL of a fresh database, dropped when the loop moves on. On PostgreSQL the database is
    ``name`` and this process's id, so runs side by side on one server never drop each other's."""
    for database in databases.split(","):
        if database not in ("sqlite", "postgres"):
            raise SystemExit(f"--databases: {database!r} is neither sqlite nor postgres")
        for size in (int(n) for n in sizes.split(",")):
            print(f"{database}: {size:,} {unit} …", file=sys.stderr, flush=True)
            context = (
                sqlite_database()
                if database == "sqlite"
                else postgres_database(postgres_url, name=f"{name}_{os.getpid()}")
            )
            with context as url:
                yield database, size, url


def run_worker(module: str, env: dict, *arguments: str) -> dict:
    """``python -m module --worker *arguments`` in ``env``: the JSON of its last line of output."""
    command = [sys.executable, "-m", module, "--worker", *arguments]
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- In a worker process (``run_worker``): Django on the database of DATABASE_URL ----------------


def worker_setup(project: str | None = None) -> None:
    """Django set up and the database migrated; ``project``: another checkout whose code to run."""
    if project:
        sys.path.insert(0, os.path.abspath(project))
        os.chdir(project)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def analyze() -> None:
    """Fresh planner statistics after a bulk fill (ANALYZE on SQLite and PostgreSQL alike)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def fill_accounts(count: int, *, managers: int = 20) -> dict:
    """``generate_accounts``, then every account's stored health (``snapshot_health``, when the
    checkout has it), each followed by ANALYZE: the seconds each took (snapshot None without it)."""
    from django.core.management import call_command, get_commands

    started = time.perf_counter()
    generate_accounts(count, managers=managers)
    generated = time.perf_counter() - started
    analyze()
    snapshot = None
    if "snapshot_health" in get_commands():
        started = time.perf_counter()
        call_command("snapshot_health", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        snapshot = time.perf_counter() - started
        analyze()
    return {"generate_s": generated, "snapshot_s": snapshot}


def generate_accounts(count: int, *, managers: int = 20) -> None:
    """Accounts, activities and deals in bulk, as an import of an existing CRM would leave them,
    spread evenly over ``managers`` managers (each with an email address): 0-14 activities each
    over 120 days, one or two deals, some contracts ending, some accounts at risk."""
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
    for start in range(0, count, ACCOUNTS_BATCH):
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
                for n in range(start, min(start + ACCOUNTS_BATCH, count))
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
            Activity.objects.bulk_create(activities, batch_size=ACCOUNTS_BATCH)
            Deal.objects.bulk_create(deals, batch_size=ACCOUNTS_BATCH)


def time_pages(pages: dict[str, str], loads: int, *, user=None) -> dict:
    """Each of ``pages`` (name: URL) loaded ``loads`` times as ``user`` (default: a new staff user)
    through Django's full request stack, after one warm-up load: the median milliseconds of each."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "bench@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    results = {}
    for name, url in pages.items():
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


@contextmanager
def provider_double(latency: float = 0.0, token_delay: float = 0.0):
    """The double in its own process, so it never competes with the load generator for a GIL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.provider_double",
            "--api-key",
            BENCH_KEY,
            "--latency",
            str(latency),
            "--token-delay",
            str(token_delay),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield SimpleNamespace(url=process.stdout.readline().strip())
    finally:
        process.terminate()
        process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (a server's workers), from /proc."""
    found, index = [pid], 0
    while index < len(found):
        for task in Path(f"/proc/{found[index]}/task").glob("*/children"):
            found.extend(int(child) for child in task.read_text().split())
        index += 1
    return found


def tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by ``pid``'s process tree (processes that ended are not counted)."""
    total = 0.0
    for member in process_tree(pid):
        with suppress(FileNotFoundError):
            total += cpu_seconds(member)
    return total


@contextmanager
def asgi_server(env: dict, *extra_args: str, root: Path = ROOT):
    """uvicorn serving the project (``root``: the checkout) in a separate process, as `make run` does,
    its lifespan on (start-up builds what the first call would otherwise build)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "sergas.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            *extra_args,
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/copilotkit/health", process, what="the ASGI server")
        yield SimpleNamespace(url=url, pid=process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    line = "  ".join("-" * width for width in widths)
    print(f"\n{title}")
    print("  ".join(str(cell).ljust(width) for cell, width in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))


# LiteLLM's proxy lives in a virtualenv of its own (``make bench-tools``): its pins differ from ours.
LITELLM = Path(os.environ.get("LITELLM_BIN", ROOT / ".venv-bench" / "bin" / "litellm"))
LITELLM_KEY = "sk-bench-master-key-not-secret"  # it refuses to start without one


@contextmanager
def litellm_proxy(double_url: str):
    """LiteLLM's proxy in front of the double, as users run it instead of this project: the SDK
    talks to its Anthropic-compatible ``/v1/messages``. Yields None when it is not installed."""
    if not LITELLM.exists():
        yield None
        return
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "litellm.yaml"
        config.write_text(
            "model_list:\n"
            "  - model_name: glm-4.6\n"
            "    litellm_params:\n"
            "      model: anthropic/glm-4.6\n"
            f"      api_base: {double_url}\n"
            f"      api_key: {BENCH_KEY}\n"
            "litellm_settings:\n"
            "  telemetry: false\n"
            "  drop_params: true\n"
            "general_settings:\n"
            f"  master_key: {LITELLM_KEY}\n"
        )
        env = {**os.environ, "LITELLM_LOG": "ERROR", "LITELLM_TELEMETRY": "False", "NO_DOCS": "True"}
        process = subprocess.Popen(
            [str(LITELLM), "--config", str(config), "--host", "127.0.0.1", "--port", str(port), "--num_workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{url}/health/liveliness", process, what="the LiteLLM proxy", timeout=120)
            yield SimpleNamespace(url=url, pid=process.pid, key=LITELLM_KEY)
        finally:
            process.terminate()
            process.wait(timeout=20)


def load_run(call, *, clients: int, total: int, server_pid: int) -> dict:
    """``total`` calls of ``call(client)`` (an async function that makes one request and checks
    it) from ``clients`` concurrent clients, each on its own keep-alive connection, all in this
    process's one event loop: the same load generator for every server. Returns calls per second
    and the server's CPU per call (its whole process tree, from /proc)."""
    import asyncio

    import httpx

    async def run() -> float:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(timeout=60, limits=limits) as client:
            remaining = [total]

            async def worker():
                while remaining[0] > 0:
                    remaining[0] -= 1
                    await call(client)

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(clients)))
            return time.perf_counter() - started

    cpu_before = tree_cpu_seconds(server_pid)
    wall = asyncio.run(run())
    cpu = tree_cpu_seconds(server_pid) - cpu_before
    return {"calls_per_second": total / wall, "cpu_ms_per_call": cpu / total * 1000}
