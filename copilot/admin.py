from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.html import format_html

from copilot.models import AnalysisRequest, BulkRun, BulkRunItem, ModelPrice, Thread, TokenUsage
from copilot.pricing import format_usd


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


@admin.register(AnalysisRequest)
class AnalysisRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "status", "error_code", "model", "source", "account", "user", "latency_ms")
    list_filter = ("status", "error_code", "model", "source", "provider", "cache_hit", "bulk_run", "created_at")
    search_fields = ("prompt", "response", "account__external_id", "account__name", "user__username")
    list_select_related = ("account", "user")
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [TokenUsageInline]
    fieldsets = (
        (None, {"fields": ("status", "error_code", "error_message", "source", "agent", "account", "user", "thread")}),
        ("Conversation", {"fields": ("system_prompt", "messages", "prompt", "response")}),
        (
            "Provider",
            {
                "fields": (
                    "model",
                    "provider",
                    "provider_request_id",
                    "stop_reason",
                    "streamed",
                    "latency_ms",
                    "time_to_first_token_ms",
                    "retries",
                    "cache_hit",
                    "created_at",
                    "finished_at",
                )
            },
        ),
    )


@admin.register(TokenUsage)
class TokenUsageAdmin(ReadOnlyAdmin):
    list_display = ("analysis_request", "created_at", "model", "input_tokens", "output_tokens", "cost_usd")
    list_filter = ("model", "created_at")
    list_select_related = ("analysis_request",)
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ("key", "user", "account", "created_at", "updated_at")
    search_fields = ("key", "user__username", "account__external_id")
    list_select_related = ("user", "account")


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


@admin.register(BulkRun)
class BulkRunAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "status", "backend", "progress", "failed", "cost", "concurrency", "created_by")
    list_filter = ("status", "backend")
    readonly_fields = (
        "question",
        "selection",
        "backend",
        "concurrency",
        "rpm_limit",
        "tpm_limit",
        "max_cost_usd",
        "status",
        "created_by",
        "created_at",
        "finished_at",
        "progress",
        "failed",
        "cost",
        "items_link",
    )

    def get_queryset(self, request):
        items = BulkRunItem.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                total=Count("items", distinct=True),
                done=Count("items", filter=Q(items__status=items.SUCCEEDED), distinct=True),
                failed_count=Count("items", filter=Q(items__status=items.FAILED), distinct=True),
                spent=Sum("analysis_requests__usage__cost_usd"),
            )
        )

    @admin.display(description="Succeeded / accounts")
    def progress(self, run):
        return f"{run.done} / {run.total}"

    @admin.display(description="Failed", ordering="failed_count")
    def failed(self, run):
        return run.failed_count

    @admin.display(description="Cost (USD)")
    def cost(self, run):
        return format_usd(run.spent) or "0.000000"

    @admin.display(description="Items")
    def items_link(self, run):
        url = reverse("admin:copilot_bulkrunitem_changelist") + f"?run__id__exact={run.pk}"
        return format_html('<a href="{}">{} item(s)</a>', url, run.total)


@admin.register(BulkRunItem)
class BulkRunItemAdmin(ReadOnlyAdmin):
    list_display = ("id", "run", "account", "status", "error_code", "attempts", "analysis_request", "updated_at")
    list_filter = ("status", "error_code", "run")
    search_fields = ("account__external_id", "account__name")
    list_select_related = ("run", "account", "analysis_request")
    show_full_result_count = False
