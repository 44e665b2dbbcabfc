from django.contrib import admin

from copilot.models import AnalysisRequest, ModelPrice, Thread, TokenUsage


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
    list_filter = ("status", "error_code", "model", "source", "provider", "cache_hit", "created_at")
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
