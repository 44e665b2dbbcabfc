"""Admin lists whose date drill-down cannot be pushed past what Python's dates hold: Django's own
``date_hierarchy`` builds ``datetime(9999, 12, 31) + 1 day`` and fails with a 500. Here such a
lookup is an incorrect one, which the admin answers as it does any other (the list, ``?e=1``)."""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class DateSafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateSafeAdminMixin:
    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList
