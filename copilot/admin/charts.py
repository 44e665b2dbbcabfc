"""Charts for the admin dashboards, rendered on the server as inline SVG by pygal: no CDN and
no JavaScript needed to see them, and the same figures are in the tables beside them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="-apple-system, 'Segoe UI', system-ui, Roboto, sans-serif",
    colors=("#417690", "#ba2121", "#79aec8"),
    label_font_size=11,
    major_label_font_size=11,
)
MAX_X_LABELS = 16


def bars(
    *, title: str, labels: Sequence[str], values: Sequence[float | None], formatter: Callable[[float], str]
) -> SafeString:
    """A bar per day, or per hour of a one-day period. Values are already in display units (USD, percent)."""
    chart = pygal.Bar(
        js=(),  # tooltips would need pygal's script from a CDN; the tables carry the numbers
        disable_xml_declaration=True,
        show_legend=False,
        width=960,
        height=280,
        margin=8,
        style=STYLE,
        x_label_rotation=30,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, -(-len(labels) // MAX_X_LABELS)),
        value_formatter=formatter,
        no_data_text="No calls in this period",
        title=title,
    )
    chart.x_labels = list(labels)
    chart.add(title, list(values))
    # The SVG is built by pygal from numbers, dates and hours only, never from user text.
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308
