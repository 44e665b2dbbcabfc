"""Celery tasks: they only call services."""

from celery import shared_task

from copilot import bulk
from copilot.models import BulkRunItem


@shared_task(name="copilot.analyze_bulk_item", acks_late=True, ignore_result=True)
def analyze_bulk_item(item_id: int) -> str:
    outcome, _code = bulk.process_item(item_id)
    if outcome == bulk.Outcome.REQUEUED:
        # The provider asked us to slow down: try this item again after the shared pause.
        analyze_bulk_item.apply_async((item_id,), countdown=bulk.REQUEUE_DELAY_SECONDS)
    else:
        bulk.complete_if_done(BulkRunItem.objects.values_list("run_id", flat=True).get(pk=item_id))
    return outcome


def enqueue_pending(run) -> int:
    """One task per pending item, sent after the surrounding transaction commits."""
    count = 0
    for item_id in (
        run.items.filter(status=BulkRunItem.Status.PENDING).values_list("pk", flat=True).iterator(chunk_size=bulk.CHUNK)
    ):
        analyze_bulk_item.delay(item_id)
        count += 1
    return count
