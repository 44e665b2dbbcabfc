from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from webapp import views

app_name = "webapp"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("app/", views.app, name="app"),
    re_path(r"^app/(?P<path>.+)$", views.app, name="app-page"),
]
