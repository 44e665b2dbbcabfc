from django.urls import path

from accounts.api import preferences, views

urlpatterns = [
    path("accounts/", views.AccountListView.as_view(), name="account-list"),
    # Before the account's own URL: "changes" is a name, not an account id.
    path("accounts/changes/", views.HealthChangesView.as_view(), name="account-health-changes"),
    path("accounts/<str:external_id>/", views.AccountDetailView.as_view(), name="account-detail"),
    path("accounts/<str:external_id>/activities/", views.ActivityCreateView.as_view(), name="account-activities"),
    path("me/preferences/", preferences.PreferencesView.as_view(), name="me-preferences"),
    path("accounts/<str:external_id>/health/", views.HealthTrendView.as_view(), name="account-health-trend"),
]
