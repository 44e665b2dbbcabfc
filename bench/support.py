"""Shared pieces for benchmarks: a throwaway project database, the ASGI server in its own
process, the provider double, and latency statistics."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.servers import free_port, wait_until_up  # noqa: E402

BENCH_KEY = "bench-key-not-secret"
# The system prompt of the benchmarks' direct SDK calls and of the floor endpoints (bench.floor_urls).
DIRECT_SYSTEM_PROMPT = "You are an AI Account Manager."


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "p99": percentile(values, 0.99), "n": len(values)}


def project_env(database_url: str, double_url: str, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ENV"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sergas.settings",
            "DATABASE_URL": database_url,
            "ANTHROPIC_API_KEY": BENCH_KEY,
            "ANTHROPIC_BASE_URL": double_url,
            "LLM_PROVIDER_NAME": "z.ai",
            "COPILOT_RATE_LIMIT": "100000000/min",
            "DJANGO_SUPERUSER_USERNAME": "bench",
            "DJANGO_SUPERUSER_PASSWORD": "bench-password-not-secret",
            **extra,
        }
    )
    return env


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
