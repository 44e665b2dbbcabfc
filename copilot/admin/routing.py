"""Routing in the admin: providers, models and which model serves each task.

Every change is kept with who made it and when (django-simple-history: each page's History),
and the next call in every process reads it: a switch or a rollback is an edit, with no restart.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from copilot.gateway import cooldown, keys
from copilot.models import LLMModel, Provider, Task, TaskRoute


def _default_provider() -> str:
    return f"{settings.LLM_PROVIDER_NAME} (from the settings: ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY)"


def _cooling(provider_name: str) -> str:
    left = cooldown.seconds_left(provider_name)
    if not left:
        return "—"
    trial = ", a trial call under way" if cooldown.trial_under_way(provider_name) else ""
    return f"cooling down, {left:.0f} s left{trial}"


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ("name", "base_url", "api_key_env", "key_is_set", "key_is_bound", "cooldown")
    search_fields = ("name",)
    fields = ("name", "base_url", "api_key_env")

    @admin.display(description="Key set", boolean=True)
    def key_is_set(self, provider: Provider) -> bool:
        return bool(keys.key_of(provider.api_key_env))

    @admin.display(description="Key may go there (LLM_KEY_ORIGINS)", boolean=True)
    def key_is_bound(self, provider: Provider) -> bool:
        return keys.may_send(provider.api_key_env, provider.base_url)

    @admin.display(description="Cooldown")
    def cooldown(self, provider: Provider) -> str:
        return _cooling(provider.name)


@admin.register(LLMModel)
class LLMModelAdmin(SimpleHistoryAdmin):
    list_display = ("name", "served_by", "max_tokens")
    list_select_related = ("provider",)
    search_fields = ("name",)
    fields = ("name", "provider", "max_tokens")

    @admin.display(description="Provider", ordering="provider__name")
    def served_by(self, model: LLMModel) -> str:
        return model.provider.name if model.provider else _default_provider()


@admin.register(TaskRoute)
class TaskRouteAdmin(SimpleHistoryAdmin):
    list_display = ("task", "answered_by", "fallback", "updated_by", "updated_at")
    list_select_related = ("model__provider", "fallback__provider", "updated_by")
    fields = ("task", "model", "fallback", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")

    @admin.display(description="Model")
    def answered_by(self, route: TaskRoute) -> str:
        return str(route.model) if route.model else f"{settings.CLAUDE_MODEL} (CLAUDE_MODEL)"

    def get_readonly_fields(self, request, obj=None):
        return ("task", *self.readonly_fields) if obj is not None else self.readonly_fields

    def has_add_permission(self, request):
        # One route per task; a missing one (deleted) can be added back.
        return super().has_add_permission(request) and TaskRoute.objects.count() < len(Task.values)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
