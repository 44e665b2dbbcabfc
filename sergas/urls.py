from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from copilot import dashboards

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    # Before the admin's own URLs, which would answer these paths with a 404.
    path("admin/copilot/costs/", dashboards.costs, name="copilot-costs"),
    path("admin/copilot/errors/", dashboards.errors, name="copilot-errors"),
    path("admin/", admin.site.urls),
    path("", include("copilot.urls")),
    path("api/", include("accounts.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
