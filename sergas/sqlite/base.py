"""Django's SQLite backend, tuned for many threads and a few processes writing one file.

Connections are pooled. Under ASGI, Django runs each request's synchronous code on a thread of
its own, and connections belong to a thread, so every request opened a connection (registering
Django's SQL functions, running the PRAGMAs) and closed it (checkpointing the WAL as the last
connection): about 2 ms of every API call. Django pools PostgreSQL connections but not SQLite
ones, so this backend does: a closed connection goes back to a small per-process pool. It is
only reused for the same database file (a file deleted and recreated, as the test runner does,
gets fresh connections) and in the process that opened it.

Writers queue. SQLite lets one transaction write at a time, and a writer that finds the lock
taken sleeps in its busy handler for up to 100 ms between tries, so at 16 concurrent requests
the slowest waited almost two seconds. Here a transaction first takes its turn on a lock of our
own (a thread lock, then a lock file beside the database for other processes) and is woken as
soon as the writer before it finishes. SQLite's lock still decides; ours only mirrors it.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

from django.db.backends.sqlite3 import base

POOL_SIZE = 16


class _Connection(sqlite3.Connection):
    """A connection with the file descriptor of its database's writer lock file."""

    writer_fd: int | None = None

    def close(self):
        if self.writer_fd is not None:
            os.close(self.writer_fd)
            self.writer_fd = None
        super().close()


class _Pool:
    def __init__(self):
        self._lock = threading.Lock()
        self._idle: dict[tuple, list[tuple[sqlite3.Connection, int]]] = {}

    def take(self, path: str) -> sqlite3.Connection | None:
        identity = _file_identity(path)
        with self._lock:
            idle = self._idle.get((os.getpid(), path), [])
            while idle:
                connection, opened_on = idle.pop()
                if opened_on == identity:
                    return connection
                connection.close()  # the file was replaced since this connection opened it
        return None

    def give_back(self, path: str, connection: sqlite3.Connection) -> bool:
        identity = _file_identity(path)
        with self._lock:
            idle = self._idle.setdefault((os.getpid(), path), [])
            if identity is None or len(idle) >= POOL_SIZE:
                return False
            idle.append((connection, identity))
            return True


def _file_identity(path: str) -> int | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return hash((stat.st_dev, stat.st_ino))


_pool = _Pool()
# One writer per process queues for the lock file; the others wait here, woken at once.
_writer_turns: dict[str, threading.Lock] = {}
_writer_turns_lock = threading.Lock()


def _writer_turn(path: str) -> threading.Lock:
    with _writer_turns_lock:
        return _writer_turns.setdefault(path, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _held_turn: threading.Lock | None = None  # this process's writer lock, while in a write transaction

    def get_connection_params(self):
        return {**super().get_connection_params(), "factory": _Connection}

    def get_new_connection(self, conn_params):
        path = conn_params["database"]
        if not self.is_in_memory_db():
            connection = _pool.take(path)
            if connection is not None:
                # A schema change may have turned foreign keys off; every connection starts with them on.
                connection.execute("PRAGMA foreign_keys = ON")
                return connection
        return super().get_new_connection(conn_params)

    def _close(self):
        connection = self.connection
        if connection is None or self.is_in_memory_db():
            return super()._close()
        try:
            if connection.in_transaction:
                connection.rollback()
        except sqlite3.Error:
            return super()._close()
        finally:
            self._end_writer_turn()
        if not _pool.give_back(self.settings_dict["NAME"], connection):
            return super()._close()
        return None

    # --- writers queue --------------------------------------------------------------------

    def _start_transaction_under_autocommit(self):
        if self.transaction_mode == "IMMEDIATE" and not self.is_in_memory_db():
            self._begin_writer_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_writer_turn()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_writer_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_writer_turn()

    def _begin_writer_turn(self) -> None:
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        path = self.settings_dict["NAME"]
        turn = _writer_turn(path)
        if not turn.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return  # past the busy timeout: let SQLite's own lock decide
        connection = self.connection
        if connection.writer_fd is None:
            connection.writer_fd = os.open(f"{path}-writer", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        delay = 0.0001
        while True:
            try:
                fcntl.flock(connection.writer_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    turn.release()
                    return
                time.sleep(delay)  # another process is writing; its transactions are short
                delay = min(delay * 2, 0.001)
        self._held_turn = turn

    def _end_writer_turn(self) -> None:
        turn, self._held_turn = self._held_turn, None
        if turn is None:
            return
        connection = self.connection
        if connection is not None and connection.writer_fd is not None:
            fcntl.flock(connection.writer_fd, fcntl.LOCK_UN)
        turn.release()
