"""Calls whose process died (SIGKILL, a crash, a lost machine) stay ``pending`` for ever: finish
them as failed with INTERRUPTED once no live process can still be making them.

A live call gives up after GLM_TIMEOUT_SECONDS per attempt and GLM_MAX_RETRIES retries; a pending
row older than that plus COPILOT_STALE_CALL_MARGIN_SECONDS has no process behind it. Should one
finish anyway (a margin set too short), the service takes this count back before its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from copilot.errors import ErrorCode
from copilot.ledger import rollups
from copilot.models import AnalysisRequest

logger = structlog.get_logger(__name__)

MESSAGE = "The call was interrupted: the process making it stopped before it finished."


def stale_after() -> dt.timedelta:
    attempts = settings.GLM_MAX_RETRIES + 1
    return dt.timedelta(seconds=settings.GLM_TIMEOUT_SECONDS * attempts + settings.COPILOT_STALE_CALL_MARGIN_SECONDS)


def stale_calls_finish(*, now: dt.datetime | None = None) -> list[int]:
    """Finish every stale pending call as failed; the ids finished."""
    now = now or timezone.now()
    stale = AnalysisRequest.objects.filter(status=AnalysisRequest.Status.PENDING, created_at__lt=now - stale_after())
    finished = []
    for pk in stale.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            # Conditional: a call finishing right now, or another process recovering, wins.
            claimed = AnalysisRequest.objects.filter(pk=pk, status=AnalysisRequest.Status.PENDING).update(
                status=AnalysisRequest.Status.FAILED,
                error_code=ErrorCode.INTERRUPTED,
                error_message=MESSAGE,
                finished_at=now,
                reserved_usd=0,
            )
            if claimed:
                rollups.record_finished(AnalysisRequest.objects.get(pk=pk))
                finished.append(pk)
    if finished:
        logger.warning("stale_calls_finished", count=len(finished), request_ids=finished)
    return finished


# What the rollups count a call by.
RECOUNTED = ("status", "error_code", "model", "source", "account_id", "user_id", "created_at")


def finished_save(record: AnalysisRequest, fields: Sequence[str]) -> None:
    """Inside the transaction that finishes ``record``: its ``fields`` written. Should it have been
    declared interrupted meanwhile, that count is taken back first, so that the call's real
    outcome is counted once."""
    values = {name: getattr(record, name) for name in fields}
    rows = AnalysisRequest.objects.filter(pk=record.pk)
    # Conditional, as the recovery's claim is: whichever writes first wins the row's lock.
    if rows.filter(status=AnalysisRequest.Status.PENDING).update(**values):
        return
    current = rows.select_for_update().only(*RECOUNTED).get()
    rollups.record_unfinished(current)  # counted as the recovery stored it
    logger.warning("interrupted_call_finished_late", request_id=record.pk)
    rows.update(**values)
