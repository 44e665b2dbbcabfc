from django.urls import include, path

from copilot.agui import views as agui
from copilot.api import copilotkit, health, threads, usage

urlpatterns = [
    path("copilotkit", copilotkit.copilotkit_endpoint, name="copilotkit"),
    path("copilotkit/health", health.HealthView.as_view(), name="copilotkit-health"),
    path("copilotkit/info", agui.info, name="agui-info"),
    path("copilotkit/agent/<str:agent_id>/run", agui.run, name="agui-run"),
    path("copilotkit/agent/<str:agent_id>/connect", agui.connect, name="agui-connect"),
    path("copilotkit/agent/<str:agent_id>/stop/<str:thread_id>", agui.stop, name="agui-stop"),
    path("api/threads/", threads.ThreadListView.as_view(), name="thread-list"),
    path("api/threads/<str:key>/", threads.ThreadDetailView.as_view(), name="thread-detail"),
    path("metrics", health.MetricsView.as_view(), name="metrics"),
    path("api/analyses/<int:pk>/", usage.AnalysisDetailView.as_view(), name="analysis-detail"),
    path("api/accounts/<str:external_id>/analyses/", usage.AccountAnalysesView.as_view(), name="account-analyses"),
    path("api/usage/summary/", usage.UsageSummaryView.as_view(), name="usage-summary"),
    path("api/recommendations/", include("copilot.actions.api.urls")),
]
