"""The record of every AI call: threads, analysis requests, token usage and prices."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from copilot.errors import ErrorCode


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
    system_prompt = models.TextField(blank=True)
    messages = models.JSONField(default=list, help_text="The conversation sent to the provider.")
    prompt = models.TextField(help_text="The last user message.")
    response = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error_code = models.CharField(max_length=40, choices=ErrorCode.choices, blank=True)
    error_message = models.TextField(blank=True)
    model = models.CharField(max_length=100)
    provider = models.CharField(max_length=100)
    provider_request_id = models.CharField(max_length=200, blank=True)
    stop_reason = models.CharField(max_length=40, blank=True)
    streamed = models.BooleanField(default=False)
    latency_ms = models.FloatField(null=True, blank=True)
    time_to_first_token_ms = models.FloatField(null=True, blank=True)
    retries = models.PositiveSmallIntegerField(default=0)
    cache_hit = models.BooleanField(default=False)
    bulk_run = models.ForeignKey(
        "BulkRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="analysis_requests"
    )
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


class BulkRun(models.Model):
    """One bulk analysis over a selection of accounts. Progress lives in its items."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        INTERRUPTED = "interrupted", "Interrupted (resumable)"
        BUDGET_STOPPED = "budget_stopped", "Stopped at the cost limit (resumable)"
        COMPLETED = "completed", "Completed"

    UNFINISHED = (Status.RUNNING, Status.INTERRUPTED, Status.BUDGET_STOPPED)

    class Backend(models.TextChoices):
        INLINE = "inline", "This machine"
        CELERY = "celery", "Celery workers"

    question = models.TextField()
    selection = models.JSONField(default=dict, help_text="The filters that chose the accounts.")
    backend = models.CharField(max_length=10, choices=Backend.choices, default=Backend.INLINE)
    concurrency = models.PositiveSmallIntegerField(default=4)
    rpm_limit = models.PositiveIntegerField(null=True, blank=True)
    tpm_limit = models.PositiveIntegerField(null=True, blank=True)
    max_cost_usd = models.DecimalField(max_digits=14, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    created_by = models.CharField(max_length=150, blank=True, help_text="Who started it (user or OS login).")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="bulkrun_status_created")]

    def __str__(self) -> str:
        return f"bulk run {self.pk} ({self.get_status_display()})"


class BulkRunItem(models.Model):
    """One account in a bulk run. Its state changes in the same transaction as its analysis."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    run = models.ForeignKey(BulkRun, on_delete=models.CASCADE, related_name="items")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="bulk_items")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    analysis_request = models.OneToOneField(
        AnalysisRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="bulk_item"
    )
    error_code = models.CharField(max_length=40, choices=ErrorCode.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["run", "account"], name="bulk_item_once_per_run")]
        indexes = [models.Index(fields=["run", "status", "id"], name="bulkitem_run_status")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.account_id} {self.status}"


# --- daily rollups: what the dashboards read ----------------------------------------------------


class RollupTotals(models.Model):
    """Counters of finished calls for one local day (``TIME_ZONE``). Integers only, so sums
    are exact on every database: cost is kept in picodollars (10^-12 USD), the precision of
    ``TokenUsage.cost_usd``. Written in the same transaction as the call it counts."""

    day = models.DateField()
    requests = models.BigIntegerField(default=0)
    failed_requests = models.BigIntegerField(default=0, help_text="Failed or cancelled.")
    input_tokens = models.BigIntegerField(default=0)
    output_tokens = models.BigIntegerField(default=0)
    cache_read_tokens = models.BigIntegerField(default=0)
    cache_creation_tokens = models.BigIntegerField(default=0)
    cost_picousd = models.BigIntegerField(default=0, help_text="Cost of priced calls in 10^-12 USD.")
    unpriced_requests = models.BigIntegerField(default=0, help_text="Succeeded calls of a model with no price.")

    COUNTERS = (
        "requests",
        "failed_requests",
        "input_tokens",
        "output_tokens",
        "cache_read_tokens",
        "cache_creation_tokens",
        "cost_picousd",
        "unpriced_requests",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        keys = ", ".join(str(getattr(self, key)) for key in self.KEYS)
        return f"{keys}: {self.requests} call(s)"


class DailyUsage(RollupTotals):
    """Finished calls per day, model, source and outcome."""

    model = models.CharField(max_length=100)
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=AnalysisRequest.Status.choices)
    error_code = models.CharField(max_length=40, choices=ErrorCode.choices, blank=True)

    KEYS = ("day", "model", "source", "status", "error_code")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "model", "source", "status", "error_code"], name="daily_usage_key")
        ]


class DailyAccountUsage(RollupTotals):
    """Finished calls per day and account (``account_pk`` 0: no account)."""

    account_pk = models.BigIntegerField()

    KEYS = ("day", "account_pk")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "account_pk"], name="daily_account_usage_key")]


class DailyUserUsage(RollupTotals):
    """Finished calls per day and user (``user_pk`` 0: no user)."""

    user_pk = models.BigIntegerField()

    KEYS = ("day", "user_pk")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "user_pk"], name="daily_user_usage_key")]


class DailyLatency(models.Model):
    """A latency histogram of succeeded provider calls per day and model, in log buckets
    (see ``copilot.rollups.latency_bucket``): percentiles over any period come from it."""

    day = models.DateField()
    model = models.CharField(max_length=100)
    bucket = models.SmallIntegerField()
    calls = models.BigIntegerField(default=0)

    KEYS = ("day", "model", "bucket")
    COUNTERS = ("calls",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "model", "bucket"], name="daily_latency_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.model} bucket {self.bucket}: {self.calls} call(s)"
