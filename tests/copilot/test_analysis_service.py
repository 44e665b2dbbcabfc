"""analysis_run as the admin, bulk runs and workers use it: one row per call, whatever happens."""

import asyncio
import contextlib
import datetime as dt
import logging
from decimal import Decimal

import pytest
from asgiref.sync import sync_to_async
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from copilot import llm, pricing, rollups, services
from copilot.errors import CopilotError, ErrorCode
from copilot.models import AnalysisRequest, BulkRunItem, ModelPrice, Source, TokenUsage
from tests.factories import AccountFactory, BulkRunItemFactory
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

    monkeypatch.setattr("copilot.llm.complete", interrupted)
    with pytest.raises(KeyboardInterrupt):
        services.analysis_run(user=user, messages=QUESTION)
    record = AnalysisRequest.objects.get()
    assert (record.status, record.error_code) == ("cancelled", "CANCELLED")


def test_an_unexpected_failure_is_recorded_and_reported_without_details(provider, user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("copilot.llm.complete", broken)
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


def test_a_bulk_item_is_claimed_in_the_transaction_that_records_its_call(provider):
    item = BulkRunItemFactory()

    result = services.analysis_run(
        user=None, account=item.account, messages=QUESTION, source=Source.BULK, bulk_item=item, stream=False
    )

    item.refresh_from_db()
    assert (item.status, item.attempts, item.analysis_request) == ("succeeded", 1, result.record)


def test_a_bulk_item_another_worker_holds_is_not_started_and_leaves_no_record(provider):
    item = BulkRunItemFactory()
    BulkRunItem.objects.filter(pk=item.pk).update(status="running")  # claimed elsewhere meanwhile

    with pytest.raises(services.NotStarted) as refused:
        services.analysis_run(user=None, account=item.account, messages=QUESTION, source=Source.BULK, bulk_item=item)

    assert refused.value.code == ""
    assert provider.requests == [] and not AnalysisRequest.objects.exists()


def test_a_refusal_before_start_keeps_what_it_wrote_and_calls_nothing(provider):
    item = BulkRunItemFactory()

    def refuse():
        BulkRunItem.objects.filter(pk=item.pk).update(error_code="NOTED")
        return ErrorCode.BUDGET_EXCEEDED

    with pytest.raises(services.NotStarted) as refused:
        services.analysis_run(
            user=None, account=item.account, messages=QUESTION, source=Source.BULK, bulk_item=item, before_start=refuse
        )

    assert refused.value.code == ErrorCode.BUDGET_EXCEEDED
    item.refresh_from_db()
    assert (item.status, item.error_code) == ("pending", "NOTED")
    assert provider.requests == [] and not AnalysisRequest.objects.exists()


@pytest.fixture
def connection_held_during_calls(monkeypatch):
    """Whether Django held a database connection at each provider call (the call itself is real)."""
    held, real_complete = [], llm.complete

    def observed(*args, **kwargs):
        held.append(connections["default"].connection is not None)
        return real_complete(*args, **kwargs)

    monkeypatch.setattr(llm, "complete", observed)
    return held


def test_no_database_connection_is_held_while_the_model_thinks(provider, user, connection_held_during_calls):
    services.analysis_run(user=user, messages=QUESTION)

    assert connection_held_during_calls == [False]
    assert AnalysisRequest.objects.get().status == "succeeded"


def test_inside_a_callers_transaction_the_connection_stays(provider, user, connection_held_during_calls):
    with transaction.atomic():
        services.analysis_run(user=user, messages=QUESTION)

    assert connection_held_during_calls == [True]
    assert AnalysisRequest.objects.get().status == "succeeded"


# --- calls whose database steps commit together (bulk runs) ---------------------------------


@pytest.fixture
def group_sizes(monkeypatch):
    """How many steps each group ran in one transaction."""
    sizes, real_run_group = [], services._run_group

    def observed(steps):
        sizes.append(len(steps))
        return real_run_group(steps)

    monkeypatch.setattr(services, "_run_group", observed)
    return sizes


async def analyse_together(*calls: dict) -> list:
    """Start every call at once on one group; each call's result, or the exception it raised."""
    group = services.GroupCommit()
    try:
        runs = [services.analysis_arun(messages=QUESTION, source=Source.BULK, group=group, **call) for call in calls]
        return await asyncio.gather(*runs, return_exceptions=True)
    finally:
        await sync_to_async(connections.close_all)()


def bulk_call(item, **extra) -> dict:
    return {"user": None, "account": item.account, "bulk_item": item, "stream": False, **extra}


def test_calls_in_a_group_share_transactions_and_are_recorded_as_lone_calls_are(provider, group_sizes):
    items = BulkRunItemFactory.create_batch(6)

    results = asyncio.run(analyse_together(*(bulk_call(item) for item in items)))

    assert sum(group_sizes) == 12 and max(group_sizes) > 1  # a start and a finish per call
    assert {result.record.status for result in results} == {"succeeded"}
    assert AnalysisRequest.objects.filter(status="succeeded").count() == 6
    assert TokenUsage.objects.count() == 6
    for usage in TokenUsage.objects.select_related("analysis_request"):  # priced as a lone call is
        price = pricing.price_for(usage.model, usage.analysis_request.created_at)
        assert usage.price == price and usage.cost_usd == pricing.cost_usd(
            price, input_tokens=usage.input_tokens, output_tokens=usage.output_tokens
        )
    assert set(BulkRunItem.objects.values_list("status", flat=True)) == {"succeeded"}
    assert rollups.rebuild(fix=False).clean  # merged rollups equal the raw rows


def test_in_a_group_an_item_held_elsewhere_rolls_back_only_its_own_record(provider, group_sizes):
    held, free = BulkRunItemFactory.create_batch(2)
    BulkRunItem.objects.filter(pk=held.pk).update(status="running")  # claimed elsewhere meanwhile

    refused, done = asyncio.run(analyse_together(bulk_call(held), bulk_call(free)))

    assert group_sizes[0] == 2
    assert isinstance(refused, services.NotStarted)
    assert AnalysisRequest.objects.get() == done.record
    assert len(provider.requests) == 1


def test_in_a_group_a_step_that_breaks_keeps_none_of_its_writes_and_the_others_commit(provider, group_sizes):
    broken, fine = BulkRunItemFactory.create_batch(2)

    def write_then_break():
        BulkRunItem.objects.filter(pk=broken.pk).update(error_code="WRITTEN")
        raise RuntimeError("a bug")

    failure, done = asyncio.run(analyse_together(bulk_call(broken, before_start=write_then_break), bulk_call(fine)))

    assert group_sizes[0] == 2
    assert isinstance(failure, RuntimeError)
    broken.refresh_from_db()
    assert (broken.status, broken.error_code) == ("pending", "")
    assert AnalysisRequest.objects.get() == done.record


def test_a_refusal_in_a_group_keeps_what_it_wrote(provider, group_sizes):
    item = BulkRunItemFactory()

    def refuse():
        BulkRunItem.objects.filter(pk=item.pk).update(error_code="NOTED")
        return ErrorCode.BUDGET_EXCEEDED

    (refused,) = asyncio.run(analyse_together(bulk_call(item, before_start=refuse)))

    assert refused.code == ErrorCode.BUDGET_EXCEEDED
    item.refresh_from_db()
    assert item.error_code == "NOTED"
    assert not AnalysisRequest.objects.exists()


def test_a_call_its_slot_withdraws_is_never_made_and_is_recorded_as_cancelled(provider):
    item = BulkRunItemFactory()

    @contextlib.asynccontextmanager
    async def withdrawn():
        raise services.CallWithdrawn
        yield

    (refused,) = asyncio.run(analyse_together(bulk_call(item, call_slot=withdrawn)))

    assert isinstance(refused, services.NotStarted) and refused.code == ErrorCode.CANCELLED
    assert not provider.requests
    assert AnalysisRequest.objects.get().status == "cancelled"
    item.refresh_from_db()
    assert item.status == "pending"  # a resume does it


def test_a_group_whose_commit_fails_reports_nothing_it_did_not_store(provider, monkeypatch, caplog):
    items = BulkRunItemFactory.create_batch(3)
    started = asyncio.run(analyse_together(*(bulk_call(item) for item in items[:1])))[0].record
    real_record_many = rollups.record_many

    def fail_once_calls_finished(finished):
        if any(record.status == "succeeded" for record, _ in finished):
            raise DatabaseError("disk full")
        real_record_many(finished)

    monkeypatch.setattr(rollups, "record_many", fail_once_calls_finished)
    caplog.set_level(logging.INFO)
    caplog.clear()
    results = asyncio.run(analyse_together(*(bulk_call(item) for item in items[1:])))

    assert all(isinstance(result, DatabaseError) for result in results)
    assert set(AnalysisRequest.objects.values_list("status", flat=True)) == {"succeeded", "pending"}
    assert AnalysisRequest.objects.filter(status="succeeded").get() == started
    assert not any("glm_response_generated" in record.getMessage() for record in caplog.records)


def test_a_step_whose_query_fails_keeps_none_of_its_writes_and_the_next_step_still_runs():
    first, second = BulkRunItemFactory.create_batch(2)

    def write_then_query_a_missing_table():
        BulkRunItem.objects.filter(pk=first.pk).update(error_code="WRITTEN")
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")  # on PostgreSQL this aborts the transaction

    def write():
        BulkRunItem.objects.filter(pk=second.pk).update(error_code="WRITTEN")
        return "done"

    outcomes = services._run_group([(write_then_query_a_missing_table, ()), (write, ())])

    assert [ok for ok, _ in outcomes] == [False, True]
    assert isinstance(outcomes[0][1], DatabaseError)
    assert dict(BulkRunItem.objects.values_list("pk", "error_code")) == {first.pk: "", second.pk: "WRITTEN"}
