"""Concurrent requests through the real ASGI server never lose a row or hit 'database is locked'."""

import asyncio
import logging

import httpx
import pytest
from django.db import connections
from rest_framework.authtoken.models import Token

from copilot.models import AnalysisRequest, TokenUsage
from tests.factories import AccountFactory, UserFactory

CONCURRENT = 50


async def fire(url: str, token: str, count: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=count)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        payload = {"account_id": "ACC-12345", "messages": [{"role": "user", "content": "Any risks?"}]}
        return await asyncio.gather(
            *(
                client.post("/copilotkit", json=payload, headers={"Authorization": f"Bearer {token}"})
                for _ in range(count)
            )
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_requests_leave_fifty_rows(asgi_server, provider, settings, caplog):
    settings.COPILOT_RATE_LIMIT = "1000/min"
    provider.latency = 0.05  # keep many calls in flight at once
    user = UserFactory()
    AccountFactory(external_id="ACC-12345", owner=user)
    token = Token.objects.create(user=user).key
    caplog.set_level(logging.WARNING)

    responses = asyncio.run(fire(asgi_server.url, token, CONCURRENT))

    assert [r.status_code for r in responses] == [200] * CONCURRENT
    request_ids = {r.json()["data"]["generateCopilotResponse"]["requestId"] for r in responses}
    assert len(request_ids) == CONCURRENT
    assert AnalysisRequest.objects.filter(status="succeeded").count() == CONCURRENT
    assert TokenUsage.objects.filter(cost_usd__isnull=False).count() == CONCURRENT
    assert len(provider.requests) == CONCURRENT
    assert not any("database is locked" in record.getMessage() for record in caplog.records)


@pytest.fixture
def small_connection_pool():
    """PostgreSQL's pool cut to two connections, given up on after half a second."""
    database = connections["default"]
    if database.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite connections are not capped")
    options = database.settings_dict["OPTIONS"]
    usual = options["pool"]
    database.close_pool()
    options["pool"] = {**usual, "min_size": 1, "max_size": 2, "timeout": 0.5}
    yield
    database.close_pool()
    options["pool"] = usual


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_calls_in_flight_are_not_capped_by_the_connection_pool(small_connection_pool, asgi_server, provider, settings):
    """Each call waits 1.5 s on the model; were it holding a connection meanwhile, the third
    and fourth would give up waiting for the pool."""
    settings.COPILOT_RATE_LIMIT = "1000/min"
    provider.latency = 1.5
    user = UserFactory()
    AccountFactory(external_id="ACC-12345", owner=user)
    token = Token.objects.create(user=user).key
    connections.close_all()  # this test's own connection goes back to the pool too

    responses = asyncio.run(fire(asgi_server.url, token, 4))

    assert [r.status_code for r in responses] == [200] * 4
    assert AnalysisRequest.objects.filter(status="succeeded").count() == 4
