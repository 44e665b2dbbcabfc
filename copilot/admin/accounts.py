"""The Account admin, extended with its analyses and the Analyze buttons."""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accounts.admin import AccountAdmin
from accounts.models import Account
from copilot.admin.ledger import cost_text
from copilot.analysis import service as services
from copilot.bulk import background
from copilot.bulk.selectors import Selection
from copilot.errors import CopilotError
from copilot.ledger import selectors

ANALYZE_PERMISSION = "copilot.add_analysisrequest"


def _report(request, outcome: services.AccountsOutcome) -> None:
    """One message per outcome, with links to what was recorded."""
    if outcome.succeeded:
        links = format_html_join(
            ", ",
            '<a href="{}">#{}</a>',
            ((reverse("admin:copilot_analysisrequest_change", args=[r.pk]), r.pk) for r in outcome.succeeded),
        )
        messages.success(request, format_html("{} analysis(es) succeeded: {}.", len(outcome.succeeded), links))
    if outcome.failed:
        reasons = format_html_join("; ", "{}: {} ({})", ((a.external_id, e.message, e.code) for a, e in outcome.failed))
        messages.error(request, format_html("{} analysis(es) failed. {}", len(outcome.failed), reasons))
    if outcome.not_attempted:
        messages.warning(request, f"{len(outcome.not_attempted)} account(s) were not attempted after that error.")


class AccountWithAnalysesAdmin(AccountAdmin):
    """The account page with its recent analyses and a button that asks for a new one."""

    change_form_template = "admin/accounts/account/change_form_with_analyze.html"
    actions = ["analyze_selected"]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "recent_analyses")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else (*fieldsets, ("AI analyses", {"fields": ("recent_analyses",)}))

    @admin.display(description="Recent analyses")
    def recent_analyses(self, account):
        records = selectors.recent_analyses(account)
        if not records:
            return "No analyses yet."
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:copilot_analysisrequest_change", args=[r.pk]),
                    r.pk,
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    r.get_status_display(),
                    r.error_code or "",
                    cost_text(r),
                    (r.response or r.error_message)[:160],
                )
                for r in records
            ),
        )
        every = reverse("admin:copilot_analysisrequest_changelist") + f"?account__id__exact={account.pk}"
        return format_html(
            "<table><thead><tr><th>Call</th><th>When</th><th>Status</th><th>Error</th><th>Cost (USD)</th>"
            '<th>Answer</th></tr></thead><tbody>{}</tbody></table><p><a href="{}">All analyses of this account</a></p>',
            rows,
            every,
        )

    def has_analyze_permission(self, request):
        return request.user.has_perm(ANALYZE_PERMISSION)

    @admin.action(description="Analyze selected accounts with AI (a bulk run)", permissions=["analyze"])
    def analyze_selected(self, request, queryset):
        """Starts a bulk run (Celery, or a thread of this server) and shows its progress page: the
        calls are not made inside this request."""
        ids = tuple(queryset.order_by("pk").values_list("external_id", flat=True))
        try:
            run = background.run_launch(selection=Selection(ids=ids), user=request.user)
        except CopilotError as error:
            self.message_user(request, f"{error.message} ({error.code})", messages.ERROR)
            return None
        self.message_user(
            request,
            f"Bulk run {run.pk} started for {len(ids)} account(s); its calls are recorded under your name.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:copilot_bulkrun_change", args=[run.pk]))

    def get_urls(self):
        analyze = path(
            "<int:account_id>/analyze/",
            self.admin_site.admin_view(self.analyze_now),
            name="accounts_account_analyze",
        )
        return [analyze, *super().get_urls()]

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_analyze"] = self.has_analyze_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def analyze_now(self, request, account_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        account = get_object_or_404(Account, pk=account_id)
        if not (self.has_view_permission(request, account) and self.has_analyze_permission(request)):
            return HttpResponseRedirect(reverse("admin:login"))
        _report(request, services.analysis_run_for_accounts(user=request.user, accounts=[account]))
        return HttpResponseRedirect(reverse("admin:accounts_account_change", args=[account.pk]))


admin.site.unregister(Account)
admin.site.register(Account, AccountWithAnalysesAdmin)
