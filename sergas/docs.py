"""The OpenAPI schema and its Swagger UI (served locally), behind the API's authentication: a
token, or a signed-in session. Not in ``sergas.schema``: DRF's settings import that module, and
these views import DRF's views."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.permissions import IsAuthenticated


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, for a signed-in user or a token (the API's own authentication)."""

    permission_classes = [IsAuthenticated]


class DocsView(SpectacularSwaggerView):
    """Swagger UI over the schema. A browser that is not signed in is sent to the login page."""

    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated | AuthenticationFailed) and not self.request.user:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)

    def options(self, request, *args, **kwargs):
        # DRF's OPTIONS answer is metadata for a renderer of data; this view has only a page's.
        return HttpResponse(headers={"Allow": ", ".join(self.allowed_methods)})
