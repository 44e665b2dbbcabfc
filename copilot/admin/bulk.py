"""Bulk runs and their items in the admin, read-only."""

from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.html import format_html

from copilot.admin.ledger import ReadOnlyAdmin
from copilot.ledger.pricing import format_usd
from copilot.models import BulkRun, BulkRunItem

REFRESH_SECONDS = 5


@admin.register(BulkRun)
class BulkRunAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "created_at",
        "status",
        "task",
        "model",
        "backend",
        "progress",
        "failed",
        "cost",
        "concurrency",
        "created_by",
    )
    list_filter = ("status", "task", "backend")
    readonly_fields = (
        "question",
        "task",
        "model",
        "comparison",
        "selection",
        "backend",
        "concurrency",
        "rpm_limit",
        "tpm_limit",
        "max_cost_usd",
        "status",
        "created_by",
        "user",
        "created_at",
        "finished_at",
        "progress",
        "failed",
        "cost",
        "items_link",
        "calls_link",
    )
    list_select_related = ("user",)

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

    @admin.display(description="Calls")
    def calls_link(self, run):
        url = reverse("admin:copilot_analysisrequest_changelist") + f"?bulk_run__id__exact={run.pk}"
        return format_html('<a href="{}">every call of this run</a>', url)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The progress page reloads itself while the run goes on.
        running = BulkRun.objects.filter(pk=object_id, status=BulkRun.Status.RUNNING).exists()
        context = {**(extra_context or {}), "refresh_seconds": REFRESH_SECONDS if running else None}
        return super().change_view(request, object_id, form_url, context)


@admin.register(BulkRunItem)
class BulkRunItemAdmin(ReadOnlyAdmin):
    list_display = ("id", "run", "account", "status", "error_code", "attempts", "analysis_request", "updated_at")
    list_filter = ("status", "error_code", "run")
    search_fields = ("account__external_id", "account__name")
    list_select_related = ("run", "account", "analysis_request")
    show_full_result_count = False


# --- accounts: recent analyses, "Analyze now" and a bulk action -------------------------------
