"""What the commands that call the model (analyze_accounts, compare_models, check_llm) share:
who runs them (--as USER), a USD option, quiet logs unless asked, and stopping cleanly on Ctrl-C
or a polite kill."""

from __future__ import annotations

import contextlib
import getpass
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
OS_USER_PREFIX = "os:"


@dataclass(frozen=True)
class RunAs:
    """Who a command runs as: a Django user (their calls are recorded for them), or only the OS
    login, labelled ``os:<login>`` so that it is never mistaken for a Django username."""

    user: object | None
    label: str


def add_as_option(parser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        help="the Django username the calls are recorded for (default: none; the run shows os:<login>)",
    )


def run_as(username: str | None) -> RunAs:
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--as: no user {username!r}")
        if not user.is_active:
            raise CommandError(f"--as: user {username!r} is not active")
        return RunAs(user, user.username)
    return RunAs(None, f"{OS_USER_PREFIX}{os_login()}")


def os_login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (some containers)
        return "unknown"


@contextlib.contextmanager
def quiet_logs(verbosity: int) -> Iterator[None]:
    """Below ``-v 2`` only warnings and errors are logged while the command runs, so that its
    tables and progress are not interleaved with a line per call; ``-v 2`` shows them all."""
    root = logging.getLogger()
    level = root.level
    if verbosity < 2:
        root.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:  # a command run by call_command leaves the process's logging as it found it
        root.setLevel(level)


def usd_option(value: str | None, flag: str = "--max-cost") -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise CommandError(f"{flag} must be a number of USD, not {value!r}") from None
    if amount <= 0:
        raise CommandError(f"{flag} must be more than 0")
    return amount


def trap_stop_signals(stop: threading.Event, say: Callable[[str], None]) -> dict:
    """The first signal sets ``stop`` (no new call starts; calls in flight finish); a second
    stops at once. Returns the previous handlers, to put back."""

    def request_stop(signum, frame):
        if stop.is_set():  # a second Ctrl-C: stop now; a resume repairs whatever was in flight
            raise KeyboardInterrupt
        stop.set()
        say("Stopping: letting calls in flight finish (Ctrl-C again to stop at once)...")

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, request_stop)
    return previous


def restore_signals(previous: dict) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)
