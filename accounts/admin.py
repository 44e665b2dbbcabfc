from django.contrib import admin
from django.utils.html import format_html_join

from accounts.models import Account, Activity, Deal
from accounts.selectors import account_health, with_health_facts


class DealInline(admin.TabularInline):
    model = Deal
    extra = 0
    fields = ("name", "stage", "amount", "probability", "close_date", "stage_changed_at")


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("kind", "occurred_at", "subject")
    ordering = ("-occurred_at",)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("external_id", "name", "health", "status", "owner", "industry", "annual_revenue", "contract_end")
    list_filter = ("status", "industry", "owner")
    search_fields = ("external_id", "name", "industry", "owner__username")
    list_select_related = ("owner",)
    readonly_fields = ("health_score", "health_signals", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("external_id", "name", "owner", "status", "industry", "annual_revenue", "contract_end")}),
        ("Health", {"fields": ("health_score", "health_signals")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = [DealInline, ActivityInline]

    def get_queryset(self, request):
        return with_health_facts(super().get_queryset(request))  # the list's health in the same query

    @admin.display(description="Health")
    def health(self, obj):
        report = self._health(obj)
        return f"{report.score} · {report.band.replace('_', ' ')}"

    def _health(self, obj):
        if not obj.pk:
            return None
        cached = getattr(obj, "_health_report", None)
        if cached is None:
            cached = obj._health_report = account_health(obj)
        return cached

    @admin.display(description="Health score")
    def health_score(self, obj):
        report = self._health(obj)
        return "—" if report is None else f"{report.score}/100 ({report.band.replace('_', ' ')})"

    @admin.display(description="Risk signals")
    def health_signals(self, obj):
        report = self._health(obj)
        if report is None:
            return "—"
        if not report.signals:
            return "No risk signals."
        return format_html_join("", "<div><strong>{}</strong>: {}</div>", ((s.code, s.detail) for s in report.signals))


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "stage", "amount", "probability", "close_date", "stage_changed_at")
    list_filter = ("stage",)
    search_fields = ("name", "account__external_id", "account__name")
    list_select_related = ("account",)
    autocomplete_fields = ("account",)
    date_hierarchy = "stage_changed_at"


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "account", "occurred_at")
    list_filter = ("kind",)
    search_fields = ("subject", "account__external_id", "account__name")
    list_select_related = ("account",)
    autocomplete_fields = ("account",)
    date_hierarchy = "occurred_at"
