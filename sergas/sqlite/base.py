"""Django's SQLite backend, with writes served in the order they ask: every write transaction, and
every write statement run outside one (a bare ``QuerySet.update()`` is a transaction of its own).

SQLite lets one transaction write at a time. A writer that finds the lock taken sleeps in its busy
handler and retries at intervals of up to 100 ms, so whichever writer happens to retry just after
a commit wins: with many threads and a few processes writing, an unlucky one can lose every race
until its busy timeout runs out and its request fails with "database is locked". Here a write
transaction first waits for its turn in this process (threads are served first come, first
served), then the turn at the head of each process's line goes through two lock files beside the
database: a gate, held only while waiting for the writer lock, lets the processes take the writer
lock in alternation, so no process can hand it from thread to thread while another waits. SQLite's
own lock still decides; these only queue for it, and past the busy timeout they step aside.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections import deque
from contextlib import contextmanager

from django.db.backends.sqlite3 import base

# How often the head of a process's line tries a lock file another process holds; write
# transactions here last milliseconds.
_POLL_SECONDS = 0.0005


class FirstComeFirstServed:
    """A lock handed to the longest waiter when released, so a thread that writes again at once
    cannot overtake the threads already waiting (threading.Lock lets it)."""

    def __init__(self):
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            baton = threading.Lock()
            baton.acquire()
            self._waiting.append(baton)
        if baton.acquire(timeout=max(0.0, timeout)):
            return True
        with self._mutex:
            if baton in self._waiting:
                self._waiting.remove(baton)
                return False
        return True  # handed over just as the wait ran out

    def release(self) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()  # still held: it passes to that waiter
            else:
                self._held = False


_lines: dict[str, FirstComeFirstServed] = {}
_lines_lock = threading.Lock()


def _line_for(path: str) -> FirstComeFirstServed:
    with _lines_lock:
        return _lines.setdefault(path, FirstComeFirstServed())


def _lock_file(fd: int, deadline: float) -> bool:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)


# Statements that write. Outside ``atomic()`` each is a transaction of its own (``QuerySet.update()``,
# ``Model.save()``, ``delete()``), and must queue like one.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


class QueuedCursor(base.SQLiteCursorWrapper):
    """Django's cursor; a write statement run outside a transaction takes the connection's
    writer turn for itself."""

    database: DatabaseWrapper

    def execute(self, query, params=None):
        if not self.database.queues_statement(query):
            return super().execute(query, params)
        with self.database.statement_turn():
            return super().execute(query, params)

    def executemany(self, query, param_list):
        if not self.database.queues_statement(query):
            return super().executemany(query, param_list)
        with self.database.statement_turn():
            return super().executemany(query, param_list)


class DatabaseWrapper(base.DatabaseWrapper):
    _line: FirstComeFirstServed | None = None  # held while this connection is in a write transaction
    _lock_fds: tuple[int, int] | None = None  # (gate, writer), opened by this connection

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=QueuedCursor)
        cursor.database = self
        return cursor

    def queues_statement(self, query: str) -> bool:
        """A write in autocommit: inside ``atomic()`` the transaction already took its turn."""
        return (
            not self.in_atomic_block
            and self._line is None
            and self.transaction_mode == "IMMEDIATE"
            and query.lstrip()[:7].upper().startswith(_WRITES)
            and not self.is_in_memory_db()
        )

    @contextmanager
    def statement_turn(self):
        self._take_writer_turn()
        try:
            yield
        finally:
            # A statement with RETURNING may keep SQLite's lock until its rows are read just
            # after; a writer let in meanwhile waits those moments in SQLite's own busy handler.
            self._end_writer_turn()

    def _start_transaction_under_autocommit(self):
        if self.transaction_mode == "IMMEDIATE" and not self.is_in_memory_db():
            self._take_writer_turn()
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

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_writer_turn()
            if self._lock_fds is not None:
                for fd in self._lock_fds:
                    os.close(fd)
                self._lock_fds = None

    def _take_writer_turn(self) -> None:
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        path = str(self.settings_dict["NAME"])
        line = _line_for(path)
        if not line.acquire(timeout=deadline - time.monotonic()):
            return
        if self._lock_fds is None:
            flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC
            self._lock_fds = (os.open(f"{path}-gate", flags, 0o600), os.open(f"{path}-writer", flags, 0o600))
        gate, writer = self._lock_fds
        if not _lock_file(gate, deadline):
            line.release()
            return
        try:
            if not _lock_file(writer, deadline):
                line.release()
                return
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)
        self._line = line

    def _end_writer_turn(self) -> None:
        line, self._line = self._line, None
        if line is None:
            return
        if self._lock_fds is not None:
            fcntl.flock(self._lock_fds[1], fcntl.LOCK_UN)
        line.release()
