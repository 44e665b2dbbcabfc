"""The analysis use case: one code path for the API, the admin, bulk runs and workers.

``analysis_run`` (and its async twin ``analysis_arun``) builds the server-side prompt from the
account's stored facts and health, creates the AnalysisRequest *before* calling the provider
and finishes it after, whatever happens, writes TokenUsage with the exact cost, and appends
the turn to the Thread. Every provider call leaves exactly one AnalysisRequest row.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

import structlog
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Account
from copilot import llm, metrics, pricing, prompts, rollups
from copilot.errors import CopilotError, ErrorCode
from copilot.models import AnalysisRequest, BulkRunItem, ModelPrice, Source, Thread, TokenUsage
from sergas.rowwrites import insert_row, update_row

logger = structlog.get_logger(__name__)

CACHE_PREFIX = "glm-response:v1:"
FINISHED_FIELDS = ["status", "finished_at", "latency_ms", "retries"]
SUCCEEDED_FIELDS = [
    *FINISHED_FIELDS,
    "response",
    "model",
    "stop_reason",
    "provider_request_id",
    "streamed",
    "time_to_first_token_ms",
]


class NotStarted(Exception):
    """A bulk item was not started: ``before_start`` refused it (``code``), another worker had
    it, or its caller stopped while its call waited for a slot (``CANCELLED``)."""

    def __init__(self, code: str = ""):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class AnalysisResult:
    record: AnalysisRequest
    usage: TokenUsage
    thread: Thread | None


@dataclass(frozen=True)
class _Prepared:
    config: llm.LLMConfig
    user: object
    account: Account | None
    agent: str
    source: str
    system: str
    messages: list[dict]
    thread_key: str | None
    cache_key: str | None
    bulk_item: BulkRunItem | None
    # Set when the call starts.
    thread: Thread | None = None
    thread_existed: bool = False


def analysis_run(
    *,
    user,
    messages: Sequence[dict],
    account: Account | None = None,
    agent: str = prompts.DEFAULT_AGENT,
    thread_key: str | None = None,
    source: str = Source.API,
    bulk_item: BulkRunItem | None = None,
    before_start: Callable[[], str] | None = None,
    stream: bool = True,
) -> AnalysisResult:
    """Ask the model about ``account``. Raises ``CopilotError`` with a documented code.

    A ``bulk_item`` is claimed (pending → running) in the transaction that creates the record;
    ``before_start`` runs first in that transaction and may refuse with an error code. Either
    refusal, or another worker holding the item, raises ``NotStarted`` before any provider call.

    ``stream=False`` asks for one JSON answer even when streaming is enabled: for callers that
    show nothing until the end (bulk runs), it costs the SDK about 1 ms less CPU per call."""
    prepared, record, cached = _begin(
        user, messages, account, agent, thread_key, source, bulk_item, stream, before_start
    )
    _release_connection()
    try:
        completion = cached or llm.complete(prepared.config, system=prepared.system, messages=prepared.messages)
    except llm.LLMError as exc:
        raise _fail(record, exc, prepared.bulk_item) from None
    except Exception:
        raise _fail_unexpected(record, prepared.bulk_item) from None
    except BaseException:  # Ctrl-C, worker shutdown: the row must not stay pending
        _cancel(record, prepared.bulk_item)
        raise
    return _succeed(prepared, record, completion)


async def analysis_arun(
    *,
    user,
    messages: Sequence[dict],
    account: Account | None = None,
    agent: str = prompts.DEFAULT_AGENT,
    thread_key: str | None = None,
    source: str = Source.API,
    bulk_item: BulkRunItem | None = None,
    before_start: Callable[[], str] | None = None,
    stream: bool = True,
    group: GroupCommit | None = None,
    call_slot: Callable[[], contextlib.AbstractAsyncContextManager] | None = None,
) -> AnalysisResult:
    """``analysis_run`` for async callers: the provider call runs on the shared async client.
    With a ``group``, the database steps run together with those of the group's other calls.
    ``call_slot()`` is entered around the provider call alone (not the database steps), for a
    caller that bounds its calls in flight; it may raise ``CallWithdrawn``."""
    step = group.run if group is not None else _alone
    begun = await step(_begin, user, messages, account, agent, thread_key, source, bulk_item, stream, before_start)
    prepared, record, cached = begun
    try:
        if cached:
            completion = cached
        else:
            async with call_slot() if call_slot is not None else contextlib.nullcontext():
                completion = await llm.acomplete(prepared.config, system=prepared.system, messages=prepared.messages)
    except CallWithdrawn:
        await step(_cancel, record, prepared.bulk_item, "Stopped before the call was made; the provider was not asked.")
        raise NotStarted(ErrorCode.CANCELLED) from None
    except llm.LLMError as exc:
        raise await step(_fail, record, exc, prepared.bulk_item) from None
    except Exception:
        raise await step(_fail_unexpected, record, prepared.bulk_item) from None
    except BaseException:  # cancelled task: record it, then let the cancellation through
        await step(_cancel, record, prepared.bulk_item)
        raise
    return await step(_succeed, prepared, record, completion)


async def _alone(step: Callable, *args):
    return await sync_to_async(step)(*args)


class CallWithdrawn(Exception):
    """Raised by a caller's ``call_slot`` instead of letting the provider call start: the
    caller is stopping. The call is recorded as cancelled and never made."""


class GroupCommit:
    """Runs the database steps of many concurrent async calls together: one thread hop and one
    commit per group of steps instead of per step. For callers with many calls in flight (bulk
    runs), where the hops and commits cost more than the steps' own SQL.

    A group is whatever steps arrived while the previous group ran, so a lone call waits for
    nothing. Each step has its own savepoint: a step that fails, or finds its item taken, rolls
    back only its own writes. The rollups of a group's finished calls are written last, merged
    (``rollups.record_many``), and what a step does after its writes (metrics, logs, the
    response cache) runs once the group has committed."""

    def __init__(self):
        self._waiting: list[tuple[Callable, tuple, asyncio.Future]] = []
        self._draining: asyncio.Task | None = None

    async def run(self, step: Callable, *args):
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((step, args, future))
        if self._draining is None:
            self._draining = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._waiting:
                group, self._waiting = self._waiting, []
                try:
                    outcomes = await sync_to_async(_run_group)([(step, args) for step, args, _ in group])
                except Exception as exc:  # the commit itself failed: no step's writes stayed
                    outcomes = [(False, exc)] * len(group)
                for (_, _, future), (ok, value) in zip(group, outcomes, strict=True):
                    if not future.done():
                        future.set_result(value) if ok else future.set_exception(value)
        finally:
            self._draining = None


class _Group(threading.local):
    """The group this thread is running, if any."""

    active = False
    finished: list  # (record, usage) of the group's finished calls, for the rollups
    prices: pricing.PriceBook | None = None  # the price rows, read once for the group's calls

    def open(self) -> None:
        self.active, self.finished, self.prices = True, [], pricing.PriceBook()

    def close(self) -> None:
        self.active, self.finished, self.prices = False, [], None


_group = _Group()


def _run_group(steps: list[tuple[Callable, tuple]]) -> list[tuple[bool, object]]:
    outcomes = []
    with transaction.atomic():
        _group.open()
        try:
            for step, args in steps:
                outcomes.append(_run_step(step, args))
            rollups.record_many(_group.finished)
        finally:
            _group.close()
    return outcomes


def _run_step(step: Callable, args: tuple) -> tuple[bool, object]:
    savepoint = transaction.savepoint()
    counted = len(_group.finished)
    try:
        outcome = (True, step(*args))
    except Exception as exc:
        outcome = (False, exc)
    # A refusal (NotStarted, CopilotError) keeps what the step wrote before it, as it would
    # outside a group; a failed query or a step that set rollback keeps nothing.
    expected = outcome[0] or isinstance(outcome[1], NotStarted | CopilotError)
    if connection.needs_rollback or not expected:
        connection.needs_rollback = False
        transaction.savepoint_rollback(savepoint)  # also drops its on_commit callbacks
        del _group.finished[counted:]
    else:
        transaction.savepoint_commit(savepoint)
    return outcome


def _atomic():
    """A step's writes, atomic on their own; in a group the step's savepoint already is."""
    return transaction.atomic(savepoint=not _group.active)


def _afterwards(action: Callable[[], None]) -> None:
    """Run ``action`` once the step's writes are committed: now, or after its group's commit."""
    if _group.active:
        transaction.on_commit(action, robust=True)
    else:
        action()


def _price_for(model: str, at: dt.datetime) -> ModelPrice | None:
    return _group.prices.price_for(model, at) if _group.active else pricing.price_for(model, at)


def _count_finished(record: AnalysisRequest, usage: TokenUsage | None = None) -> None:
    if _group.active:
        _group.finished.append((record, usage))
    else:
        rollups.record_finished(record, usage)


@dataclass(frozen=True)
class AccountsOutcome:
    succeeded: list[AnalysisRequest]
    failed: list[tuple[Account, CopilotError]]
    not_attempted: list[Account]


# Errors that would fail every remaining account the same way: stop asking.
_STOPS_A_BATCH = {ErrorCode.LLM_NOT_CONFIGURED, ErrorCode.BUDGET_EXCEEDED, ErrorCode.PROVIDER_AUTH_FAILED}


def analysis_run_for_accounts(
    *, user, accounts: Sequence[Account], question: str = prompts.HEALTH_REVIEW_QUESTION, source: str = Source.ADMIN
) -> AccountsOutcome:
    """Ask the same question about each account, one after another (the admin's buttons)."""
    succeeded, failed = [], []
    for index, account in enumerate(accounts):
        try:
            result = analysis_run(
                user=user, account=account, messages=[{"role": "user", "content": question}], source=source
            )
        except CopilotError as exc:
            failed.append((account, exc))
            if exc.code in _STOPS_A_BATCH:
                return AccountsOutcome(succeeded, failed, list(accounts[index + 1 :]))
        else:
            succeeded.append(result.record)
    return AccountsOutcome(succeeded, failed, [])


# --- steps ----------------------------------------------------------------------------------


def _release_connection() -> None:
    """A real model thinks for seconds: give the database connection back to its pool meanwhile,
    so the calls in flight are not capped by the pool's size (``DB_POOL_MAX_SIZE``). Inside a
    caller's transaction it has to stay."""
    if not connection.in_atomic_block:
        connection.close()


def _begin(
    user, messages, account, agent, thread_key, source, bulk_item, stream, before_start
) -> tuple[_Prepared, AnalysisRequest, llm.Completion | None]:
    """Everything before the provider call, in one step (one thread hop on the async path)."""
    prepared = _prepare(user, messages, account, agent, thread_key, source, bulk_item, stream)
    cached = _cached_completion(prepared)
    return (*_start(prepared, cache_hit=cached is not None, before_start=before_start), cached)


def _prepare(user, messages, account, agent, thread_key, source, bulk_item, stream) -> _Prepared:
    config = llm.LLMConfig.from_settings()
    if not stream:
        config = replace(config, streaming=False)
    if not config.configured:
        raise CopilotError(
            ErrorCode.LLM_NOT_CONFIGURED, "AI analysis is not configured: set ANTHROPIC_API_KEY on the server."
        )
    if agent not in prompts.AGENTS:
        raise CopilotError(ErrorCode.VALIDATION_ERROR, f"Unknown agent '{agent}'.", field="agent")
    check_daily_budget()
    now = timezone.now()
    facts = prompts.AccountFacts.load(account, now=now) if account is not None else None
    system = prompts.system_prompt(agent=agent, facts=facts, now=now)
    clean_messages = [{"role": m["role"], "content": m["content"]} for m in messages]
    return _Prepared(
        config=config,
        user=user,
        account=account,
        agent=agent,
        source=source,
        system=system,
        messages=clean_messages,
        thread_key=thread_key,
        cache_key=_cache_key(config, system, clean_messages) if settings.ENABLE_GLM_CACHING else None,
        bulk_item=bulk_item,
    )


def _thread_for(user, thread_key: str | None, account: Account | None) -> tuple[Thread | None, bool]:
    """The caller's thread and whether it already existed (a new one needs no touch later)."""
    if user is None:
        return None, False
    if thread_key is None:
        new_id = uuid.uuid4()
        return insert_row(Thread(id=new_id, user=user, key=str(new_id), account=account)), False
    thread, created = Thread.objects.get_or_create(user=user, key=thread_key, defaults={"account": account})
    return thread, not created


def _start(prepared: _Prepared, *, cache_hit: bool, before_start) -> tuple[_Prepared, AnalysisRequest]:
    """The thread, the record and the bulk item's claim in one transaction (one commit)."""
    item = prepared.bulk_item
    with _atomic():
        refusal = before_start() if before_start is not None else ""
        claimed = False
        if not refusal:
            thread, thread_existed = _thread_for(prepared.user, prepared.thread_key, prepared.account)
            prepared = replace(prepared, thread=thread, thread_existed=thread_existed)
            record = _create_record(prepared, cache_hit=cache_hit)
            claimed = item is None or _claim_item(item, record)
            if not claimed:
                transaction.set_rollback(True)  # another worker has the item: no record, no call
    if refusal:
        raise NotStarted(refusal)  # after the commit, so what before_start wrote stays
    if not claimed:
        raise NotStarted()
    return prepared, record


def _claim_item(item: BulkRunItem, record: AnalysisRequest) -> bool:
    """Pending → running, unless another worker took it (or took and requeued it) since it was read."""
    # By id, not the related object: reading that would fetch a retried item's last record.
    seen = (item.status, item.attempts, item.analysis_request_id)
    item.status, item.attempts, item.analysis_request = BulkRunItem.Status.RUNNING, item.attempts + 1, record
    expected = {"status": BulkRunItem.Status.PENDING, "attempts": seen[1]}
    claimed = update_row(item, ["status", "attempts", "analysis_request", "updated_at"], only_if=expected)
    if not claimed:
        item.status, item.attempts, item.analysis_request_id = seen
    return claimed


def _update_item(item: BulkRunItem, status: str, **fields) -> None:
    """Bulk item state moves in the same transaction as its AnalysisRequest."""
    item.status = status
    for name, value in fields.items():
        setattr(item, name, value)
    update_row(item, ["status", "updated_at", *fields])


def _create_record(prepared: _Prepared, *, cache_hit: bool) -> AnalysisRequest:
    record = AnalysisRequest(
        thread=prepared.thread,
        account=prepared.account,
        user=prepared.user,
        source=prepared.source,
        agent=prepared.agent,
        system_prompt=prepared.system,
        messages=prepared.messages,
        prompt=prepared.messages[-1]["content"],
        model=prepared.config.model,
        provider=prepared.config.provider,
        cache_hit=cache_hit,
        bulk_run_id=prepared.bulk_item.run_id if prepared.bulk_item else None,
    )
    return insert_row(record)


def _succeed(prepared: _Prepared, record: AnalysisRequest, completion: llm.Completion) -> AnalysisResult:
    finished_at = timezone.now()
    price = _price_for(completion.model, record.created_at)
    counts = {
        "input_tokens": completion.input_tokens,
        "output_tokens": completion.output_tokens,
        "cache_read_tokens": completion.cache_read_tokens,
        "cache_creation_tokens": completion.cache_creation_tokens,
    }
    record.status = AnalysisRequest.Status.SUCCEEDED
    record.response = completion.text
    record.model = completion.model
    record.stop_reason = completion.stop_reason
    record.provider_request_id = completion.provider_request_id
    record.streamed = completion.streamed
    record.retries = completion.retries
    record.latency_ms = completion.latency_ms
    record.time_to_first_token_ms = completion.time_to_first_token_ms
    record.finished_at = finished_at
    usage = TokenUsage(
        analysis_request=record,
        model=completion.model,
        cost_usd=pricing.cost_usd(price, **counts) if price else None,
        price=price,
        created_at=record.created_at,
        **counts,
    )
    with _atomic():
        update_row(record, SUCCEEDED_FIELDS)
        insert_row(usage)
        if prepared.thread_existed:  # a thread created for this call is already current
            update_row(prepared.thread, ["updated_at"])
        if prepared.bulk_item is not None:
            _update_item(prepared.bulk_item, BulkRunItem.Status.SUCCEEDED, error_code="")
        # Last: every call of the day updates the same rollup rows, so hold their locks briefly.
        _count_finished(record, usage)
    _afterwards(partial(_succeeded, prepared, record, usage, completion))
    return AnalysisResult(record=record, usage=usage, thread=prepared.thread)


def _succeeded(prepared: _Prepared, record: AnalysisRequest, usage: TokenUsage, completion: llm.Completion) -> None:
    if prepared.cache_key and not record.cache_hit:
        cache.set(prepared.cache_key, _cacheable(completion), settings.GLM_CACHE_TTL_SECONDS)
    metrics.observe(record, usage)
    logger.info(
        "glm_response_generated",
        request_id=record.pk,
        account_id=prepared.account.external_id if prepared.account else None,
        model=record.model,
        provider=record.provider,
        source=record.source,
        response_length=len(completion.text),
        latency_ms=round(completion.latency_ms, 1),
        retries=completion.retries,
        cache_hit=record.cache_hit,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cost_usd=pricing.format_usd(usage.cost_usd),
    )


def _finish_unsuccessful(
    record: AnalysisRequest, status: str, code: ErrorCode, message: str, item: BulkRunItem | None, **fields
) -> None:
    record.status = status
    record.error_code = code
    record.error_message = message
    record.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(record, name, value)
    with _atomic():
        update_row(record, [*FINISHED_FIELDS, "error_code", "error_message"])
        if item is not None:
            # A cancelled call leaves its item pending, to be picked up again by a resume.
            item_status = BulkRunItem.Status.PENDING if status == record.Status.CANCELLED else BulkRunItem.Status.FAILED
            _update_item(item, item_status, error_code=code)
        _count_finished(record)  # last, as in _succeed
    _afterwards(partial(_finished_unsuccessfully, record))


def _finished_unsuccessfully(record: AnalysisRequest) -> None:
    metrics.observe(record)
    logger.warning(
        "real_agent_execution_failed",
        request_id=record.pk,
        account_id=record.account.external_id if record.account_id else None,
        code=record.error_code,
        error=record.error_message,
        model=record.model,
        provider=record.provider,
        source=record.source,
        retries=record.retries,
    )


def _fail(record: AnalysisRequest, error: llm.LLMError, item: BulkRunItem | None = None) -> CopilotError:
    _finish_unsuccessful(
        record,
        AnalysisRequest.Status.FAILED,
        error.code,
        error.message,
        item,
        retries=error.retries,
        latency_ms=error.latency_ms,
    )
    return CopilotError(error.code, error.message, retry_after=error.retry_after, request_id=record.pk)


def _fail_unexpected(record: AnalysisRequest, item: BulkRunItem | None = None) -> CopilotError:
    logger.exception("analysis_internal_error", request_id=record.pk)
    message = "The analysis failed unexpectedly; the error has been logged."
    _finish_unsuccessful(record, AnalysisRequest.Status.FAILED, ErrorCode.INTERNAL_ERROR, message, item)
    return CopilotError(ErrorCode.INTERNAL_ERROR, message, request_id=record.pk)


def _cancel(
    record: AnalysisRequest,
    item: BulkRunItem | None = None,
    message: str = "The call was cancelled before it finished.",
) -> None:
    _finish_unsuccessful(record, AnalysisRequest.Status.CANCELLED, ErrorCode.CANCELLED, message, item)


def analysis_abandon(*, record: AnalysisRequest) -> None:
    """Record as cancelled a call whose process stopped before finishing it (bulk resume)."""
    _cancel(record, message="The process running this call stopped before it finished.")


# --- budget and response cache --------------------------------------------------------------


def start_of_today() -> dt.datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def spent_today() -> Decimal:
    total = TokenUsage.objects.filter(created_at__gte=start_of_today()).aggregate(total=Sum("cost_usd"))["total"]
    return total or Decimal(0)


def check_daily_budget() -> None:
    budget = settings.COPILOT_DAILY_BUDGET_USD
    if budget is None:
        return
    if spent_today() >= budget:
        tomorrow = start_of_today() + dt.timedelta(days=1)
        raise CopilotError(
            ErrorCode.BUDGET_EXCEEDED,
            f"Today's AI budget of {budget} USD is spent; it resets at midnight ({settings.TIME_ZONE}).",
            retry_after=max(1, int((tomorrow - timezone.localtime()).total_seconds())),
        )


def _cache_key(config: llm.LLMConfig, system: str, messages: list[dict]) -> str:
    params = llm.request_params(config, system, messages)
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
    return CACHE_PREFIX + digest


def _cacheable(completion: llm.Completion) -> dict:
    return {"text": completion.text, "model": completion.model, "stop_reason": completion.stop_reason}


def _cached_completion(prepared: _Prepared) -> llm.Completion | None:
    if not prepared.cache_key:
        return None
    hit = cache.get(prepared.cache_key)
    if hit is None:
        return None
    # A cached answer cost nothing this time: zero tokens, no provider round trip.
    return llm.Completion(
        text=hit["text"],
        model=hit["model"],
        stop_reason=hit["stop_reason"],
        input_tokens=0,
        output_tokens=0,
        cache_read_tokens=0,
        cache_creation_tokens=0,
        provider_request_id="",
        retries=0,
        latency_ms=0.0,
        time_to_first_token_ms=None,
        streamed=False,
    )
