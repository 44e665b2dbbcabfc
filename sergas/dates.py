"""Dates a client gives (query periods, an activity's time): the range this project can compute
with, and the one parser of a ``start``..``end`` period that every API and dashboard uses.

Python's dates end at 0001-01-01 and 9999-12-31, and a period's day bounds go one day past its end
and across the time zone, so a date near either end overflows in arithmetic long before it could
mean anything here; such a date is a 400 naming its field, never an OverflowError.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9998, 12, 31)
OUT_OF_RANGE = f"Give a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}."


def supported(value: dt.date | dt.datetime) -> None:
    """A validator for date and datetime fields (Django forms and DRF serializers both run it)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


class PeriodError(ValueError):
    """A period that cannot be used; ``field`` is the parameter at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def period(
    start: dt.date | None, end: dt.date | None, *, today: dt.date, default_days: int, max_days: int
) -> tuple[dt.date, dt.date]:
    """``(start, end)``, both inclusive: a missing end is ``today``, a missing start ``default_days``
    days up to the end. Raises ``PeriodError`` for a day out of range, a reversed period or one
    longer than ``max_days`` days."""
    for field, day in (("start", start), ("end", end)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise PeriodError(field, OUT_OF_RANGE)
    end = end or today
    start = start or max(EARLIEST, end - dt.timedelta(days=default_days - 1))
    if start > end:
        raise PeriodError("start", "The start is after the end.")
    if (end - start).days + 1 > max_days:
        raise PeriodError("start", f"A period is at most {max_days} days.")
    return start, end
