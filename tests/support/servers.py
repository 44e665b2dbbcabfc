"""A real uvicorn server for the project's ASGI app, in a background thread (tests and benchmarks)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, *, what: str, timeout: float = 30) -> None:
    """Poll ``url`` until it answers 200; fail when ``process`` exits or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.1)


def start_uvicorn_process(env: dict, port: int, *, cwd) -> subprocess.Popen:
    """The project under uvicorn in a process of its own (one that can be killed), once it answers."""
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "sergas.asgi:application",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=cwd, env=env)
    wait_until_up(f"http://127.0.0.1:{port}/copilotkit/health", process, what="uvicorn")
    return process


class AsgiServer:
    def __init__(self, app_path: str = "sergas.asgi:application"):
        self.port = free_port()
        config = uvicorn.Config(
            app_path, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off", backlog=512
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="asgi-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AsgiServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
