"""Which model answers a call: the task's route (data, edited in the admin), its fallback, and
the provider each model is served by. Read on every call, so an edit in the admin applies to the
next call in every process, with no restart."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import keys
from copilot.gateway.cooldown import PROVIDER_TROUBLE
from copilot.gateway.provider import LLMConfig
from copilot.models import DEFAULT_TASK, LLMModel, Task, TaskRoute

FALLBACK_CODES = PROVIDER_TROUBLE


@dataclass(frozen=True)
class Route:
    task: str
    config: LLMConfig
    fallback: LLMConfig | None = None


def route_for(task: str | None = None, *, model: str | None = None) -> Route:
    """The route of ``task`` (default: account analysis). Naming ``model`` asks for that model
    alone, with no fallback (a comparison measures the model itself)."""
    task = task or DEFAULT_TASK
    if task not in Task.values:
        raise CopilotError(
            ErrorCode.VALIDATION_ERROR, f"Unknown task '{task}'; use one of: {', '.join(Task.values)}.", field="task"
        )
    if model:
        return Route(task, model_config(model))
    route = TaskRoute.objects.select_related("model__provider", "fallback__provider").filter(task=task).first()
    if route is None:
        return Route(task, _config(None))
    return Route(task, _config(route.model), _config(route.fallback) if route.fallback else None)


def model_config(name: str) -> LLMConfig:
    """The call configuration of the model called ``name``, on its provider."""
    model = LLMModel.objects.select_related("provider").filter(name=name).first()
    if model is None and name != settings.CLAUDE_MODEL:
        raise CopilotError(
            ErrorCode.VALIDATION_ERROR,
            f"No model '{name}': add it, with its provider, under Copilot › Models in the admin.",
            field="model",
        )
    return _config(model)


def _config(model: LLMModel | None) -> LLMConfig:
    """``model`` on its provider; None: CLAUDE_MODEL on the provider from the settings."""
    config = LLMConfig.from_settings()
    if model is None:
        return config
    changes = {"model": model.name}
    if model.max_tokens:
        changes["max_tokens"] = model.max_tokens
    if model.provider is not None:
        provider = model.provider
        changes.update(
            provider=provider.name,
            base_url=provider.base_url.rstrip("/"),
            api_key=keys.key_of(provider.api_key_env),
            key_env=provider.api_key_env,
        )
    return config.with_changes(**changes)
