"""The ASGI handler keeps its request threads, each with its database connection, and closes the
connections of a thread it stops: nothing is left open by a burst of requests."""

from __future__ import annotations

import os

import httpx
import pytest
from rest_framework.authtoken.models import Token

from sergas import handler
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_stopped_request_thread_leaves_no_connection_open(asgi_server, user, monkeypatch):
    monkeypatch.setattr(handler, "MAX_IDLE_THREADS", 0)  # every request's thread is stopped after it
    AccountFactory(external_id="ACC-1", owner=user)
    token = Token.objects.get_or_create(user=user)[0].key
    with httpx.Client(base_url=asgi_server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:

        def log_a_call() -> None:
            response = client.post("/api/accounts/ACC-1/activities/", json={"kind": "call", "subject": "Hello"})
            assert response.status_code == 201

        log_a_call()
        before = open_files()
        for _ in range(12):
            log_a_call()

    # Each request writes, so each stopped thread held a connection (and the writers' lock files).
    assert open_files() - before < 6
