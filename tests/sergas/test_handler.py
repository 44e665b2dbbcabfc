"""The ASGI handler runs the requests for async views on one shared thread, and gives each other
request a thread of its own, kept for the next; it closes the connections of a thread it stops:
nothing is left open by a burst of requests."""

from __future__ import annotations

import asyncio
import os
import threading

import httpx
import pytest
from asgiref.sync import SyncToAsync
from django.core.signals import request_started
from rest_framework.authtoken.models import Token

from sergas import handler
from tests.factories import AccountFactory
from tests.support.processes import wait_for

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


def test_requests_for_async_views_take_turns_on_one_thread_and_the_others_have_their_own(asgi_server, user):
    threads = []  # (path, the thread its sync code ran on)

    def note(sender, scope, **kwargs):
        threads.append((scope["path"], threading.get_ident()))

    request_started.connect(note)
    token = Token.objects.get_or_create(user=user)[0].key
    try:
        with httpx.Client(base_url=asgi_server.url, headers={"Authorization": f"Bearer {token}"}) as client:
            for path in ["/copilotkit/info", "/api/accounts/"] * 5:
                assert client.get(path).status_code == 200
        wait_for(lambda: len(threads) == 10)
    finally:
        request_started.disconnect(note)

    shared = {thread for path, thread in threads if path == "/copilotkit/info"}
    own = {thread for path, thread in threads if path == "/api/accounts/"}
    assert len(shared) == 1
    assert not shared & own


def test_overlapping_requests_share_the_thread_only_for_async_views():
    app = handler.ReusingASGIHandler()
    contexts, all_in = {}, asyncio.Event()

    async def handle(scope, receive, send):
        contexts.setdefault(scope["path"], []).append(SyncToAsync.thread_sensitive_context.get())
        if sum(map(len, contexts.values())) == 4:
            all_in.set()
        await all_in.wait()  # every request is in flight at once

    app.handle = handle

    async def requests():
        scopes = [{"type": "http", "path": path} for path in ["/copilotkit", "/copilotkit", "/admin/", "/admin/"]]
        await asyncio.wait_for(asyncio.gather(*(app(scope, None, None) for scope in scopes)), timeout=10)

    asyncio.run(requests())

    first, second = contexts["/copilotkit"]
    assert first is second
    staff, other_staff = contexts["/admin/"]
    assert len({id(first), id(staff), id(other_staff)}) == 3


def test_front_door_threads_take_the_async_views_requests_in_turn(settings):
    settings.FRONT_DOOR_THREADS = 2
    app = handler.ReusingASGIHandler()
    contexts = []

    async def handle(scope, receive, send):
        contexts.append(SyncToAsync.thread_sensitive_context.get())

    app.handle = handle

    async def requests():
        for _ in range(4):
            await app({"type": "http", "path": "/copilotkit"}, None, None)

    asyncio.run(requests())

    first, second, third, fourth = contexts
    assert first is not second
    assert (third, fourth) == (first, second)
