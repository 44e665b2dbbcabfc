"""Next-best actions: what the copilot proposed for an account, and what the manager made of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Activity


class Recommendation(models.Model):
    """One proposed action on an account, tied to the exact (priced) call that proposed it.

    A proposal is accepted, dismissed (with a reason) or done (which logs an Activity), or expires
    when nobody acted on it within RECOMMENDATION_TTL_DAYS."""

    Kind = Activity.Kind  # an action is something that ends as one of the account's activities

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"
        DONE = "done", "Done"
        EXPIRED = "expired", "Expired"

    OPEN = (Status.PROPOSED, Status.ACCEPTED)

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="recommendations")
    title = models.CharField(max_length=200)
    # The title as duplicates are compared (case and spacing folded): one open action per title.
    title_key = models.CharField(max_length=200, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    priority = models.CharField(max_length=10, choices=Priority.choices)
    due_on = models.DateField()
    rationale = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    dismiss_reason = models.CharField(max_length=300, blank=True)
    done_note = models.TextField(blank=True)
    activity = models.ForeignKey(
        "accounts.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The activity logged when the action was done.",
    )
    analysis_request = models.ForeignKey(
        "copilot.AnalysisRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        help_text="The provider call whose tool call proposed it.",
    )
    proposed_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whose conversation or bulk run it came from.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last accepted, dismissed or did it.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was taken up: accepted, or done without being accepted first."
    )
    expired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["account", "status"], name="recommendation_account"),
            models.Index(fields=["status", "created_at"], name="recommendation_status"),
            models.Index(fields=["created_at"], name="recommendation_created"),
        ]
        constraints = [
            # The database holds the rule too: two concurrent tool calls cannot both store the title.
            models.UniqueConstraint(
                fields=["account", "title_key"],
                condition=models.Q(status__in=["proposed", "accepted"]),
                name="recommendation_one_open_per_title",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["proposed", "accepted", "dismissed", "done", "expired"]),
                name="recommendation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"
