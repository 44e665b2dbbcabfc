"""Bulk runs: many accounts through the same analysis service, bounded, resumable, in budget.

What only bulk runs need wraps the analysis service from here: an item is claimed before its
call (a conditional update, so no account is analysed twice), the run's cost cap is checked in
the same transaction (one conditional update of the run's counters: O(1) per claim), and the
item is settled after the call with its outcome. ``item_process`` is the one unit of work of
both backends: the in-process runner and the Celery task.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass
from decimal import Decimal

import structlog
from asgiref.sync import sync_to_async
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from copilot.analysis import prompts
from copilot.analysis.service import AnalysisResult, analysis_abandon, analysis_arun
from copilot.bulk.selectors import Selection, run_usage, selected_account_ids
from copilot.bulk.throttle import Throttle
from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import routing
from copilot.ledger import pricing
from copilot.models import DEFAULT_TASK, AnalysisRequest, BulkRun, BulkRunItem, ModelComparison, Source

logger = structlog.get_logger(__name__)

DEFAULT_QUESTION = prompts.HEALTH_REVIEW_QUESTION
# A prompt's size before a run has calls of its own to average (dry runs, the first claims).
PROMPT_TOKENS_ESTIMATE = 600
CHUNK = 500


class Outcome(enum.Enum):
    DONE = "done"  # analysed: succeeded or failed for good
    REQUEUED = "requeued"  # the provider's rate limit: back to pending, the run slows down
    NOT_STARTED = "not_started"  # claimed elsewhere, or the cost cap is reached


@dataclass(frozen=True)
class ItemOutcome:
    outcome: Outcome
    code: str = ""


# --- runs ----------------------------------------------------------------------------------


def run_create(
    *,
    selection: Selection,
    question: str,
    task: str = DEFAULT_TASK,
    model: str = "",
    comparison: ModelComparison | None = None,
    backend: str = BulkRun.Backend.INLINE,
    concurrency: int = 4,
    rpm: int | None = None,
    tpm: int | None = None,
    max_cost: Decimal | None = None,
    created_by: str = "",
    user=None,
) -> BulkRun:
    """A run with one pending item per selected account. ``user``: who its calls are recorded
    for; ``created_by`` defaults to their username."""
    with transaction.atomic():
        run = BulkRun.objects.create(
            question=question,
            task=task,
            model=model,
            comparison=comparison,
            selection=selection.as_dict(),
            backend=backend,
            concurrency=concurrency,
            rpm_limit=rpm,
            tpm_limit=tpm,
            max_cost_usd=max_cost,
            created_by=created_by or getattr(user, "username", ""),
            user=user,
        )
        items = (BulkRunItem(run=run, account_id=account_id) for account_id in selected_account_ids(selection))
        BulkRunItem.objects.bulk_create(items, batch_size=CHUNK)
    return run


def run_prepare_resume(run: BulkRun, *, retry_failed: bool = False) -> None:
    """Repair what a stopped or killed run left behind, before it goes on. No other process may
    be working on the run meanwhile.

    A call caught mid-flight is recorded as cancelled; an item caught mid-call whose analysis in
    fact finished is marked done, never redone; any other running item goes back to pending."""
    for record in AnalysisRequest.objects.filter(bulk_run=run, status=AnalysisRequest.Status.PENDING):
        analysis_abandon(record=record)
    for item in run.items.filter(status=BulkRunItem.Status.RUNNING):
        last = AnalysisRequest.objects.filter(bulk_run=run, account_id=item.account_id).order_by("-pk").first()
        if last is not None and last.status == AnalysisRequest.Status.SUCCEEDED:
            item.status, item.analysis_request, item.error_code = BulkRunItem.Status.SUCCEEDED, last, ""
        else:
            item.status = BulkRunItem.Status.PENDING
        item.reserved_usd = 0
        item.save(update_fields=["status", "analysis_request", "error_code", "reserved_usd", "updated_at"])
    if retry_failed:
        run.items.filter(status=BulkRunItem.Status.FAILED).update(
            status=BulkRunItem.Status.PENDING, error_code="", updated_at=timezone.now()
        )
    usage = run_usage(run)  # nothing is in flight now: the counters are what the rows say
    run.spent_usd, run.reserved_usd, run.priced_calls = usage["cost"] or 0, 0, usage["priced"]
    run.status, run.finished_at = BulkRun.Status.RUNNING, None
    run.save(update_fields=["spent_usd", "reserved_usd", "priced_calls", "status", "finished_at"])


def run_finish(run: BulkRun, status: str) -> None:
    BulkRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())
    run.refresh_from_db()


def run_conclude(run: BulkRun, *, interrupted: bool) -> None:
    """After the runner: interrupted (resumable) when stopped with work left, still stopped at
    the cost cap when that is what left it, else completed."""
    run.refresh_from_db()
    open_items = run.items.filter(status__in=BulkRunItem.OPEN).exists()
    if interrupted and open_items:
        run_finish(run, BulkRun.Status.INTERRUPTED)
    elif not (run.status == BulkRun.Status.BUDGET_STOPPED and open_items):
        run_finish(run, BulkRun.Status.COMPLETED)


def run_complete_if_done(run_id: int) -> bool:
    """Mark a running run completed once no item is left to do (workers call this)."""
    if BulkRunItem.objects.filter(run_id=run_id, status__in=BulkRunItem.OPEN).exists():
        return False
    completed = BulkRun.objects.filter(pk=run_id, status=BulkRun.Status.RUNNING)
    return bool(completed.update(status=BulkRun.Status.COMPLETED, finished_at=timezone.now()))


# --- cost --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    model: str
    accounts: int
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal | None  # None: the model has no price


def upper_bound_per_item(
    question: str, *, task: str = DEFAULT_TASK, model: str = ""
) -> tuple[int, int, Decimal | None]:
    """Tokens and cost one item may take on the model that would answer it: a typical prompt
    in, max_tokens out."""
    config = routing.route_for(task, model=model or None).config
    input_tokens = PROMPT_TOKENS_ESTIMATE + len(question) // 4
    output_tokens = config.max_tokens
    price = pricing.price_for(config.model, timezone.now())
    cost = pricing.cost_usd(price, input_tokens=input_tokens, output_tokens=output_tokens) if price else None
    return input_tokens, output_tokens, cost


def estimate(selection: Selection, *, question: str, task: str = DEFAULT_TASK, model: str = "") -> Estimate:
    """A dry run: how many accounts and what they would cost. No provider call."""
    count = sum(1 for _ in selected_account_ids(selection))
    input_tokens, output_tokens, cost = upper_bound_per_item(question, task=task, model=model)
    return Estimate(
        model=routing.route_for(task, model=model or None).config.model,
        accounts=count,
        input_tokens=count * input_tokens,
        output_tokens=count * output_tokens,
        cost_usd=cost * count if cost is not None else None,
    )


def _reservation(run: BulkRun) -> Decimal | None:
    """What to hold against the cap for one more item: the run's average cost once it has
    priced calls, else the upper bound. None: unpriced, nothing can be counted."""
    if run.priced_calls:
        return run.spent_usd / run.priced_calls
    return upper_bound_per_item(run.question, task=run.task, model=run.model)[2]


# --- one item --------------------------------------------------------------------------------


def run_budget_stop(run_id: int) -> None:
    """The run's cost cap, or a budget of the service's, has no room for another call."""
    BulkRun.objects.filter(pk=run_id, status=BulkRun.Status.RUNNING).update(
        status=BulkRun.Status.BUDGET_STOPPED, finished_at=timezone.now()
    )


def item_claim(item: BulkRunItem) -> str | None:
    """Pending → running, with the item's share of the cost cap reserved, in one transaction.
    Returns None when claimed, else why not: "" (another worker has it) or BUDGET_EXCEEDED."""
    with transaction.atomic():
        reserved = None
        if item.run.max_cost_usd is not None:  # the counters are read fresh: other claims move them
            run = BulkRun.objects.get(pk=item.run_id)
            reserved = _reservation(run)
        if reserved is not None:
            room = run.max_cost_usd - reserved
            held = BulkRun.objects.filter(pk=run.pk, status=BulkRun.Status.RUNNING)
            if (
                not held.alias(total=F("spent_usd") + F("reserved_usd"))
                .filter(total__lte=room)
                .update(reserved_usd=F("reserved_usd") + reserved)
            ):
                run_budget_stop(run.pk)
                return ErrorCode.BUDGET_EXCEEDED
        claimed = BulkRunItem.objects.filter(pk=item.pk, status=BulkRunItem.Status.PENDING).update(
            status=BulkRunItem.Status.RUNNING,
            attempts=F("attempts") + 1,
            reserved_usd=reserved or 0,
            updated_at=timezone.now(),
        )
        if not claimed:
            transaction.set_rollback(True)  # and the reservation with it
            return ""
    item.status, item.reserved_usd = BulkRunItem.Status.RUNNING, reserved or Decimal(0)
    return None


# Not the item's fault: it stays pending, for this run later or a resume.
WAIT_AND_RETRY = (ErrorCode.PROVIDER_RATE_LIMITED, ErrorCode.BUDGET_EXCEEDED)


def item_settle(item: BulkRunItem, *, result: AnalysisResult | None = None, error: CopilotError | None = None) -> None:
    """The item's outcome, and the run's counters: the reservation is replaced by the cost."""
    if result is not None:
        status, code, record_id = BulkRunItem.Status.SUCCEEDED, "", result.record.pk
    elif error is not None and error.code not in WAIT_AND_RETRY:
        status, code, record_id = BulkRunItem.Status.FAILED, error.code, error.request_id
    else:  # the provider's rate limit, a budget, or the call was cancelled: another turn later
        status, code, record_id = BulkRunItem.Status.PENDING, error.code if error else "", None
    cost = result.usage.cost_usd if result is not None else None
    with transaction.atomic():
        updates = {"status": status, "error_code": code, "reserved_usd": 0, "updated_at": timezone.now()}
        if record_id is not None:
            updates["analysis_request_id"] = record_id
        BulkRunItem.objects.filter(pk=item.pk).update(**updates)
        BulkRun.objects.filter(pk=item.run_id).update(
            reserved_usd=F("reserved_usd") - item.reserved_usd,
            spent_usd=F("spent_usd") + (cost or 0),
            priced_calls=F("priced_calls") + (1 if cost is not None else 0),
        )
    item.status = status


def item_crashed(item: BulkRunItem) -> None:
    """A bug broke an item: fail it, so no run picks it again and again."""
    BulkRunItem.objects.filter(pk=item.pk, status__in=BulkRunItem.OPEN).update(
        status=BulkRunItem.Status.FAILED, error_code=ErrorCode.INTERNAL_ERROR, reserved_usd=0, updated_at=timezone.now()
    )


async def item_process(item: BulkRunItem, *, throttle: Throttle) -> ItemOutcome:
    """Claim one item, analyse its account through the analysis service, settle it. The
    caller has waited for the run's throttle to give it a turn."""
    refusal = await sync_to_async(item_claim)(item)
    if refusal is not None:
        return ItemOutcome(Outcome.NOT_STARTED, refusal)
    try:
        result = await analysis_arun(
            user=item.run.user,
            messages=[{"role": "user", "content": item.run.question}],
            account=item.account,
            source=Source.BULK,
            stream=False,  # nothing is shown until an item is done
            bulk_run=item.run,
            task=item.run.task,
            model=item.run.model or None,
        )
    except CopilotError as error:
        throttle.slow_down(error)
        await sync_to_async(item_settle)(item, error=error)
        if error.code == ErrorCode.BUDGET_EXCEEDED:  # a budget of the service's: as the run's own cap
            await sync_to_async(run_budget_stop)(item.run_id)
            return ItemOutcome(Outcome.NOT_STARTED, error.code)
        if error.code == ErrorCode.PROVIDER_RATE_LIMITED:
            return ItemOutcome(Outcome.REQUEUED, error.code)
        return ItemOutcome(Outcome.DONE, error.code)
    except BaseException:  # stopped mid-call: the item goes back to pending for a resume
        await asyncio.shield(sync_to_async(item_settle)(item))
        raise
    usage = result.usage
    throttle.spend_tokens(usage.input_tokens + usage.output_tokens + usage.cache_read_tokens)
    await sync_to_async(item_settle)(item, result=result)
    return ItemOutcome(Outcome.DONE)
