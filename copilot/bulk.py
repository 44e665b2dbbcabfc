"""Bulk analysis: many accounts through the same analysis service, bounded, resumable, in budget.

One unit of work serves both backends: ``process_item`` for the Celery task and its async twin
``aprocess_item`` for the ``analyze_accounts`` command's event loop; they share every step
(claim, the analysis service, settling errors, limits). An item is claimed with a conditional
update, so no item is ever analysed twice, and its state moves in the same transaction as its
AnalysisRequest (see ``copilot.services``), so a run killed at any moment can be resumed.
Limits (requests and tokens per minute, a provider's retry-after pause) live in the cache:
per process by default, shared by every worker when CACHE_URL points at Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import structlog
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Mod
from django.utils import timezone
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from accounts.health import HealthReport
from accounts.models import Account
from accounts.selectors import accounts_with_health
from copilot import llm, pricing, prompts, services
from copilot.errors import CopilotError, ErrorCode
from copilot.models import AnalysisRequest, BulkRun, BulkRunItem, Source, TokenUsage
from sergas.rowwrites import insert_rows

logger = structlog.get_logger(__name__)

DEFAULT_QUESTION = prompts.HEALTH_REVIEW_QUESTION
CHUNK = 500
REQUEUE_DELAY_SECONDS = 5
# In-process runs keep up to this many items started per provider call slot (see _run_inline).
ITEMS_PER_CALL_SLOT = 3
# Used only until a run has finished items of its own to average (dry runs, first items).
PROMPT_TOKENS_ESTIMATE = 600


# --- selection -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    all: bool = False
    ids: tuple[str, ...] = ()
    status: str | None = None
    owner: str | None = None
    health_below: int | None = None
    limit: int | None = None

    def as_dict(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value not in (None, (), False)}

    @property
    def empty(self) -> bool:
        return not (self.all or self.ids or self.status or self.owner or self.health_below is not None)


def _filtered(selection: Selection) -> QuerySet[Account]:
    accounts: QuerySet[Account] = Account.objects.order_by("pk")
    if selection.ids:
        accounts = accounts.filter(external_id__in=selection.ids)
    if selection.status:
        accounts = accounts.filter(status=selection.status)
    if selection.owner:
        accounts = accounts.filter(owner__username=selection.owner)
    return accounts


def selected_with_health(selection: Selection) -> Iterator[tuple[Account, HealthReport]]:
    """The chosen accounts with their health, in id order and in chunks (memory stays flat)."""
    chosen = 0
    for account, report in accounts_with_health(_filtered(selection), chunk_size=CHUNK):
        if selection.health_below is not None and report.score >= selection.health_below:
            continue
        if selection.limit is not None and chosen >= selection.limit:
            return
        chosen += 1
        yield account, report


def selected_account_ids(selection: Selection) -> Iterator[int]:
    """The chosen accounts' primary keys, in id order: no account is loaded unless its health is
    needed to choose it."""
    if selection.health_below is not None:
        yield from (account.pk for account, _ in selected_with_health(selection))
        return
    ids = _filtered(selection).values_list("pk", flat=True)
    if selection.limit is not None:
        ids = ids[: selection.limit]
    yield from ids.iterator(chunk_size=CHUNK)


def missing_ids(selection: Selection) -> list[str]:
    found = set(Account.objects.filter(external_id__in=selection.ids).values_list("external_id", flat=True))
    return [external_id for external_id in selection.ids if external_id not in found]


# --- runs ----------------------------------------------------------------------------------


def create_run(
    *,
    selection: Selection,
    question: str,
    backend: str = BulkRun.Backend.INLINE,
    concurrency: int = 4,
    rpm: int | None = None,
    tpm: int | None = None,
    max_cost: Decimal | None = None,
    created_by: str = "",
) -> BulkRun:
    """A run with one pending item per selected account, written in chunks."""
    with transaction.atomic():
        run = BulkRun.objects.create(
            question=question,
            selection=selection.as_dict(),
            backend=backend,
            concurrency=concurrency,
            rpm_limit=rpm,
            tpm_limit=tpm,
            max_cost_usd=max_cost,
            created_by=created_by,
        )
        batch: list[BulkRunItem] = []
        for account_id in selected_account_ids(selection):
            batch.append(BulkRunItem(run_id=run.pk, account_id=account_id))
            if len(batch) >= CHUNK:
                insert_rows(batch)
                batch = []
        insert_rows(batch)
    return run


def unfinished_runs() -> QuerySet[BulkRun]:
    return BulkRun.objects.filter(status__in=BulkRun.UNFINISHED).order_by("-created_at")


def prepare_resume(run: BulkRun, *, retry_failed: bool = False) -> int:
    """Repair what a crash left behind; returns how many items will be (re)tried.

    An item caught mid-call whose analysis in fact finished is marked done, never redone; one
    whose call never finished has that call recorded as cancelled and goes back to pending.
    """
    for item in run.items.filter(status=BulkRunItem.Status.RUNNING).select_related("analysis_request"):
        record = item.analysis_request
        with transaction.atomic():
            if record is not None and record.status == AnalysisRequest.Status.SUCCEEDED:
                item.status = BulkRunItem.Status.SUCCEEDED
            else:
                if record is not None and record.status == AnalysisRequest.Status.PENDING:
                    services.analysis_abandon(record=record)
                item.status = BulkRunItem.Status.PENDING
            item.save(update_fields=["status", "updated_at"])
    if retry_failed:
        run.items.filter(status=BulkRunItem.Status.FAILED).update(
            status=BulkRunItem.Status.PENDING, error_code="", updated_at=timezone.now()
        )
    BulkRun.objects.filter(pk=run.pk).update(status=BulkRun.Status.RUNNING, finished_at=None)
    run.refresh_from_db()
    return run.items.filter(status=BulkRunItem.Status.PENDING).count()


def complete_if_done(run_id: int) -> bool:
    """Mark a running run completed once no item is left to do (workers call this)."""
    open_items = BulkRunItem.objects.filter(
        run_id=run_id, status__in=[BulkRunItem.Status.PENDING, BulkRunItem.Status.RUNNING]
    )
    if open_items.exists():
        return False
    return bool(
        BulkRun.objects.filter(pk=run_id, status=BulkRun.Status.RUNNING).update(
            status=BulkRun.Status.COMPLETED, finished_at=timezone.now()
        )
    )


def finish_run(run: BulkRun, status: str) -> None:
    BulkRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())
    run.refresh_from_db()


# --- cost --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    accounts: int
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal | None  # None: the model has no price


def estimate_per_item(*, question: str, run: BulkRun | None = None) -> tuple[int, int, Decimal | None]:
    """Tokens and cost expected for one item: the run's own average once it has one, else an
    upper bound (a typical prompt in, max_tokens out)."""
    if run is not None:
        done = TokenUsage.objects.filter(analysis_request__bulk_run=run, analysis_request__cache_hit=False)
        totals = done.aggregate(n=Count("pk"), inp=Sum("input_tokens"), out=Sum("output_tokens"), cost=Sum("cost_usd"))
        if totals["n"]:
            cost = totals["cost"] / totals["n"] if totals["cost"] is not None else None
            return totals["inp"] // totals["n"], totals["out"] // totals["n"], cost
    input_tokens = PROMPT_TOKENS_ESTIMATE + len(question) // 4
    output_tokens = settings.GLM_MAX_TOKENS
    price = pricing.price_for(settings.CLAUDE_MODEL, timezone.now())
    cost = pricing.cost_usd(price, input_tokens=input_tokens, output_tokens=output_tokens) if price else None
    return input_tokens, output_tokens, cost


def estimate(selection: Selection, *, question: str) -> Estimate:
    """A dry run: how many accounts and what they would cost. No provider call."""
    count = sum(1 for _ in selected_account_ids(selection))
    input_tokens, output_tokens, cost = estimate_per_item(question=question)
    return Estimate(
        accounts=count,
        input_tokens=count * input_tokens,
        output_tokens=count * output_tokens,
        cost_usd=cost * count if cost is not None else None,
    )


def spent_usd(run: BulkRun) -> Decimal:
    total = TokenUsage.objects.filter(analysis_request__bulk_run=run).aggregate(total=Sum("cost_usd"))["total"]
    return total or Decimal(0)


def within_budget(run: BulkRun) -> bool:
    """Would starting one more item keep spent + in flight + this one within the run's cap?"""
    if run.max_cost_usd is None:
        return True
    _, _, per_item = estimate_per_item(question=run.question, run=run)
    if per_item is None:  # unpriced: nothing can be counted against the cap
        return True
    in_flight = run.items.filter(status=BulkRunItem.Status.RUNNING).count()
    return spent_usd(run) + per_item * (in_flight + 1) <= run.max_cost_usd


# --- limits shared through the cache -----------------------------------------------------------


class Throttle:
    """Requests and tokens per minute for one run, plus the provider's own retry-after pause.

    Moving windows from the ``limits`` library, stored in Redis when CACHE_URL is Redis, so
    every worker of a run shares them; in memory otherwise."""

    def __init__(self, run: BulkRun):
        self.run_id = run.pk
        self.rpm = RateLimitItemPerMinute(run.rpm_limit) if run.rpm_limit else None
        self.tpm = RateLimitItemPerMinute(run.tpm_limit) if run.tpm_limit else None
        location = settings.CACHES["default"].get("LOCATION", "")
        uri = location if isinstance(location, str) and location.startswith("redis") else "memory://"
        self.limiter = MovingWindowRateLimiter(_storage(uri))

    @property
    def _pause_key(self) -> str:
        return f"bulk-run:{self.run_id}:paused-until"

    def pause(self, seconds: float) -> None:
        until = time.time() + seconds
        current = cache.get(self._pause_key) or 0
        cache.set(self._pause_key, max(until, current), timeout=int(seconds) + 5)
        logger.warning("bulk_run_paused_by_provider", run_id=self.run_id, seconds=seconds)

    def delay(self) -> float:
        """0 when a request may start now (and it is counted), else seconds to wait first."""
        paused_for = (cache.get(self._pause_key) or 0) - time.time()
        if paused_for > 0:
            return paused_for
        if self.tpm is not None and not self.limiter.test(self.tpm, "tpm", str(self.run_id)):
            return max(self._until_reset(self.tpm, "tpm"), 0.05)
        if self.rpm is not None and not self.limiter.hit(self.rpm, "rpm", str(self.run_id)):
            return max(self._until_reset(self.rpm, "rpm"), 0.05)
        return 0.0

    def wait_turn(self, stop: threading.Event | None = None) -> bool:
        """Block until a request may start; False when asked to stop meanwhile."""
        while not (stop is not None and stop.is_set()):
            wait_for = self.delay()
            if wait_for <= 0:
                return True
            time.sleep(min(wait_for, 1.0))
        return False

    async def await_turn(self, stop: threading.Event | None = None) -> bool:
        while not (stop is not None and stop.is_set()):
            wait_for = self.delay()
            if wait_for <= 0:
                return True
            await asyncio.sleep(min(wait_for, 1.0))
        return False

    def slow_down(self, error: CopilotError | llm.LLMError) -> None:
        """Pause the whole run when ``error`` is the provider's rate limit."""
        if error.code == ErrorCode.PROVIDER_RATE_LIMITED:
            self.pause(error.retry_after or 30)

    def spend_tokens(self, tokens: int) -> None:
        if self.tpm is not None and tokens > 0:
            # A call that went over the window still counts, so the next ones wait longer.
            self.limiter.hit(self.tpm, "tpm", str(self.run_id), cost=min(tokens, self.tpm.amount))

    def _until_reset(self, item, name: str) -> float:
        reset_at, _remaining = self.limiter.get_window_stats(item, name, str(self.run_id))
        return reset_at - time.time()


_storages: dict[str, object] = {}


def _storage(uri: str):
    if uri not in _storages:
        _storages[uri] = storage_from_string(uri)
    return _storages[uri]


# --- one item --------------------------------------------------------------------------------


class CallSlots:
    """The in-process runner's provider calls in flight: at most ``size`` at a time.

    A slot is held around the provider call alone, so the runner can start more items than
    there are slots and write their records while other items' calls are in flight. The run's
    throttle is asked for a turn once a slot is free (so its rate limits and pauses apply to
    the calls themselves), and hears of a provider rate limit while the slot is still held, so
    the calls waiting for slots see the pause. Once ``stop`` is set, waiting calls are not made."""

    def __init__(self, size: int, *, throttle: Throttle, stop: threading.Event):
        self._free = asyncio.Semaphore(size)
        self.throttle = throttle
        self._stop = stop

    @contextlib.asynccontextmanager
    async def slot(self):
        async with self._free:
            if not await self.throttle.await_turn(self._stop):
                raise services.CallWithdrawn
            try:
                yield
            except llm.LLMError as error:
                self.throttle.slow_down(error)
                raise


class Outcome:
    DONE = "done"  # analysed, succeeded or failed for good
    REQUEUED = "requeued"  # provider rate limit: back to pending, the run slows down
    NOT_STARTED = "not_started"  # claimed elsewhere, budget reached or asked to stop


def process_item(
    item_id: int, *, throttle: Throttle | None = None, stop: threading.Event | None = None
) -> tuple[str, str]:
    """Analyse one item through the same service as the API. Returns (outcome, error code)."""
    item = _load(item_id)
    throttle = throttle or Throttle(item.run)
    if not throttle.wait_turn(stop):
        return Outcome.NOT_STARTED, ""
    try:
        result = services.analysis_run(**_analysis_args(item))
    except services.NotStarted as refused:
        return Outcome.NOT_STARTED, refused.code
    except CopilotError as exc:
        throttle.slow_down(exc)
        return _settle_error(item, exc)
    throttle.spend_tokens(_tokens(result))
    return Outcome.DONE, ""


async def aprocess_item(
    item: BulkRunItem, *, calls: CallSlots, group: services.GroupCommit | None = None
) -> tuple[str, str]:
    """``process_item`` for the in-process runner, given an item loaded by ``_pending_chunk``:
    the provider call awaits on the event loop in one of the run's ``calls`` slots (which
    apply its throttle), the database steps run on one worker thread, together with those of
    the other items in flight when a ``group`` is given."""
    try:
        result = await services.analysis_arun(**_analysis_args(item), group=group, call_slot=calls.slot)
    except services.NotStarted as refused:
        return Outcome.NOT_STARTED, refused.code
    except CopilotError as exc:
        return await sync_to_async(_settle_error)(item, exc)
    calls.throttle.spend_tokens(_tokens(result))
    return Outcome.DONE, ""


def _load(item_id: int) -> BulkRunItem:
    return BulkRunItem.objects.select_related("run", "account").get(pk=item_id)


def _pending_chunk(run: BulkRun, *, after: int = 0, share: tuple[int, int] | None = None) -> list[BulkRunItem]:
    """The next pending items after item ``after`` (only those of ``share`` = (n, processes)
    when given), with their accounts' prompt facts: four queries per chunk instead of four per item."""
    pending = run.items.filter(status=BulkRunItem.Status.PENDING, pk__gt=after)
    if share is not None:
        pending = pending.alias(slot=Mod("pk", share[1])).filter(slot=share[0])
    items = list(pending.select_related("run").order_by("pk")[:CHUNK])
    accounts = prompts.with_prompt_facts(
        Account.objects.filter(pk__in=[item.account_id for item in items]), now=timezone.now()
    )
    by_pk = {account.pk: account for account in accounts}
    for item in items:
        item.account = by_pk[item.account_id]
    return items


def _budget_refusal(item: BulkRunItem) -> str:
    """Run inside the transaction that claims an item: refuse it when the run's cost cap would
    be passed, and mark the run stopped."""
    run = item.run
    if within_budget(run):
        return ""
    BulkRun.objects.filter(pk=run.pk, status=BulkRun.Status.RUNNING).update(
        status=BulkRun.Status.BUDGET_STOPPED, finished_at=timezone.now()
    )
    return ErrorCode.BUDGET_EXCEEDED


def _analysis_args(item: BulkRunItem) -> dict:
    return {
        "user": None,
        "messages": [{"role": "user", "content": item.run.question}],
        "account": item.account,
        "agent": prompts.DEFAULT_AGENT,
        "source": Source.BULK,
        "bulk_item": item,
        "before_start": partial(_budget_refusal, item),
        "stream": False,  # nothing is shown until an item is done
    }


def _settle_error(item: BulkRunItem, exc: CopilotError) -> tuple[str, str]:
    if exc.code == ErrorCode.PROVIDER_RATE_LIMITED:
        # The run's throttle has slowed the whole run down: give the account another turn
        # instead of failing it.
        BulkRunItem.objects.filter(pk=item.pk).update(status=BulkRunItem.Status.PENDING)
        return Outcome.REQUEUED, exc.code
    if exc.request_id is None:  # refused before any call (no key, daily budget): no record to link
        BulkRunItem.objects.filter(pk=item.pk).update(status=BulkRunItem.Status.FAILED, error_code=exc.code)
    return Outcome.DONE, exc.code


def _mark_crashed(item: BulkRunItem) -> None:
    BulkRunItem.objects.filter(pk=item.pk, status__in=[BulkRunItem.Status.PENDING, BulkRunItem.Status.RUNNING]).update(
        status=BulkRunItem.Status.FAILED, error_code=ErrorCode.INTERNAL_ERROR, updated_at=timezone.now()
    )


def _tokens(result: services.AnalysisResult) -> int:
    usage = result.usage
    return usage.input_tokens + usage.output_tokens + usage.cache_read_tokens


# --- in-process runner -----------------------------------------------------------------------


@dataclass
class Progress:
    """What the runner's loop needs to know; the figures of a run come from its rows (``summary``)."""

    budget_reached: bool = False


def run_inline(
    run: BulkRun,
    *,
    stop: threading.Event,
    on_item: Callable[[str, str], None] | None = None,
    concurrency: int | None = None,
    share: tuple[int, int] | None = None,
) -> Progress:
    """Process a run's pending items with up to ``concurrency`` (default: the run's) calls in
    flight until none are left, the budget is reached or ``stop`` is set (Ctrl-C). One event
    loop keeps the calls in flight, so many concurrent calls cost no more threads; pending items
    are read in chunks. Several processes may run the same run, each given its ``share``
    (n, processes) to start with: each item is still claimed once."""
    return asyncio.run(_run_inline(run, stop, on_item, concurrency or run.concurrency, share))


def process_shares(concurrency: int, processes: int) -> list[int]:
    """Split a run's concurrency between processes as evenly as it goes: 10 over 3 → 4, 3, 3."""
    return [concurrency // processes + (1 if n < concurrency % processes else 0) for n in range(processes)]


async def _run_inline(
    run: BulkRun, stop: threading.Event, on_item, concurrency: int, share: tuple[int, int] | None
) -> Progress:
    progress = Progress()
    # ``concurrency`` bounds the provider calls in flight. More items than that are started, so
    # that their database steps (the record before the call, the usage after it) run while
    # other items' calls are in flight instead of holding a call slot. Not under a cost cap:
    # an item started ahead of its call counts as in flight against the cap.
    calls = CallSlots(concurrency, throttle=Throttle(run), stop=stop)
    started = asyncio.Semaphore(concurrency * (1 if run.max_cost_usd is not None else ITEMS_PER_CALL_SLOT))
    group = services.GroupCommit()
    in_flight: set[asyncio.Task] = set()

    async def one(item: BulkRunItem) -> None:
        try:
            outcome = await aprocess_item(item, calls=calls, group=group)
        except Exception:
            # One broken item must not end the run, nor be picked again and again by it.
            logger.exception("bulk_item_crashed", run_id=run.pk, item_id=item.pk)
            await sync_to_async(_mark_crashed)(item)
            outcome = (Outcome.DONE, ErrorCode.INTERNAL_ERROR)
        finally:
            started.release()
        _tally(progress, on_item, *outcome)

    # Pending items are read a chunk at a time in id order, the next chunk as soon as the last
    # one is started, so the calls in flight never drain between chunks. Items put back to
    # pending (a provider rate limit) are found by a new pass from the start; a process with a
    # share of the run helps with whatever is left once its own share is done.
    after = 0
    try:
        while not stop.is_set() and not progress.budget_reached:
            pending = await sync_to_async(_pending_chunk)(run, after=after, share=share)
            if not pending:
                if in_flight:
                    await asyncio.gather(*in_flight)
                if after == 0 and share is None:
                    break  # a whole pass found nothing left to do
                after, share = (0, share) if after else (0, None)
                continue
            for item in pending:
                await started.acquire()
                if stop.is_set() or progress.budget_reached:
                    started.release()
                    break
                task = asyncio.create_task(one(item))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            after = pending[-1].pk
        if in_flight:
            await asyncio.gather(*in_flight)
    finally:
        await llm.aclose_clients()  # the provider connections belong to this event loop
        # The thread that ran the database steps keeps its connection otherwise.
        await sync_to_async(connections.close_all)()
    return progress


def _tally(progress: Progress, on_item, outcome: str, code: str) -> None:
    if outcome == Outcome.NOT_STARTED and code == ErrorCode.BUDGET_EXCEEDED:
        progress.budget_reached = True
    if on_item is not None:
        on_item(outcome, code)


# --- summary -------------------------------------------------------------------------------


def summary(run: BulkRun) -> dict:
    """Figures for a run, computed from its rows."""
    by_status = dict(run.items.values_list("status").annotate(n=Count("pk")).order_by())
    failed_by_code = dict(
        run.items.filter(status=BulkRunItem.Status.FAILED).values_list("error_code").annotate(n=Count("pk")).order_by()
    )
    usage = TokenUsage.objects.filter(analysis_request__bulk_run=run).aggregate(
        input_tokens=Sum("input_tokens"),
        output_tokens=Sum("output_tokens"),
        cache_read_tokens=Sum("cache_read_tokens"),
        cache_creation_tokens=Sum("cache_creation_tokens"),
        cost=Sum("cost_usd"),
        unpriced=Count("pk", filter=Q(cost_usd__isnull=True)),
    )
    end = run.finished_at or timezone.now()
    return {
        "run_id": run.pk,
        "status": run.status,
        "backend": run.backend,
        "accounts": sum(by_status.values()),
        "succeeded": by_status.get(BulkRunItem.Status.SUCCEEDED, 0),
        "failed": by_status.get(BulkRunItem.Status.FAILED, 0),
        "failed_by_code": failed_by_code,
        "pending": by_status.get(BulkRunItem.Status.PENDING, 0) + by_status.get(BulkRunItem.Status.RUNNING, 0),
        "skipped": by_status.get(BulkRunItem.Status.SKIPPED, 0),
        "input_tokens": usage["input_tokens"] or 0,
        "output_tokens": usage["output_tokens"] or 0,
        "cache_read_tokens": usage["cache_read_tokens"] or 0,
        "cache_creation_tokens": usage["cache_creation_tokens"] or 0,
        "cost_usd": pricing.format_usd(usage["cost"] or Decimal(0)),
        "unpriced_calls": usage["unpriced"],
        "elapsed_seconds": round((end - run.created_at).total_seconds(), 1),
    }
