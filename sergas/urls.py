from django.contrib import admin
from django.urls import include, path

from sergas.docs import DocsView, SchemaView

urlpatterns = [
    path("", include("webapp.urls")),
    path("admin/", admin.site.urls),
    path("", include("copilot.urls")),
    path("api/", include("accounts.api.urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", DocsView.as_view(url_name="schema"), name="api-docs"),
]

# An unknown URL under the APIs is a JSON 404, as the APIs' own are; pages keep Django's.
handler404 = "sergas.views.not_found"
