"""The call ledger in the admin: analyses, usage, threads, prices, and the dashboards' URLs."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from copilot.admin import dashboards
from copilot.agent.selectors import turn_of
from copilot.conversations.messages import tool_calls_text
from copilot.ledger import selectors
from copilot.ledger.exports import csv_response
from copilot.ledger.pricing import format_usd
from copilot.models import AnalysisRequest, ModelPrice, Thread, ThreadMessage, TokenUsage
from sergas.admin_dates import DateSafeAdminMixin


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is never edited: no add, change or delete through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TokenUsageInline(admin.StackedInline):
    model = TokenUsage
    can_delete = False
    extra = 0
    readonly_fields = (
        "model",
        "input_tokens",
        "output_tokens",
        "cache_read_tokens",
        "cache_creation_tokens",
        "cost_display",
        "price",
    )
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Cost (USD)")
    def cost_display(self, obj):
        return "unpriced model (no cost recorded)" if obj.cost_usd is None else obj.cost_usd


class ModelFilter(admin.SimpleListFilter):
    """Models that have been called, read from the small rollup table, not from millions of rows."""

    title = "model"
    parameter_name = "model"

    def lookups(self, request, model_admin):
        return [(model, model) for model in selectors.history_models()]

    def queryset(self, request, queryset):
        return queryset.filter(model=self.value()) if self.value() else queryset


class BusiestFilter(admin.SimpleListFilter):
    """Offers the 20 accounts or users with the most calls in 30 days (from the rollups), and
    keeps any other one chosen through a link, e.g. from a dashboard row."""

    relation = ""

    def lookups(self, request, model_admin):
        choices = selectors.busiest(self.relation)
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(pk) != chosen for pk, _ in choices):
            choices = selectors.labelled(self.relation, [int(chosen)]) + choices
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(**{f"{self.relation}_id": value}) if value and value.isdigit() else queryset


class AccountFilter(BusiestFilter):
    title = "account (most calls in 30 days)"
    parameter_name = "account__id__exact"
    relation = "account"


class UserFilter(BusiestFilter):
    title = "user (most calls in 30 days)"
    parameter_name = "user__id__exact"
    relation = "user"


HISTORY_CSV_COLUMNS = (
    ("id", lambda r: r.pk),
    ("created_at", lambda r: timezone.localtime(r.created_at).isoformat()),
    ("status", lambda r: r.status),
    ("error_code", lambda r: r.error_code),
    ("source", lambda r: r.source),
    ("model", lambda r: r.model),
    ("provider", lambda r: r.provider),
    ("account", lambda r: r.account.external_id if r.account else ""),
    ("user", lambda r: r.user.username if r.user else ""),
    ("latency_ms", lambda r: "" if r.latency_ms is None else f"{r.latency_ms:.1f}"),
    ("retries", lambda r: r.retries),
    ("cache_hit", lambda r: r.cache_hit),
    ("input_tokens", lambda r: _usage(r, "input_tokens")),
    ("output_tokens", lambda r: _usage(r, "output_tokens")),
    ("cache_read_tokens", lambda r: _usage(r, "cache_read_tokens")),
    ("cache_creation_tokens", lambda r: _usage(r, "cache_creation_tokens")),
    ("cost_usd", lambda r: "" if _usage_of(r) is None else format_usd(_usage_of(r).cost_usd) or ""),
    ("unpriced", lambda r: getattr(_usage_of(r), "cost_usd", 0) is None),
    ("prompt", lambda r: r.prompt),
    ("error_message", lambda r: r.error_message),
)


def _usage_of(record):
    try:
        return record.usage
    except TokenUsage.DoesNotExist:
        return None


def _usage(record, field):
    usage = _usage_of(record)
    return "" if usage is None else getattr(usage, field)


def cost_text(record, *, unpriced="unpriced model", none="—"):
    """The cost as staff read it: six places (the exact figure is in the call's usage and CSV)."""
    usage = _usage_of(record)
    if usage is None:
        return none
    return unpriced if usage.cost_usd is None else f"{usage.cost_usd:.6f}"


def milliseconds_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"


class CountedPaginator(Paginator):
    """A paginator told its count, so the unfiltered history is not counted row by row."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


class AttemptFilter(admin.SimpleListFilter):
    """Calls a route's fallback answered, and the first attempts they stood in for."""

    title = "fallback"
    parameter_name = "attempt"

    def lookups(self, request, model_admin):
        return (("fallback", "Answered by the fallback"), ("fell_back", "Handed to the fallback"))

    def queryset(self, request, queryset):
        if self.value() == "fallback":
            return queryset.filter(fallback_of__isnull=False)
        if self.value() == "fell_back":
            return queryset.filter(fallbacks__isnull=False)
        return queryset


# Query parameters of the list page that do not filter it: ordering and page number.
NOT_FILTERS = {"o", "p"}


@admin.register(AnalysisRequest)
class AnalysisRequestAdmin(ReadOnlyAdmin):
    # Narrow cells, so that the key columns fit 1280 px beside the filters with no sideways
    # scrolling: the outcome is the status or, for a failure, its code; an account is its id.
    list_display = ("id", "when", "outcome", "model", "source", "account_id_text", "user", "latency", "cost")
    # No date_hierarchy and no filter that lists distinct values of the big table: at millions
    # of rows those queries alone take seconds. Dashboards link here with created_at ranges.
    list_filter = (
        "status",
        "error_code",
        ModelFilter,
        "task",
        AttemptFilter,
        "source",
        AccountFilter,
        UserFilter,
        "created_at",
        "cache_hit",
    )
    search_fields = (
        "=correlation_id",
        "prompt",
        "response",
        "account__external_id",
        "account__name",
        "user__username",
    )
    list_select_related = ("account", "user", "usage")
    show_full_result_count = False
    inlines = [TokenUsageInline]
    readonly_fields = ("conversation", "thread_calls", "latency", "time_to_first_token", "fallback_attempts", "turn")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "status",
                    "error_code",
                    "error_message",
                    "source",
                    "agent",
                    "task",
                    "account",
                    "user",
                    "thread",
                    "fallback_of",
                    "fallback_attempts",
                    "turn",
                )
            },
        ),
        (
            "Conversation",
            {"fields": ("conversation", "thread_calls", "system_prompt", "prompt", "response", "tool_calls")},
        ),
        (
            "Provider",
            {
                "fields": (
                    "model",
                    "provider",
                    "provider_request_id",
                    "correlation_id",
                    "stop_reason",
                    "streamed",
                    "latency",
                    "time_to_first_token",
                    "retries",
                    "cache_hit",
                    "bulk_run",
                    "created_at",
                    "finished_at",
                )
            },
        ),
    )

    @admin.display(description="Fallback")
    def fallback_attempts(self, record):
        links = [
            format_html(
                '<a href="{}">#{} {} ({})</a>',
                reverse("admin:copilot_analysisrequest_change", args=[attempt.pk]),
                attempt.pk,
                attempt.model,
                attempt.status,
            )
            for attempt in record.fallbacks.order_by("pk")
        ]
        return format_html_join(", ", "{}", ((link,) for link in links)) if links else "—"

    @admin.display(description="When", ordering="created_at")
    def when(self, record):
        return timezone.localtime(record.created_at).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description="Outcome", ordering="status")
    def outcome(self, record):
        if record.status == AnalysisRequest.Status.SUCCEEDED:
            return record.get_status_display()
        return format_html(
            '<span title="{}">{}</span>', record.error_message, record.error_code or record.get_status_display()
        )

    @admin.display(description="Account", ordering="account__external_id")
    def account_id_text(self, record):
        if record.account is None:
            return "—"
        return format_html('<span title="{}">{}</span>', record.account.name, record.account.external_id)

    @admin.display(description="Agent turn")
    def turn(self, record):
        """The turn's provider calls (its steps) with their tokens and cost together."""
        turn = turn_of(record)
        if len(turn.calls) == 1:
            return "—"
        links = format_html_join(
            ", ",
            '<a href="{}">#{} step {} ({})</a>',
            (
                (reverse("admin:copilot_analysisrequest_change", args=[call.pk]), call.pk, call.step, call.status)
                for call in turn.calls
            ),
        )
        cost = "unpriced" if turn.cost_usd is None else f"{turn.cost_usd:.6f} USD"
        return format_html(
            "{}<br>{} calls · {} input / {} output tokens · {}",
            links,
            len(turn.calls),
            turn.input_tokens,
            turn.output_tokens,
            cost,
        )

    @admin.display(description="Cost (USD)")
    def cost(self, record):
        return cost_text(record)

    @admin.display(description="Latency", ordering="latency_ms")
    def latency(self, record):
        return milliseconds_text(record.latency_ms)

    @admin.display(description="Time to first token")
    def time_to_first_token(self, record):
        return milliseconds_text(record.time_to_first_token_ms)

    @admin.display(description="Turns sent")
    def conversation(self, record):
        turns = [(m.get("role", "?"), m.get("content", "")) for m in record.messages]
        if record.response:
            turns.append(("assistant (this answer)", record.response))
        return format_html_join(
            "", '<div class="turn"><strong>{}</strong><div style="white-space: pre-wrap">{}</div></div>', turns
        )

    @admin.display(description="Calls in this thread")
    def thread_calls(self, record):
        if record.thread_id is None:
            return "—"
        url = (
            reverse("admin:copilot_analysisrequest_changelist")
            + "?"
            + urlencode({"thread__id__exact": record.thread_id})
        )
        return format_html('<a href="{}">every call in thread {}</a>', url, record.thread.key)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if set(request.GET) <= NOT_FILTERS:
            return CountedPaginator(
                queryset, per_page, orphans, allow_empty_first_page, count=selectors.history_count()
            )
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/", view(self.export_csv), name="copilot_analysisrequest_export"),
            path("costs/", view(dashboards.costs), name="copilot_costs"),
            path("errors/", view(dashboards.errors), name="copilot_errors"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"export_url": reverse("admin:copilot_analysisrequest_export") + "?" + request.GET.urlencode()}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def export_csv(self, request):
        """The history as filtered and searched on the list page, streamed as CSV."""
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:login"))
        records = self.get_changelist_instance(request).get_queryset(request).order_by("-created_at", "-pk")
        return csv_response(
            f"history-{timezone.localdate().isoformat()}.csv",
            [name for name, _ in HISTORY_CSV_COLUMNS],
            ([value(r) for _, value in HISTORY_CSV_COLUMNS] for r in records.iterator(chunk_size=2000)),
        )


@admin.register(TokenUsage)
class TokenUsageAdmin(DateSafeAdminMixin, ReadOnlyAdmin):
    list_display = ("analysis_request", "created_at", "model", "input_tokens", "output_tokens", "cost_usd")
    list_filter = ("model", "created_at")
    list_select_related = ("analysis_request",)
    date_hierarchy = "created_at"
    show_full_result_count = False


class ThreadMessageInline(admin.TabularInline):
    """The whole conversation, as the client sent and received it, read-only."""

    model = ThreadMessage
    fields = ("role", "content", "tool_calls_display", "tool_call_id", "analysis_request", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description="tools called")
    def tool_calls_display(self, message):
        return tool_calls_text(message.tool_calls) or "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ("key", "user", "account", "created_at", "updated_at")
    search_fields = ("key", "user__username", "account__external_id")
    list_select_related = ("user", "account")
    inlines = [ThreadMessageInline]


@admin.register(ModelPrice)
class ModelPriceAdmin(admin.ModelAdmin):
    list_display = (
        "model",
        "effective_from",
        "input_usd_per_mtok",
        "cache_read_usd_per_mtok",
        "cache_write_usd_per_mtok",
        "output_usd_per_mtok",
        "note",
    )
    list_filter = ("model",)
    search_fields = ("model", "note")

    def get_readonly_fields(self, request, obj=None):
        # A price that has been used to cost a call is history: add a new row instead.
        if obj is not None and obj.usages.exists():
            return [field.name for field in ModelPrice._meta.fields]
        return []
