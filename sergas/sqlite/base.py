"""Django's SQLite backend with connections kept open and reused across threads.

Under ASGI, Django runs each request's synchronous code on a thread of its own, and database
connections belong to a thread, so every request opened a connection (registering Django's SQL
functions, running the PRAGMAs) and closed it (checkpointing the WAL as the last connection):
about 2 ms of every API call. Django pools PostgreSQL connections but not SQLite ones, so this
backend does: a closed connection goes back to a small per-process pool instead of closing.

A pooled connection is only reused for the same database file (a file deleted and recreated,
as the test runner does, gets fresh connections) and in the process that opened it (after a
fork, a child opens its own).
"""

from __future__ import annotations

import os
import sqlite3
import threading

from django.db.backends.sqlite3 import base

POOL_SIZE = 16


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


class DatabaseWrapper(base.DatabaseWrapper):
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
        if not _pool.give_back(self.settings_dict["NAME"], connection):
            return super()._close()
        return None
