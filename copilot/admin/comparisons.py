"""Model comparisons in the admin: the same table `compare_models` prints, from the same rows."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from copilot.admin.ledger import ReadOnlyAdmin
from copilot.comparisons.selectors import comparison_table
from copilot.models import ModelComparison


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

    @admin.display(description="Models")
    def models_compared(self, comparison):
        return " vs ".join(comparison.model_names)

    @admin.display(description="Bulk runs")
    def runs(self, comparison):
        return format_html_join(
            ", ",
            '<a href="{}">{}: run {}</a>',
            (
                (reverse("admin:copilot_bulkrun_change", args=[run.pk]), run.model, run.pk)
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
