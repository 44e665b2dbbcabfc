"""Celery tasks for bulk runs: they only call services."""

from __future__ import annotations

from celery import shared_task

from copilot import gateway
from copilot.bulk.services import Outcome, item_process, run_complete_if_done
from copilot.bulk.throttle import Throttle
from copilot.models import BulkRun, BulkRunItem

REQUEUE_DELAY_SECONDS = 5


@shared_task(name="copilot.analyze_bulk_item", acks_late=True, ignore_result=True)
def analyze_bulk_item(item_id: int) -> str:
    item = BulkRunItem.objects.select_related("run__user", "account").get(pk=item_id)
    if item.status != BulkRunItem.Status.PENDING:
        return Outcome.NOT_STARTED.value  # a redelivered task whose item another worker did
    throttle = Throttle(item.run)
    wait_for = throttle.delay()
    if wait_for > 0:  # the run's limits: come back when they allow a call
        analyze_bulk_item.apply_async((item_id,), countdown=wait_for)
        return "waiting"
    outcome = gateway.run_sync(item_process, item, throttle=throttle).outcome
    if outcome == Outcome.REQUEUED:
        # The provider asked us to slow down: try this item again after the shared pause.
        analyze_bulk_item.apply_async((item_id,), countdown=REQUEUE_DELAY_SECONDS)
    else:
        run_complete_if_done(item.run_id)
    return outcome.value


def enqueue_pending(run: BulkRun) -> int:
    """One task per pending item. Call it once the run is committed."""
    count = 0
    for item_id in run.items.filter(status=BulkRunItem.Status.PENDING).values_list("pk", flat=True).iterator():
        analyze_bulk_item.delay(item_id)
        count += 1
    return count
