from django.contrib import admin
from django.utils.html import format_html_join

from accounts.history.selectors import ensure_stored, with_stored_health
from accounts.history.services import health_refresh, health_refresh_many
from accounts.models import Account, Activity, BriefSent, Deal, UserPreferences
from sergas.admin_dates import DateSafeAdminMixin


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
    list_display = (
        "external_id",
        "name",
        "current_health",
        "status",
        "owner",
        "industry",
        "annual_revenue",
        "contract_end",
    )
    list_filter = ("status", "health__band", "industry", "owner")
    search_fields = ("external_id", "name", "industry", "owner__username")
    list_select_related = ("owner", "health")
    readonly_fields = ("health_score", "health_signals", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("external_id", "name", "owner", "status", "industry", "annual_revenue", "contract_end")}),
        ("Health", {"fields": ("health_score", "health_signals")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = [DealInline, ActivityInline]

    def get_queryset(self, request):
        return with_stored_health(super().get_queryset(request))  # the list's stored health in the same query

    def save_related(self, request, form, formsets, change):
        # After the inlines: the account, its deals and activities are all saved, in the change
        # view's transaction, so the stored health is refreshed once from the final facts.
        super().save_related(request, form, formsets, change)
        health_refresh(form.instance)

    # Not named "health": that is the reverse one-to-one, which the admin would show and sort by instead.
    @admin.display(description="Health", ordering="health__score")
    def current_health(self, obj):
        stored = self._health(obj)
        return "—" if stored is None else f"{stored.score} · {stored.band.replace('_', ' ')}"

    def _health(self, obj):
        return ensure_stored([obj])[0].health if obj.pk else None

    @admin.display(description="Health score")
    def health_score(self, obj):
        stored = self._health(obj)
        return "—" if stored is None else f"{stored.score}/100 ({stored.band.replace('_', ' ')})"

    @admin.display(description="Risk signals")
    def health_signals(self, obj):
        stored = self._health(obj)
        if stored is None:
            return "—"
        if not stored.details:
            return "No risk signals."
        shown = ((signal["code"], signal["detail"]) for signal in stored.details)
        return format_html_join("", "<div><strong>{}</strong>: {}</div>", shown)


class RefreshesAccountHealth:
    """Admin writes of an account's facts (a deal, an activity) refresh its stored health in the
    same transaction, and the former account's too when the object moved."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved_from = form.initial.get("account") if change and "account" in form.changed_data else None
        health_refresh_many([obj.account_id, *([moved_from] if moved_from else [])])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        health_refresh_many([obj.account_id])

    def delete_queryset(self, request, queryset):
        account_ids = set(queryset.values_list("account_id", flat=True))
        super().delete_queryset(request, queryset)
        health_refresh_many(account_ids)


@admin.register(Deal)
class DealAdmin(DateSafeAdminMixin, RefreshesAccountHealth, admin.ModelAdmin):
    list_display = ("name", "account", "stage", "amount", "probability", "close_date", "stage_changed_at")
    list_filter = ("stage",)
    search_fields = ("name", "account__external_id", "account__name")
    list_select_related = ("account",)
    autocomplete_fields = ("account",)
    date_hierarchy = "stage_changed_at"


@admin.register(Activity)
class ActivityAdmin(DateSafeAdminMixin, RefreshesAccountHealth, admin.ModelAdmin):
    list_display = ("subject", "kind", "account", "occurred_at")
    list_filter = ("kind",)
    search_fields = ("subject", "account__external_id", "account__name")
    list_select_related = ("account",)
    autocomplete_fields = ("account",)
    date_hierarchy = "occurred_at"


@admin.register(BriefSent)
class BriefSentAdmin(admin.ModelAdmin):
    """What ``send_briefs`` recorded: read-only, since the record is what stops a second brief."""

    list_display = ("day", "user", "recipient", "subject", "sent_at")
    list_filter = ("day",)
    search_fields = ("user__username", "recipient")
    date_hierarchy = "day"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UserPreferences)
class UserPreferencesAdmin(admin.ModelAdmin):
    list_display = ("user", "briefs_enabled", "updated_at")
    list_filter = ("briefs_enabled",)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
