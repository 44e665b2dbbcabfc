"""Read queries for the AI call record: history, one analysis, usage summaries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from copilot.models import AnalysisRequest, TokenUsage

GROUPINGS = {
    "day": "day",
    "model": "model",
    "account": "analysis_request__account__external_id",
    "user": "analysis_request__user__username",
}


def visible_analyses(user) -> QuerySet[AnalysisRequest]:
    """Staff see every call; others see their own calls and calls about accounts they own."""
    analyses = AnalysisRequest.objects.select_related("account", "user", "thread", "usage", "usage__price")
    if user.is_staff:
        return analyses
    return analyses.filter(Q(user=user) | Q(account__owner=user))


def usage_summary(user, *, start: dt.date, end: dt.date, group_by: str) -> list[dict]:
    """Totals per group for calls made from ``start`` to ``end`` inclusive (server time zone)."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    usages = TokenUsage.objects.filter(created_at__gte=since, created_at__lt=until)
    if not user.is_staff:
        usages = usages.filter(Q(analysis_request__user=user) | Q(analysis_request__account__owner=user))
    if group_by == "day":
        usages = usages.annotate(day=TruncDate("created_at", tzinfo=tz))
    key = GROUPINGS[group_by]
    # Aliases differ from the field names: an annotation may not shadow a model field.
    totals = {
        "requests": Count("pk"),
        "input_tokens": Sum("input_tokens"),
        "output_tokens": Sum("output_tokens"),
        "cache_read_tokens": Sum("cache_read_tokens"),
        "cache_creation_tokens": Sum("cache_creation_tokens"),
        "cost_usd": Sum("cost_usd"),
        "unpriced_requests": Count("pk", filter=Q(cost_usd__isnull=True)),
    }
    rows = usages.values(key).annotate(**{f"total_{name}": total for name, total in totals.items()}).order_by(key)
    return [{"key": row[key], **{name: row[f"total_{name}"] for name in totals}} for row in rows]
