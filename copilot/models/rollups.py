"""Daily rollups of finished calls: what the dashboards read."""

from __future__ import annotations

from django.db import models

from copilot.errors import ErrorCode
from copilot.models.ledger import AnalysisRequest, Source


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
