"""SQLite writes are served in the order they ask: a writer that writes again at once, in another
thread or another process, cannot starve one that is waiting until its busy timeout runs out
("database is locked"), whether the waiting one writes in a transaction or with a single statement
outside one (as a bare ``QuerySet.update()`` does)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connections, transaction
from django.db.utils import load_backend

from tests.support.processes import ROOT

ENGINE = "sergas.sqlite"
HOLD_SECONDS = 0.005  # each greedy transaction keeps the write lock this long
BUSY_TIMEOUT_SECONDS = 1.0

GREEDY_WRITER = f"""
import time
from django.db import connection, transaction
until = time.monotonic() + 20
first = True
while time.monotonic() < until:
    with transaction.atomic():
        connection.cursor().execute("INSERT INTO writes (who) VALUES ('greedy')")
        time.sleep({HOLD_SECONDS})
    if first:
        print("writing", flush=True)
        first = False
"""


@pytest.fixture
def scratch(tmp_path, django_db_blocker):
    """A WAL database file of its own, not the test database."""
    path = tmp_path / "scratch.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE writes (id INTEGER PRIMARY KEY, who TEXT NOT NULL)")
    with django_db_blocker.unblock():
        yield path


@contextmanager
def scratch_connection(path, alias="scratch"):
    """This thread's connection to the scratch file, set up as the project sets up SQLite."""
    wrapper = load_backend(ENGINE).DatabaseWrapper(
        {
            **connections["default"].settings_dict,
            "NAME": str(path),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": BUSY_TIMEOUT_SECONDS},
        },
        alias=alias,
    )
    connections[alias] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        del connections[alias]


def write(who: str, alias="scratch", *, bare: bool = False) -> None:
    """One row, in a transaction or (``bare``) as a statement of its own, in autocommit."""
    if bare:
        connections[alias].cursor().execute("INSERT INTO writes (who) VALUES (%s)", [who])
        return
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO writes (who) VALUES (%s)", [who])


WAYS = pytest.mark.parametrize("bare", [False, True], ids=["in atomic()", "bare statement"])


def count(path, who: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM writes WHERE who = ?", [who]).fetchone()[0]


pytestmark = pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="the SQLite backend's own behaviour")


def test_the_project_uses_the_queueing_backend_for_sqlite():
    assert connections["default"].settings_dict["ENGINE"] == ENGINE


@WAYS
def test_a_thread_writing_again_at_once_does_not_starve_the_others(scratch, bare):
    stop = threading.Event()
    started = threading.Event()
    failures: list[BaseException] = []

    def greedy():
        with scratch_connection(scratch):
            while not stop.is_set():
                with transaction.atomic(using="scratch"):
                    connections["scratch"].cursor().execute("INSERT INTO writes (who) VALUES ('greedy')")
                    time.sleep(HOLD_SECONDS)
                started.set()

    def patient(name):
        try:
            with scratch_connection(scratch):
                for _ in range(10):
                    write(name, bare=bare)
        except BaseException as error:
            failures.append(error)

    hog = threading.Thread(target=greedy)
    hog.start()
    assert started.wait(10)
    others = [threading.Thread(target=patient, args=(f"patient-{n}",)) for n in range(4)]
    for thread in others:
        thread.start()
    for thread in others:
        thread.join()
    stop.set()
    hog.join()

    assert failures == []
    assert [count(scratch, f"patient-{n}") for n in range(4)] == [10, 10, 10, 10]


@WAYS
def test_a_process_writing_again_at_once_does_not_starve_another_process(scratch, bare):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="sergas.settings", DATABASE_URL=f"sqlite:///{scratch}", LOG_LEVEL="WARNING")
    greedy = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", GREEDY_WRITER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert greedy.stdout.readline().strip() == "writing"
        with scratch_connection(scratch):
            for _ in range(20):
                write("patient", bare=bare)
        still_writing = greedy.poll() is None
    finally:
        greedy.kill()
        greedy.wait()

    assert count(scratch, "patient") == 20
    assert still_writing, "the other process stopped writing before this one finished"


@WAYS
def test_past_the_busy_timeout_a_writer_gets_sqlites_own_error_and_the_line_moves_on(scratch, bare):
    outsider = sqlite3.connect(scratch, isolation_level=None)
    outsider.execute("BEGIN IMMEDIATE")  # holds SQLite's write lock, outside any queue
    try:
        with scratch_connection(scratch), pytest.raises(OperationalError, match="database is locked"):
            write("blocked", bare=bare)
    finally:
        outsider.execute("ROLLBACK")
        outsider.close()

    with scratch_connection(scratch):
        write("after", bare=bare)
    assert count(scratch, "after") == 1
    assert count(scratch, "blocked") == 0
