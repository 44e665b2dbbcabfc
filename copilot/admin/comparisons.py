"""Model comparisons in the admin: started from a form with the same service as `compare_models`,
and the same table it prints, from the same rows."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from copilot.admin.bulk import REFRESH_SECONDS
from copilot.admin.ledger import ReadOnlyAdmin
from copilot.bulk import background
from copilot.bulk import selectors as bulk_selectors
from copilot.bulk.services import DEFAULT_QUESTION
from copilot.comparisons import services
from copilot.comparisons.selectors import comparison_table
from copilot.errors import CopilotError
from copilot.models import DEFAULT_TASK, BulkRun, LLMModel, ModelComparison, Task

START_PERMISSION = "copilot.add_analysisrequest"  # a comparison is calls, like "Analyze now"


def model_choices() -> list[tuple[str, str]]:
    names = set(LLMModel.objects.values_list("name", flat=True)) | {settings.CLAUDE_MODEL}
    return [(name, name) for name in sorted(names)]


class ComparisonForm(forms.Form):
    """The options of `compare_models`, checked the same way."""

    accounts = forms.CharField(
        initial="all",
        help_text="Comma-separated account ids (ACC-1,ACC-2), or all.",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    limit = forms.IntegerField(required=False, min_value=1, help_text="At most this many accounts.")
    models = forms.MultipleChoiceField(
        choices=model_choices, widget=forms.CheckboxSelectMultiple, help_text="Two or more."
    )
    task = forms.ChoiceField(choices=Task.choices, initial=DEFAULT_TASK)
    question = forms.CharField(initial=DEFAULT_QUESTION, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))
    max_cost = forms.DecimalField(
        label="Max cost (USD)",
        required=False,
        min_value=0.000001,
        decimal_places=6,
        help_text="For the whole comparison, shared equally by the models. Empty: no cap.",
    )

    def clean_accounts(self):
        value = self.cleaned_data["accounts"].strip()
        if value.lower() == "all":
            return bulk_selectors.Selection(all=True)
        ids = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
        if not ids:
            raise forms.ValidationError("Name the accounts, or all.")
        selection = bulk_selectors.Selection(ids=ids)
        if missing := bulk_selectors.missing_ids(selection):
            raise forms.ValidationError(f"Unknown account id(s): {', '.join(missing)}.")
        return selection

    def clean_models(self):
        models = self.cleaned_data["models"]
        if len(models) < 2:
            raise forms.ValidationError("Choose at least two models.")
        return models

    def selection(self) -> bulk_selectors.Selection:
        chosen = self.cleaned_data["accounts"]
        return bulk_selectors.Selection(all=chosen.all, ids=chosen.ids, limit=self.cleaned_data["limit"])


def _table_of(comparison: ModelComparison):
    """Read once per page: the table and the differences come from the same figures."""
    if not hasattr(comparison, "_figures"):
        comparison._figures = comparison_table(comparison)
    return comparison._figures


@admin.register(ModelComparison)
class ModelComparisonAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "models_compared", "task", "created_by")
    list_filter = ("task",)
    fields = ("models_compared", "task", "question", "created_by", "created_at", "runs", "table", "differences")
    readonly_fields = fields

    def get_urls(self):
        start = path("start/", self.admin_site.admin_view(self.start_view), name="copilot_modelcomparison_start")
        return [start, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        running = BulkRun.objects.filter(comparison_id=object_id, status=BulkRun.Status.RUNNING).exists()
        context = {**(extra_context or {}), "refresh_seconds": REFRESH_SECONDS if running else None}
        return super().change_view(request, object_id, form_url, context)

    def changelist_view(self, request, extra_context=None):
        context = {**(extra_context or {}), "can_start": request.user.has_perm(START_PERMISSION)}
        return super().changelist_view(request, context)

    def start_view(self, request):
        """The form, and on a valid POST a comparison started in the background: its page shows
        its runs' progress and, once they are done, the table."""
        if not request.user.has_perm(START_PERMISSION):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        form = ComparisonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                comparison = services.comparison_create(
                    selection=form.selection(),
                    models=form.cleaned_data["models"],
                    task=form.cleaned_data["task"],
                    question=form.cleaned_data["question"],
                    max_cost=form.cleaned_data["max_cost"],
                    user=request.user,
                )
            except CopilotError as error:  # a model without a key on this server
                form.add_error(error.field or "models", error.message)
            else:
                background.comparison_start(comparison)
                started = f"Comparison {comparison.pk} started; the table fills in as its runs finish."
                self.message_user(request, started, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:copilot_modelcomparison_change", args=[comparison.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Start a model comparison",
            "form": form,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/copilot/modelcomparison/start.html", context, status=status)

    @admin.display(description="Models")
    def models_compared(self, comparison):
        return " vs ".join(comparison.model_names)

    @admin.display(description="Bulk runs")
    def runs(self, comparison):
        return format_html_join(
            ", ",
            '<a href="{}">{}: run {}</a> ({})',
            (
                (reverse("admin:copilot_bulkrun_change", args=[run.pk]), run.model, run.pk, run.get_status_display())
                for run in comparison.runs.order_by("pk")
            ),
        )

    @admin.display(description="Comparison")
    def table(self, comparison):
        figures = _table_of(comparison)
        head = format_html_join("", "<th>{}</th>", ((cell,) for cell in figures.header))
        body = format_html_join(
            "",
            "<tr>{}</tr>",
            ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in figures.rows),
        )
        return format_html('<table class="comparison"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, body)

    @admin.display(description="Where the answers differ most")
    def differences(self, comparison):
        figures = _table_of(comparison)
        if not figures.differences:
            return "—"
        models = comparison.model_names
        head = format_html_join("", "<th>{}</th>", ((name,) for name in ["Account", "Similarity", *models]))
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td>{}</tr>",
            (
                (
                    d.account,
                    f"{d.similarity:.2f}",
                    format_html_join("", "<td>{}</td>", ((d.answers.get(name, ""),) for name in models)),
                )
                for d in figures.differences
            ),
        )
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)
