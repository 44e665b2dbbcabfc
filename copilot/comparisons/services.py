"""Starting and running a comparison: one bulk run per model over the same accounts, so every
call is recorded, budgeted and resumable like any other bulk run's."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from decimal import Decimal

from asgiref.sync import sync_to_async
from django.db import transaction

from copilot.bulk import runner, services
from copilot.bulk.selectors import Selection
from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import routing
from copilot.models import DEFAULT_TASK, ModelComparison


def comparison_create(
    *,
    selection: Selection,
    models: Sequence[str],
    task: str = DEFAULT_TASK,
    question: str = services.DEFAULT_QUESTION,
    concurrency: int = 4,
    max_cost: Decimal | None = None,
    created_by: str = "",
    user=None,
) -> ModelComparison:
    """A comparison with a run per model. ``max_cost`` caps the whole comparison, shared
    equally by the models so that each answers for as many accounts. ``user``: who the calls
    are recorded for (``created_by`` defaults to their username)."""
    names = list(dict.fromkeys(name.strip() for name in models if name.strip()))
    if len(names) < 2:
        raise CopilotError(ErrorCode.VALIDATION_ERROR, "Name at least two different models.", field="models")
    for name in names:
        config = routing.model_config(name)
        if not config.configured:
            raise CopilotError(
                ErrorCode.LLM_NOT_CONFIGURED, f"{name} cannot be asked: set {config.key_env} on the server."
            )
    share = max_cost / len(names) if max_cost is not None else None
    created_by = created_by or getattr(user, "username", "")
    with transaction.atomic():
        comparison = ModelComparison.objects.create(
            model_names=names, task=task, question=question, created_by=created_by
        )
        for name in names:
            services.run_create(
                selection=selection,
                question=question,
                task=task,
                model=name,
                comparison=comparison,
                concurrency=concurrency,
                max_cost=share,
                created_by=created_by,
                user=user,
            )
    return comparison


async def comparison_execute(comparison: ModelComparison, *, stop: threading.Event) -> None:
    """The runs one after another, so that no model's latency is measured while another's
    calls compete with it for this machine."""
    runs = await sync_to_async(lambda: list(comparison.runs.order_by("pk")))()
    for run in runs:
        if not stop.is_set():
            await runner.run_execute(run, stop=stop)
        await sync_to_async(services.run_conclude)(run, interrupted=stop.is_set())
