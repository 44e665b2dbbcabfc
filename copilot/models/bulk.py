"""Bulk analysis runs and their per-account items."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from copilot.errors import ErrorCode
from copilot.models.routing import DEFAULT_TASK, Task


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
    task = models.CharField(max_length=30, choices=Task.choices, default=DEFAULT_TASK)
    model = models.CharField(
        max_length=100, blank=True, help_text="Every call on this model (a comparison); empty: the task's route."
    )
    comparison = models.ForeignKey(
        "ModelComparison", null=True, blank=True, on_delete=models.CASCADE, related_name="runs"
    )
    selection = models.JSONField(default=dict, help_text="The filters that chose the accounts.")
    backend = models.CharField(max_length=10, choices=Backend.choices, default=Backend.INLINE)
    concurrency = models.PositiveSmallIntegerField(default=4)
    rpm_limit = models.PositiveIntegerField(null=True, blank=True)
    tpm_limit = models.PositiveIntegerField(null=True, blank=True)
    max_cost_usd = models.DecimalField(max_digits=14, decimal_places=6, null=True, blank=True)
    # Kept by each item's claim and settlement, so a claim checks the cap in O(1).
    spent_usd = models.DecimalField(max_digits=20, decimal_places=12, default=0)
    reserved_usd = models.DecimalField(
        max_digits=20, decimal_places=12, default=0, help_text="What the calls in flight may cost."
    )
    priced_calls = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    created_by = models.CharField(
        max_length=150, blank=True, help_text="Who started it: a username, or os:<login> for a command run as no user."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bulk_runs",
        help_text="The user its calls are recorded for (the admin's user, or a command's --as).",
    )
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

    OPEN = (Status.PENDING, Status.RUNNING)

    run = models.ForeignKey(BulkRun, on_delete=models.CASCADE, related_name="items")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="bulk_items")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    analysis_request = models.OneToOneField(
        "AnalysisRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="bulk_item"
    )
    error_code = models.CharField(max_length=40, choices=ErrorCode.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    reserved_usd = models.DecimalField(
        max_digits=20, decimal_places=12, default=0, help_text="Held against the run's cost cap while running."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["run", "account"], name="bulk_item_once_per_run")]
        indexes = [models.Index(fields=["run", "status", "id"], name="bulkitem_run_status")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.account_id} {self.status}"
