"""The record of every AI call: threads, analysis requests, token usage and prices."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from copilot.errors import ErrorCode
from copilot.models.routing import Task


class Source(models.TextChoices):
    API = "api", "API"
    AGUI = "agui", "AG-UI"
    ADMIN = "admin", "Admin"
    BULK = "bulk", "Bulk"
    CLI = "cli", "CLI"


class Thread(models.Model):
    """One conversation. ``key`` is the threadId the client uses (given, or our uuid)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="threads")
    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="thread_key_unique_per_user")]

    def __str__(self) -> str:
        return self.key


class ThreadMessage(models.Model):
    """One message of a conversation, as the AG-UI client sent or received it: the user's, the
    assistant's (text and/or the frontend tools it called), and the results of those tools."""

    class Role(models.TextChoices):
        USER = "user", "User"
        ASSISTANT = "assistant", "Assistant"
        TOOL = "tool", "Tool result"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="thread_messages")
    message_id = models.CharField(max_length=200, help_text="The client's message id.")
    role = models.CharField(max_length=10, choices=Role.choices)
    content = models.TextField(blank=True)
    tool_calls = models.JSONField(default=list, blank=True, help_text="[{id, name, arguments}]")
    tool_call_id = models.CharField(max_length=200, blank=True, help_text="The call a tool result answers.")
    analysis_request = models.ForeignKey(
        "AnalysisRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="thread_messages"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["thread", "id"]
        constraints = [models.UniqueConstraint(fields=["thread", "message_id"], name="thread_message_once")]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"


class AnalysisRequest(models.Model):
    """One call to the provider: created before the call, finished after it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="analysis_requests"
    )
    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="analysis_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="analysis_requests",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    agent = models.CharField(max_length=100, default="orchestrator")
    prompt_version = models.CharField(
        max_length=40, blank=True, help_text="The system prompt's version (blank: before versions were recorded)."
    )
    system_prompt = models.TextField(blank=True)
    messages = models.JSONField(default=list, help_text="The conversation sent to the provider.")
    prompt = models.TextField(help_text="The last user message.")
    response = models.TextField(blank=True)
    tool_calls = models.JSONField(
        default=list, blank=True, help_text="The tools the model called (server and frontend)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error_code = models.CharField(max_length=40, choices=ErrorCode.choices, blank=True)
    error_message = models.TextField(blank=True)
    model = models.CharField(max_length=100)
    provider = models.CharField(max_length=100)
    provider_request_id = models.CharField(max_length=200, blank=True)
    correlation_id = models.CharField(
        "X-Request-ID", max_length=64, blank=True, db_index=True, help_text="The HTTP request that made the call."
    )
    stop_reason = models.CharField(max_length=40, blank=True)
    streamed = models.BooleanField(default=False)
    latency_ms = models.FloatField(null=True, blank=True)
    time_to_first_token_ms = models.FloatField(null=True, blank=True)
    retries = models.PositiveSmallIntegerField(default=0)
    cache_hit = models.BooleanField(default=False)
    reserved_usd = models.DecimalField(
        max_digits=12,
        decimal_places=6,
        default=0,
        help_text="What the call holds of its budgets while pending (its worst case); 0 once finished.",
    )
    bulk_run = models.ForeignKey(
        "BulkRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="analysis_requests"
    )
    task = models.CharField(
        max_length=30, choices=Task.choices, blank=True, help_text="The task whose route chose the model."
    )
    fallback_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fallbacks",
        help_text="The first attempt, when this call is its fallback.",
    )
    # A turn of the agent is one or more provider calls: the first is the turn, the others its steps.
    step_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
        help_text="The turn's first call, when this call is a later step of it.",
    )
    step = models.PositiveSmallIntegerField(default=1, help_text="Which provider call of its turn this is.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], name="analysis_created"),
            models.Index(fields=["account", "created_at"], name="analysis_account_created"),
            models.Index(fields=["status", "created_at"], name="analysis_status_created"),
            models.Index(fields=["model", "created_at"], name="analysis_model_created"),
            models.Index(fields=["user", "created_at"], name="analysis_user_created"),
            models.Index(fields=["error_code", "created_at"], name="analysis_error_created"),
            # Only the few fallback attempts: the errors dashboard lists a period's without a scan.
            models.Index(
                fields=["created_at"], condition=models.Q(fallback_of__isnull=False), name="analysis_fallback_created"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.model} {self.status}"


class ModelPrice(models.Model):
    """USD per million tokens for a model, from ``effective_from`` on. Past costs keep their price."""

    model = models.CharField(max_length=100, help_text="Exact model name, or a prefix of dated variants.")
    input_usd_per_mtok = models.DecimalField(max_digits=12, decimal_places=6, validators=[MinValueValidator(0)])
    output_usd_per_mtok = models.DecimalField(max_digits=12, decimal_places=6, validators=[MinValueValidator(0)])
    cache_read_usd_per_mtok = models.DecimalField(
        max_digits=12, decimal_places=6, default=0, validators=[MinValueValidator(0)]
    )
    cache_write_usd_per_mtok = models.DecimalField(
        max_digits=12, decimal_places=6, default=0, validators=[MinValueValidator(0)]
    )
    effective_from = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["model", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["model", "effective_from"], name="price_unique_per_model_and_start"),
            models.CheckConstraint(
                condition=models.Q(input_usd_per_mtok__gte=0)
                & models.Q(output_usd_per_mtok__gte=0)
                & models.Q(cache_read_usd_per_mtok__gte=0)
                & models.Q(cache_write_usd_per_mtok__gte=0),
                name="price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} from {self.effective_from:%Y-%m-%d}"


class TokenUsage(models.Model):
    """Tokens and exact cost of one AnalysisRequest. ``input_tokens`` excludes cached tokens."""

    analysis_request = models.OneToOneField(AnalysisRequest, on_delete=models.CASCADE, related_name="usage")
    model = models.CharField(max_length=100)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cache_read_tokens = models.PositiveIntegerField(default=0)
    cache_creation_tokens = models.PositiveIntegerField(default=0)
    # Null when the model has no price: an unpriced call is shown as such, never as $0.
    cost_usd = models.DecimalField(max_digits=20, decimal_places=12, null=True, blank=True)
    price = models.ForeignKey(ModelPrice, null=True, blank=True, on_delete=models.PROTECT, related_name="usages")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["model", "created_at"], name="usage_model_created")]

    def __str__(self) -> str:
        return f"usage of #{self.analysis_request_id}"

    @property
    def is_priced(self) -> bool:
        return self.cost_usd is not None
