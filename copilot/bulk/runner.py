"""The in-process runner: a run's pending items on one event loop, with at most the run's
concurrency of calls in flight, until none is left, the cost cap is reached or it is stopped."""

from __future__ import annotations

import asyncio
import threading

import structlog
from asgiref.sync import sync_to_async
from django.db import connections

from copilot import gateway
from copilot.bulk.selectors import pending_items
from copilot.bulk.services import ItemOutcome, Outcome, item_crashed, item_process
from copilot.bulk.throttle import Throttle
from copilot.errors import ErrorCode
from copilot.models import BulkRun, BulkRunItem

logger = structlog.get_logger(__name__)


async def run_execute(run: BulkRun, *, stop: threading.Event) -> None:
    """Process the run's pending items. ``stop`` (Ctrl-C) starts no new call; calls in flight
    finish. Pending items are read a chunk at a time in id order, the next chunk as soon as the
    last is started; items put back to pending (a provider rate limit) are found by a new pass."""
    throttle = Throttle(run)
    slots = asyncio.Semaphore(run.concurrency)
    in_flight: set[asyncio.Task] = set()
    budget_reached = asyncio.Event()

    async def one(item: BulkRunItem) -> None:
        try:
            outcome = await item_process(item, throttle=throttle)
        except Exception:
            logger.exception("bulk_item_crashed", run_id=run.pk, item_id=item.pk)
            await sync_to_async(item_crashed)(item)
            outcome = ItemOutcome(Outcome.DONE, ErrorCode.INTERNAL_ERROR)
        finally:
            slots.release()
        if outcome == ItemOutcome(Outcome.NOT_STARTED, ErrorCode.BUDGET_EXCEEDED):
            budget_reached.set()

    def stopping() -> bool:
        return stop.is_set() or budget_reached.is_set()

    try:
        after = 0
        while not stopping():
            chunk = await sync_to_async(pending_items)(run, after=after)
            if not chunk:
                if in_flight:
                    await asyncio.wait(in_flight)
                if after == 0:
                    break  # a whole pass found nothing left to do
                after = 0
                continue
            for item in chunk:
                await slots.acquire()
                if not await _turn(throttle, stopping):
                    slots.release()
                    break
                task = asyncio.create_task(one(item))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            after = chunk[-1].pk
        if in_flight:
            await asyncio.wait(in_flight)
    finally:
        await gateway.aclose_clients()  # the provider connections belong to this event loop
        await sync_to_async(connections.close_all)()  # the database steps' thread keeps its own


async def _turn(throttle: Throttle, stopping) -> bool:
    """Wait until the run's limits let a call start; False when the run is stopping."""
    while not stopping():
        wait_for = throttle.delay()
        if wait_for <= 0:
            return True
        await asyncio.sleep(min(wait_for, 0.5))
    return False
