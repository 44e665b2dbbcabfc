"""Which model answers a call: the task's route (data, edited in the admin), its fallback, and
the provider each model is served by. Read through the catalog (``copilot.gateway.catalog``): once,
and again after any edit, so an edit in the admin applies to the next call in every process, with
no restart."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import catalog, keys
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
    route = catalog.cached("routes", _routes).get(task)
    if route is None:
        return Route(task, _config(None))
    return Route(task, _config(route.model), _config(route.fallback) if route.fallback else None)


def _routes() -> dict[str, TaskRoute]:
    # The rows only: a configuration is made per call, from them and the settings.
    return {route.task: route for route in TaskRoute.objects.select_related("model__provider", "fallback__provider")}


def route_configs() -> list[LLMConfig]:
    """The configurations the task routes call: their models and fallbacks (a server builds
    their clients when it starts)."""
    configs = [_config(None)]
    for task in catalog.cached("routes", _routes):
        route = route_for(task)
        configs.extend(config for config in (route.config, route.fallback) if config is not None)
    return configs


def model_config(name: str) -> LLMConfig:
    """The call configuration of the model called ``name``, on its provider."""
    model = catalog.cached("models", _models).get(name)
    if model is None and name != settings.CLAUDE_MODEL:
        raise CopilotError(
            ErrorCode.VALIDATION_ERROR,
            f"No model '{name}': add it, with its provider, under Copilot › Models in the admin.",
            field="model",
        )
    return _config(model)


def _models() -> dict[str, LLMModel]:
    return {model.name: model for model in LLMModel.objects.select_related("provider")}


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
