"""Budgets in the admin: what each allows and what it has used this period."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from copilot.analysis.budget import Limit, usage_of
from copilot.models import Budget


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ("name", "scope", "user", "period", "limit_usd", "hard", "active", "used_this_period")
    list_filter = ("active", "hard", "scope", "period")
    list_select_related = ("user",)
    search_fields = ("name", "user__username")
    autocomplete_fields = ("user",)
    fields = ("name", "scope", "user", "period", "limit_usd", "hard", "active")

    @admin.display(description="Used this period (USD)")
    def used_this_period(self, budget: Budget) -> str:
        usage = usage_of(Limit.of(budget), timezone.now())
        return f"{usage.used_usd:.6f} of {budget.limit_usd:.6f}"
