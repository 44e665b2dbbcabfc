"""Accounts and the facts (deals, activities) that account health is computed from."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

EXTERNAL_ID_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
    "Use letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. ACC-12345).",
)


def new_facts_version() -> int:
    """A random token: unlike a counter, never equal to the token an account with the same primary
    key had in a database since flushed or restored, nor to one a rolled-back write gave it."""
    return secrets.randbits(62)


class AccountStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    AT_RISK = "at_risk", "At risk"
    INACTIVE = "inactive", "Inactive"
    ONBOARDING = "onboarding", "Onboarding"
    CHURNED = "churned", "Churned"


class Account(models.Model):
    Status = AccountStatus

    external_id = models.CharField(max_length=64, unique=True, validators=[EXTERNAL_ID_VALIDATOR])
    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    industry = models.CharField(max_length=100, blank=True)
    annual_revenue = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    contract_end = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    facts_version = models.BigIntegerField(
        default=new_facts_version,
        editable=False,
        help_text="A new random token on every write to the account's deals, activities or health snapshots, "
        "set by the database itself (triggers, migration 0005): what a cache of its facts is checked against.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["owner", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_revenue__isnull=True) | models.Q(annual_revenue__gte=0),
                name="account_revenue_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AccountStatus.values),
                name="account_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} · {self.name}"

    def save(self, *args, **kwargs):
        # The token is the database's own (triggers): a copy of the row read before a write to its
        # records must not put the old one back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            written = [field for field in self._meta.concrete_fields if not field.primary_key]
            kwargs["update_fields"] = [field.name for field in written if field.name != "facts_version"]
        super().save(*args, **kwargs)


class Deal(models.Model):
    class Stage(models.TextChoices):
        PROSPECTING = "prospecting", "Prospecting"
        QUALIFICATION = "qualification", "Qualification"
        PROPOSAL = "proposal", "Proposal"
        NEGOTIATION = "negotiation", "Negotiation"
        CLOSED_WON = "closed_won", "Closed won"
        CLOSED_LOST = "closed_lost", "Closed lost"

    CLOSED_STAGES = (Stage.CLOSED_WON, Stage.CLOSED_LOST)

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="deals")
    name = models.CharField(max_length=200)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PROSPECTING)
    amount = models.DecimalField(max_digits=16, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    probability = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    close_date = models.DateField(null=True, blank=True)
    stage_changed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-stage_changed_at"]
        indexes = [models.Index(fields=["account", "stage", "stage_changed_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(probability__lte=100), name="deal_probability_max_100"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="deal_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_stage_display()})"


class Activity(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"
        NOTE = "note", "Note"
        SUPPORT_TICKET = "support_ticket", "Support ticket"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    subject = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["account", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class AccountHealth(models.Model):
    """An account's current health as the rules last computed it: what lists sort and filter on.

    Refreshed in the transaction of every change to the account's facts (see
    ``accounts.history.services``) and by the daily ``snapshot_health``, since time alone changes
    health too. ``signal_mask`` holds one bit per signal name (``accounts.health.SIGNALS``), so
    "every one of these signals fires" and "the signals changed" are plain SQL on SQLite and
    PostgreSQL alike."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, primary_key=True, related_name="health")
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=20)
    signals = models.JSONField(default=list, help_text="signal names, in rule order")
    details = models.JSONField(default=list, help_text="each signal's code, detail and penalty")
    signal_mask = models.PositiveSmallIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "account health"
        indexes = [models.Index(fields=["score"]), models.Index(fields=["band", "score"])]

    def __str__(self) -> str:
        return f"{self.score} · {self.band}"


class HealthSnapshot(models.Model):
    """An account's health on one day (the last refresh of that day): the history trends read."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="health_snapshots")
    day = models.DateField()
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=20)
    signals = models.JSONField(default=list, help_text="signal names, in rule order")
    signal_mask = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["account", "day"]
        indexes = [models.Index(fields=["day"])]
        constraints = [models.UniqueConstraint(fields=["account", "day"], name="health_snapshot_one_per_day")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.day}: {self.score} · {self.band}"


class UserPreferences(models.Model):
    """A user's own settings for the app (one row per user, made on first change; a user without
    one has the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="preferences"
    )
    briefs_enabled = models.BooleanField(default=True, help_text="send the morning brief by email")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "user preferences"

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"


class BriefSent(models.Model):
    """One manager's morning brief for one day: claimed (inserted) before it is sent, so two runs
    at once cannot both send it, and stamped ``sent_at`` once the mail backend took it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefs_sent")
    day = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    accounts = models.JSONField(default=list, help_text="external ids of the accounts the brief named")
    sections = models.JSONField(default=dict, help_text="items per section, e.g. {'changes': 2, 'renewals': 1}")

    class Meta:
        verbose_name_plural = "briefs sent"
        indexes = [models.Index(fields=["day"])]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="brief_one_per_user_per_day")]

    def __str__(self) -> str:
        return f"brief for {self.user_id} on {self.day}"
