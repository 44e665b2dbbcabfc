"""The project's own error pages."""

from django.http import JsonResponse
from django.views.defaults import page_not_found

API_PREFIXES = ("/api/", "/copilotkit")


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
