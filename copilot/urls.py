from django.urls import path

from copilot.api import views

urlpatterns = [
    path("copilotkit", views.CopilotKitView.as_view(), name="copilotkit"),
    path("copilotkit/health", views.HealthView.as_view(), name="copilotkit-health"),
    path("metrics", views.MetricsView.as_view(), name="metrics"),
    path("api/analyses/<int:pk>/", views.AnalysisDetailView.as_view(), name="analysis-detail"),
    path("api/usage/summary/", views.UsageSummaryView.as_view(), name="usage-summary"),
]
