"""Starting a bulk run, or a comparison's runs, from a web request without waiting for them.

The request only creates the run (its items, its user) and answers with the run's page; the calls
are made by Celery workers when CELERY_BROKER_URL is set, else by a thread of the serving process
running the same in-process runner as ``analyze_accounts``. A run a server restart cuts short is
left resumable, like a killed command: ``manage.py analyze_accounts --resume RUN``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from decimal import Decimal

import structlog
from django.conf import settings
from django.db import close_old_connections, connections, transaction

from copilot.bulk import runner, services
from copilot.bulk.selectors import Selection
from copilot.comparisons.services import comparison_execute
from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import routing
from copilot.models import DEFAULT_TASK, BulkRun, ModelComparison

logger = structlog.get_logger(__name__)


def run_launch(
    *,
    selection: Selection,
    user,
    question: str = services.DEFAULT_QUESTION,
    task: str = DEFAULT_TASK,
    concurrency: int = 4,
    max_cost: Decimal | None = None,
) -> BulkRun:
    """Create a run for ``user`` and start it once the transaction commits. Refused (no run) when
    the task's model has no key: every item would fail the same way."""
    config = routing.route_for(task).config
    if not config.configured:
        raise CopilotError(
            ErrorCode.LLM_NOT_CONFIGURED, f"AI analysis is not configured: set {config.key_env} on the server."
        )
    backend = BulkRun.Backend.CELERY if settings.CELERY_BROKER_URL else BulkRun.Backend.INLINE
    with transaction.atomic():
        run = services.run_create(
            selection=selection,
            question=question,
            task=task,
            backend=backend,
            concurrency=concurrency,
            max_cost=max_cost,
            user=user,
        )
        if not run.items.exists():
            services.run_finish(run, BulkRun.Status.COMPLETED)
            return run
        transaction.on_commit(lambda: run_start(run))
    return run


def run_start(run: BulkRun) -> threading.Thread | None:
    """Hand a committed run to its backend: a task per item for Celery, else a thread here."""
    if run.backend == BulkRun.Backend.CELERY:
        from copilot.bulk.tasks import enqueue_pending  # Celery is only imported where it is used

        enqueue_pending(run)
        return None
    return _in_thread(f"bulk-run-{run.pk}", _run_inline, run)


def comparison_start(comparison: ModelComparison) -> None:
    """Run a committed comparison's runs one after another in a thread here (as the command does,
    so that no model's latency is measured while another's calls compete with it)."""
    transaction.on_commit(lambda: _in_thread(f"comparison-{comparison.pk}", _comparison_inline, comparison))


def _in_thread(name: str, work: Callable, subject) -> threading.Thread:
    # A daemon thread: a server that stops does not wait for a long run; the run stays resumable.
    thread = threading.Thread(target=_closing_connections, args=(work, subject), name=name, daemon=True)
    thread.start()
    return thread


def _closing_connections(work: Callable, subject) -> None:
    close_old_connections()
    try:
        work(subject)
    except Exception:
        logger.exception("background_run_crashed", thread=threading.current_thread().name)
    finally:
        connections.close_all()  # this thread's own connections, which nothing else would close


def _run_inline(run: BulkRun) -> None:
    asyncio.run(runner.run_execute(run, stop=threading.Event()))
    services.run_conclude(run, interrupted=False)


def _comparison_inline(comparison: ModelComparison) -> None:
    asyncio.run(comparison_execute(comparison, stop=threading.Event()))
