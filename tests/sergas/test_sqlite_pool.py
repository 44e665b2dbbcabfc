"""SQLite connections outlive the thread that opened them (ASGI runs each request on a new one),
and writers queue on a lock instead of sleeping in SQLite's busy handler."""

import fcntl
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from django.db import connections

from sergas.sqlite.base import DatabaseWrapper


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A database file of its own, not the test database."""
    settings = {**connections.settings["default"], "ENGINE": "sergas.sqlite", "NAME": str(tmp_path / "pool.sqlite3")}
    settings["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}
    setup = sqlite3.connect(settings["NAME"])
    setup.execute("CREATE TABLE note (text TEXT)")
    setup.close()
    with django_db_blocker.unblock():
        yield settings


def in_a_new_thread(function):
    """What ASGI does with each request's synchronous code."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(value=function()))
    thread.start()
    thread.join()
    return result["value"]


def open_and_close(settings: dict, work=lambda wrapper: None):
    wrapper = DatabaseWrapper(settings, alias="pooled")
    wrapper.ensure_connection()
    work(wrapper)
    raw = wrapper.connection
    wrapper.close()
    return raw


def count_notes(wrapper: DatabaseWrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM note")
        return cursor.fetchone()[0]


def test_the_next_thread_reuses_the_connection_a_thread_closed(database):
    first = in_a_new_thread(lambda: open_and_close(database))
    second = in_a_new_thread(lambda: open_and_close(database, count_notes))

    assert second is first


def test_work_left_uncommitted_is_rolled_back_before_the_connection_is_reused(database):
    def write_without_committing(wrapper):
        wrapper.set_autocommit(False)
        with wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES ('never committed')")

    in_a_new_thread(lambda: open_and_close(database, write_without_committing))
    counted = {}
    in_a_new_thread(lambda: open_and_close(database, lambda w: counted.update(notes=count_notes(w))))

    assert counted["notes"] == 0


def test_a_database_file_replaced_since_gets_a_fresh_connection(database):
    first = in_a_new_thread(lambda: open_and_close(database))
    for path in Path(database["NAME"]).parent.glob("pool.sqlite3*"):
        path.unlink()
    replacement = sqlite3.connect(database["NAME"])
    replacement.execute("CREATE TABLE note (text TEXT)")
    replacement.execute("INSERT INTO note VALUES ('new file')")
    replacement.commit()
    replacement.close()

    counted = {}
    second = in_a_new_thread(lambda: open_and_close(database, lambda w: counted.update(notes=count_notes(w))))

    assert second is not first
    assert counted["notes"] == 1


@pytest.fixture
def immediate(database):
    return {**database, "OPTIONS": {**database["OPTIONS"], "transaction_mode": "IMMEDIATE"}}


def writer_lock_is_free(settings: dict) -> bool:
    """What another process sees when it asks for the writer lock file."""
    fd = os.open(f"{settings['NAME']}-writer", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_write_transaction_holds_the_writers_turn_until_it_ends(immediate, end):
    wrapper = DatabaseWrapper(immediate, alias="pooled")
    wrapper.ensure_connection()
    wrapper._start_transaction_under_autocommit()
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('written')")

    assert not writer_lock_is_free(immediate)
    getattr(wrapper, end)()
    assert writer_lock_is_free(immediate)
