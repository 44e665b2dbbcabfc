from django.urls import path

from accounts.api import views

urlpatterns = [
    path("accounts/", views.AccountListView.as_view(), name="account-list"),
    path("accounts/<str:external_id>/", views.AccountDetailView.as_view(), name="account-detail"),
    path("accounts/<str:external_id>/activities/", views.ActivityCreateView.as_view(), name="account-activities"),
]
