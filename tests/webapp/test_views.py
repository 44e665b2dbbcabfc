"""Where the site's pages lead, and the managers' app served from its committed build."""

import pytest
from django.conf import settings

from tests.factories import StaffUserFactory, UserFactory
from webapp.assets import app_entry

pytestmark = pytest.mark.django_db


def test_the_app_needs_a_login(client):
    response = client.get("/app/accounts/ACC-1")

    assert response.status_code == 302 and response.url.startswith("/login/?next=/app/accounts/ACC-1")


def test_home_sends_a_manager_to_the_app_and_staff_to_the_admin(client):
    client.force_login(UserFactory())
    assert client.get("/").url == "/app/"
    client.force_login(StaffUserFactory())
    assert client.get("/").url == "/admin/"


def test_every_app_route_serves_the_page_that_loads_the_hashed_build_with_a_csrf_cookie(client):
    client.force_login(UserFactory(username="morgan"))

    page = client.get("/app/accounts/ACC-1")

    entry = app_entry()
    assert page.status_code == 200 and "csrftoken" in page.cookies
    assert f'src="/static/{entry.script}"' in page.content.decode()
    assert entry.script.startswith("app/assets/main-") and entry.styles
    assert (settings.FRONTEND_BUILD_DIR / entry.script.removeprefix("app/")).exists()
    assert 'data-user="morgan"' in page.content.decode()


def test_the_page_preloads_the_chunks_the_entry_imports_and_nothing_of_the_chat(client):
    client.force_login(UserFactory())

    page = client.get("/app/").content.decode()

    entry = app_entry()
    assert entry.preloads, "React and the router are a chunk of their own"
    for chunk in entry.preloads:
        assert f'<link rel="modulepreload" href="/static/{chunk}">' in page
        assert (settings.FRONTEND_BUILD_DIR / chunk.removeprefix("app/")).exists()
    assert "chat-" not in page and "AccountChat" not in page  # the copilot loads with an account


def test_the_login_page_logs_a_manager_in(client):
    UserFactory(username="morgan")

    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "morgan", "password": "correct horse battery staple"})

    assert response.status_code == 302 and response.url == "/"
