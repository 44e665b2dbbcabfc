"""The analysis service as every caller uses it: one row per call, whatever happens."""

import asyncio
import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings
from django.db import connections, transaction
from django.utils import timezone

from copilot import gateway
from copilot.analysis import service as services
from copilot.analysis.service import Prepared, StepFinished, StepStarted
from copilot.errors import CopilotError, ErrorCode
from copilot.ledger import metrics, rollups
from copilot.models import AnalysisRequest, ModelPrice, Source
from tests.factories import AccountFactory
from tests.support.processes import wait_for
from tests.support.provider_double import Reply

# Transactional: the async path works on other threads. serialized_rollback keeps the seeded prices.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = [{"role": "user", "content": "Health review, please."}]


def test_a_call_without_a_user_is_recorded_without_a_thread(provider):
    account = AccountFactory()
    result = services.analysis_run(user=None, messages=QUESTION, account=account, source=Source.CLI)
    assert result.thread is None
    assert (result.record.source, result.record.account) == ("cli", account)


async def arun_then_close_connections(**kwargs):
    try:
        return await services.analysis_arun(**kwargs)
    finally:
        await gateway.aclose_clients()
        # The worker thread that ran the ORM work keeps its connection otherwise.
        await sync_to_async(connections.close_all)()


def test_the_async_twin_records_the_same_way(provider, user):
    provider.enqueue(Reply.ok("From the async path."))
    result = asyncio.run(arun_then_close_connections(user=user, messages=QUESTION, source=Source.BULK))
    record = AnalysisRequest.objects.get()
    assert record.pk == result.record.pk
    assert (record.status, record.response, record.source) == ("succeeded", "From the async path.", "bulk")


def test_an_interrupted_call_is_recorded_as_cancelled(provider, user, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("copilot.gateway.stream", interrupted)
    with pytest.raises(KeyboardInterrupt):
        services.analysis_run(user=user, messages=QUESTION)
    record = AnalysisRequest.objects.get()
    assert (record.status, record.error_code) == ("cancelled", "CANCELLED")


def test_an_unexpected_failure_is_recorded_and_reported_without_details(provider, user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("copilot.gateway.stream", broken)
    with pytest.raises(CopilotError) as excinfo:
        services.analysis_run(user=user, messages=QUESTION)
    assert excinfo.value.code == ErrorCode.INTERNAL_ERROR
    assert "secret internals" not in excinfo.value.message
    record = AnalysisRequest.objects.get()
    assert (record.status, record.error_code) == ("failed", "INTERNAL_ERROR")


def test_a_new_price_applies_from_its_date_and_never_rewrites_past_costs(provider, user):
    provider.default = Reply.ok("Priced.", input_tokens=1_000_000, output_tokens=0)
    before = services.analysis_run(user=user, messages=QUESTION)
    ModelPrice.objects.create(
        model="glm-4.6",
        input_usd_per_mtok=Decimal("1.00"),
        output_usd_per_mtok=Decimal("3"),
        effective_from=timezone.now() - dt.timedelta(seconds=1),
    )
    after = services.analysis_run(user=user, messages=QUESTION)

    before.usage.refresh_from_db()
    assert before.usage.cost_usd == Decimal("0.60")
    assert after.usage.cost_usd == Decimal("1.00")
    assert after.usage.price != before.usage.price


@pytest.fixture
def connection_held_during_calls(monkeypatch):
    """Whether Django held a database connection at each provider call (the call itself is real)."""
    held, real_stream = [], gateway.stream
    callers_connection = connections["default"]  # this thread's; the call itself runs on an event loop

    def observed(*args, **kwargs):
        held.append(callers_connection.connection is not None)
        return real_stream(*args, **kwargs)

    monkeypatch.setattr(gateway, "stream", observed)
    return held


@pytest.mark.skipif(not django_settings.DATABASES["default"]["OPTIONS"].get("pool"), reason="needs a connection pool")
def test_no_pooled_connection_is_held_while_the_model_thinks(provider, user, connection_held_during_calls):
    services.analysis_run(user=user, messages=QUESTION)

    assert connection_held_during_calls == [False]
    assert AnalysisRequest.objects.get().status == "succeeded"


def test_inside_a_callers_transaction_the_connection_stays(provider, user, connection_held_during_calls):
    with transaction.atomic():
        services.analysis_run(user=user, messages=QUESTION)

    assert connection_held_during_calls == [True]
    assert AnalysisRequest.objects.get().status == "succeeded"


async def consume(limit: int | None = None, **kwargs) -> list:
    """The events of one analysis, or its first ``limit`` ones when the consumer stops early."""
    events = []
    stream = services.analysis_astream(messages=QUESTION, **kwargs)
    try:
        async for event in stream:
            events.append(event)
            if limit is not None and len(events) >= limit:
                break
    finally:
        await stream.aclose()
        await gateway.aclose_clients()
        await sync_to_async(connections.close_all)()
    return events


def test_the_call_is_recorded_then_the_answer_streams_in_pieces_and_ends_with_the_result(provider, user):
    provider.enqueue(Reply.ok("Renewal risk is high; call the sponsor this week."))
    account = AccountFactory(owner=user)

    events = asyncio.run(consume(user=user, account=account))

    prepared, started, pieces, step, finished = events[0], events[1], events[2:-2], events[-2], events[-1]
    assert isinstance(prepared, Prepared) and prepared.request_id == finished.result.record.pk
    assert isinstance(started, StepStarted) and (started.step, started.request_id) == (1, prepared.request_id)
    assert isinstance(step, StepFinished) and step.final and step.result.record == finished.result.record
    assert prepared.facts.account == account and prepared.facts.health.band
    assert len(pieces) > 1 and "".join(piece.text for piece in pieces) == finished.result.record.response
    record = AnalysisRequest.objects.get()
    assert (record.status, record.streamed, record.response) == ("succeeded", True, finished.result.record.response)


def test_a_consumer_that_stops_early_leaves_the_call_cancelled_not_pending(provider, user):
    provider.enqueue(Reply.ok("A long answer that the reader never waits for."))

    events = asyncio.run(consume(limit=3, user=user))  # the call's preparation, its step, then one piece

    assert isinstance(events[2], gateway.TextDelta)
    record = AnalysisRequest.objects.get()
    assert (record.status, record.error_code) == ("cancelled", "CANCELLED")
    assert rollups.rebuild(fix=False).clean


def test_a_cancelled_task_leaves_the_call_cancelled(provider, user):
    provider.enqueue(Reply.fault("ok", delay=2))

    async def cancel_midway():
        task = asyncio.create_task(consume(user=user))
        await asyncio.sleep(0.5)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(cancel_midway())

    assert AnalysisRequest.objects.get().status == "cancelled"
    wait_for(lambda: provider.in_flight == 0)  # the double stops thinking about it too


def test_a_call_rolled_back_by_its_caller_is_neither_cached_nor_counted(provider, user, settings):
    """The response cache, metrics and logs follow the commit of the rows they describe."""
    settings.ENABLE_GLM_CACHING = True
    before = metrics.REQUESTS.labels(model="glm-4.6", provider="z.ai", source="api", status="succeeded")._value.get()
    with contextlib.suppress(RuntimeError), transaction.atomic():
        services.analysis_run(user=user, messages=QUESTION)
        raise RuntimeError("the caller changes its mind")

    after = metrics.REQUESTS.labels(model="glm-4.6", provider="z.ai", source="api", status="succeeded")._value.get()
    assert not AnalysisRequest.objects.exists()
    assert after == before
    services.analysis_run(user=user, messages=QUESTION)
    assert AnalysisRequest.objects.get().cache_hit is False  # nothing was cached by the rolled-back call
