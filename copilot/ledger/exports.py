"""CSV downloads of the history and of dashboard tables, streamed row by row."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file that hands back what is written, so csv.writer yields lines to stream."""

    def write(self, value):
        return value


def csv_cell(value):
    """Cells that know their CSV form give it; text that would run as a formula is quoted."""
    if hasattr(value, "csv_value"):
        value = value.csv_value()
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(filename: str, header: list, rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(Echo())
    lines = (writer.writerow([csv_cell(cell) for cell in cells]) for cells in itertools.chain([header], rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
