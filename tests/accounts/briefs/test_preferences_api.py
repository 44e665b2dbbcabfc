"""GET/PATCH /api/me/preferences/: the signed-in user's choice to get the morning brief."""

import pytest
from rest_framework.test import APIClient

from accounts.models import UserPreferences
from tests.copilot.conftest import token_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/me/preferences/"


@pytest.fixture
def api(manager) -> APIClient:
    return token_client(manager)


def test_briefs_are_on_until_the_user_turns_them_off(api, manager):
    assert api.get(URL).json() == {"briefs": True}

    response = api.patch(URL, {"briefs": False}, format="json")

    assert response.status_code == 200 and response.json() == {"briefs": False}
    assert api.get(URL).json() == {"briefs": False}
    assert UserPreferences.objects.get(user=manager).briefs_enabled is False
    assert api.patch(URL, {"briefs": True}, format="json").json() == {"briefs": True}


def test_each_user_sees_and_changes_only_their_own(api):
    other = token_client(UserFactory(username="sam"))

    api.patch(URL, {"briefs": False}, format="json")

    assert other.get(URL).json() == {"briefs": True}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"briefs": "maybe"}, "briefs"),
        ({"briefs": "false"}, "briefs"),  # a string is not a choice: JSON true or false only
        ({"briefs": 0}, "briefs"),
        ({"briefs": None}, "briefs"),
        ({}, "briefs"),
        ({"briefs": False, "brief": False}, "brief"),  # an unknown name is refused, not ignored
    ],
)
def test_a_bad_patch_is_a_400_naming_the_field_and_changes_nothing(api, manager, body, field):
    response = api.patch(URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not UserPreferences.objects.filter(user=manager).exists()


def test_a_body_that_is_not_an_object_is_a_400(api):
    assert api.patch(URL, [True], format="json").status_code == 400
    assert api.patch(URL, "true", content_type="application/json").status_code == 400


def test_it_needs_a_signed_in_user(client):
    assert APIClient().get(URL).status_code == 401
    assert APIClient().patch(URL, {"briefs": False}, format="json").status_code == 401


def test_put_and_post_are_not_offered(api):
    assert api.put(URL, {"briefs": False}, format="json").status_code == 405
    assert api.post(URL, {"briefs": False}, format="json").status_code == 405


def test_the_schema_documents_get_and_patch_with_a_boolean_briefs(api):
    schema = api.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/me/preferences/"]

    assert set(operations) == {"get", "patch"}
    assert "400" in operations["patch"]["responses"] and "401" in operations["get"]["responses"]
    body = operations["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][body]["properties"]["briefs"]["type"] == "boolean"
