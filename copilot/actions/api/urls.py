from django.urls import path

from copilot.actions.api import views

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="recommendation-list"),
    path("<int:pk>/", views.RecommendationDetailView.as_view(), name="recommendation-detail"),
    path("<int:pk>/accept/", views.RecommendationAcceptView.as_view(), name="recommendation-accept"),
    path("<int:pk>/dismiss/", views.RecommendationDismissView.as_view(), name="recommendation-dismiss"),
    path("<int:pk>/done/", views.RecommendationDoneView.as_view(), name="recommendation-done"),
]
