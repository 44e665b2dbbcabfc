"""Which provider and model serve which task: providers, their models and the task routes.

Keys are never stored here: a provider names the environment variable that holds its key (or
``<NAME>_FILE``, a file holding it). The provider from the settings (ANTHROPIC_BASE_URL,
ANTHROPIC_API_KEY, CLAUDE_MODEL) needs no row: a model without a provider and a route without a
model both mean it, so a project that never opens this admin works exactly as before.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

KEY_VARIABLE = RegexValidator(
    r"^[A-Z][A-Z0-9_]*_API_KEY$",
    "Name an environment variable ending in _API_KEY, e.g. CLAUDE_API_KEY (the key itself never goes here).",
)


class Task(models.TextChoices):
    QUICK_SUMMARY = "quick_summary", "Quick summary"
    ACCOUNT_ANALYSIS = "account_analysis", "Account analysis"
    DEEP_ANALYSIS = "deep_analysis", "Deep analysis"


DEFAULT_TASK = Task.ACCOUNT_ANALYSIS


class Provider(models.Model):
    """An Anthropic-compatible endpoint: Z.ai, Anthropic, a LiteLLM proxy, vLLM, Ollama…"""

    name = models.CharField(max_length=100, unique=True, help_text="Shown in the records and the metrics.")
    base_url = models.URLField(max_length=300)
    api_key_env = models.CharField(
        "API key variable",
        max_length=100,
        validators=[KEY_VARIABLE],
        help_text="The environment variable holding this provider's key, or NAME_FILE naming a file with it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LLMModel(models.Model):
    """A model a task can be routed to, and the provider that serves it."""

    name = models.CharField(max_length=100, unique=True, help_text="Sent to the provider, e.g. claude-sonnet-4-5.")
    provider = models.ForeignKey(
        Provider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="models",
        help_text="Empty: the provider from the settings (ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY).",
    )
    max_tokens = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Empty: GLM_MAX_TOKENS."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "model"

    def __str__(self) -> str:
        return self.name


class TaskRoute(models.Model):
    """The model that answers a task, and the one that answers when it cannot."""

    task = models.CharField(max_length=30, choices=Task.choices, unique=True)
    model = models.ForeignKey(
        LLMModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="routes",
        help_text="Empty: CLAUDE_MODEL on the provider from the settings.",
    )
    fallback = models.ForeignKey(
        LLMModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fallback_routes",
        help_text="Answers when the model fails with PROVIDER_UNAVAILABLE, PROVIDER_RATE_LIMITED or "
        "PROVIDER_TIMEOUT after its retries, or while its provider is cooling down. Empty: none.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["task"]

    def __str__(self) -> str:
        return self.get_task_display()

    def clean(self):
        if self.fallback_id is not None and self.fallback_id == self.model_id:
            raise ValidationError({"fallback": "A model cannot be its own fallback."})


# django-simple-history puts each historical model in this module but names the app's package as
# its __module__ (the models live in a sub-module here); say where it is, so that what imports
# models by their __module__ (manage.py shell's auto-imports, pickling) finds them.
for _tracked in (Provider, LLMModel, TaskRoute):
    _tracked.history.model.__module__ = __name__
