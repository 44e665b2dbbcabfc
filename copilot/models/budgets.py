"""Spend limits, edited by staff in the admin: whose calls, over which period, hard or soft."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


class Budget(models.Model):
    class Scope(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        USER = "user", "One user"

    class Period(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"

    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.EVERYONE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="budgets"
    )
    period = models.CharField(
        max_length=10, choices=Period.choices, default=Period.DAY, help_text="Calendar days or months in TIME_ZONE."
    )
    limit_usd = models.DecimalField(max_digits=12, decimal_places=6, validators=[MinValueValidator(0)])
    hard = models.BooleanField(
        default=True, help_text="Hard: calls that could go over are refused. Soft: they go on, with a warning."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scope", "period", "name"]

    def __str__(self) -> str:
        kind = "hard" if self.hard else "soft"
        whose = f" for {self.user}" if self.scope == self.Scope.USER else ""
        return f"{self.name}: {self.limit_usd} USD a {self.period}{whose} ({kind})"

    def clean(self) -> None:
        if self.scope == self.Scope.USER and self.user_id is None:
            raise ValidationError({"user": "A one-user budget needs its user."})
        if self.scope == self.Scope.EVERYONE and self.user_id is not None:
            raise ValidationError({"user": "A budget for everyone has no user."})
