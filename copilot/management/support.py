"""What the long-running commands (analyze_accounts, compare_models) share: who runs them, a
USD option, and stopping cleanly on Ctrl-C or a polite kill."""

from __future__ import annotations

import getpass
import signal
import threading
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.management.base import CommandError

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def who() -> str:
    """The OS login running the command, recorded as who started a run."""
    try:
        return getpass.getuser()
    except Exception:
        return ""


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
