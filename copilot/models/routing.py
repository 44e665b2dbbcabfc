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

from copilot.gateway import keys

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

    def clean(self):
        if not self.base_url or not KEY_VARIABLE.regex.match(self.api_key_env or ""):
            return  # the fields' own errors say what is wrong
        errors = {}
        if problem := keys.binding_problem(self.api_key_env, self.base_url):
            errors["base_url"] = problem
        routes = TaskRoute.objects.serving(provider=self) if self.pk else []
        if routes and not keys.key_of(self.api_key_env):
            errors["api_key_env"] = (
                f"{self.api_key_env} is not set on the server, and this provider answers {_listed(routes)}: "
                "a provider without a key cannot serve a route. Set the variable first, or route those tasks "
                "to another model."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def problem(self) -> str | None:
        """Why this provider cannot answer a call now (None: it can)."""
        return keys.provider_problem(self.api_key_env, self.base_url)


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

    def clean(self):
        routes = TaskRoute.objects.serving(model=self) if self.pk else []
        if routes and (problem := self.problem):
            raise ValidationError({"provider": f"This model answers {_listed(routes)}, and {problem}"})

    @property
    def problem(self) -> str | None:
        """Why this model's provider cannot answer a call now, as a clause (None: it can)."""
        if self.provider is None:
            problem = keys.provider_problem(keys.SETTINGS_KEY, settings.ANTHROPIC_BASE_URL)
            return f"the provider from the settings cannot answer: {problem}" if problem else None
        problem = self.provider.problem
        return f"its provider {self.provider} cannot answer: {problem}" if problem else None


class RouteQuerySet(models.QuerySet):
    def serving(self, *, provider: Provider | None = None, model: LLMModel | None = None) -> list[TaskRoute]:
        """The routes whose model or fallback is ``model`` or is served by ``provider``."""
        if provider is not None:
            return list(self.filter(models.Q(model__provider=provider) | models.Q(fallback__provider=provider)))
        return list(self.filter(models.Q(model=model) | models.Q(fallback=model)))


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
    objects = RouteQuerySet.as_manager()

    class Meta:
        ordering = ["task"]

    def __str__(self) -> str:
        return self.get_task_display()

    def clean(self):
        if self.fallback_id is not None and self.fallback_id == self.model_id:
            raise ValidationError({"fallback": "A model cannot be its own fallback."})
        # A route's model or fallback whose provider has no key, or may not be given it, would
        # fail every call it answers: refuse it here rather than at 3 a.m.
        errors = {}
        for field, role in (("model", "model"), ("fallback", "fallback")):
            chosen = getattr(self, field)
            if chosen is not None and (problem := chosen.problem):
                errors[field] = f"{chosen} cannot be this route's {role}: {problem}"
        if errors:
            raise ValidationError(errors)


def _listed(routes) -> str:
    return ", ".join(str(route) for route in routes)


# django-simple-history puts each historical model in this module but names the app's package as
# its __module__ (the models live in a sub-module here); say where it is, so that what imports
# models by their __module__ (manage.py shell's auto-imports, pickling) finds them.
for _tracked in (Provider, LLMModel, TaskRoute):
    _tracked.history.model.__module__ = __name__


class CatalogVersion(models.Model):
    """One row: a token that changes with every saved or deleted provider, model, route or price
    (``copilot.gateway.catalog``), so every process reads those again after an edit and not before."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"catalog {self.token}"
