from django.urls import path

from copilot.api import copilotkit, health, usage

urlpatterns = [
    path("copilotkit", copilotkit.CopilotKitView.as_view(), name="copilotkit"),
    path("copilotkit/health", health.HealthView.as_view(), name="copilotkit-health"),
    path("metrics", health.MetricsView.as_view(), name="metrics"),
    path("api/analyses/<int:pk>/", usage.AnalysisDetailView.as_view(), name="analysis-detail"),
    path("api/accounts/<str:external_id>/analyses/", usage.AccountAnalysesView.as_view(), name="account-analyses"),
    path("api/usage/summary/", usage.UsageSummaryView.as_view(), name="usage-summary"),
]
