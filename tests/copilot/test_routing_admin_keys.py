"""A route never depends on a provider that has no key: the admin refuses to route a task, or its
fallback, to such a provider, and refuses to take the key away from a provider that serves one.
A provider can still be added before its key is deployed; it just cannot serve until then."""

import pytest

from copilot.models import LLMModel, Provider, Task, TaskRoute
from sergas.env import key_origins
from tests.factories import LLMModelFactory, route_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def mistral(claude, second_provider_double, settings):
    """A provider whose origin its variable is bound to, but whose key is not set on the server."""
    settings.LLM_KEY_ORIGINS = key_origins(
        f"CLAUDE_API_KEY={second_provider_double.url},MISTRAL_API_KEY={second_provider_double.url}"
    )
    provider = Provider.objects.create(
        name="mistral", base_url=second_provider_double.url, api_key_env="MISTRAL_API_KEY"
    )
    return LLMModelFactory(name="mistral-large", provider=provider)


def route_edit(client, route: TaskRoute, *, model: LLMModel | None, fallback: LLMModel | None):
    return client.post(
        f"/admin/copilot/taskroute/{route.pk}/change/",
        {"model": model.pk if model else "", "fallback": fallback.pk if fallback else ""},
    )


def form_errors(response) -> dict:
    assert response.status_code == 200, "saved, though it should have been refused"
    return response.context["adminform"].form.errors


def test_a_fallback_whose_provider_has_no_key_is_refused_naming_the_variable(admin_client, mistral):
    route = route_set(Task.ACCOUNT_ANALYSIS, model=None)
    errors = form_errors(route_edit(admin_client, route, model=None, fallback=mistral))
    assert "MISTRAL_API_KEY is not set on the server" in errors["fallback"][0]
    route.refresh_from_db()
    assert route.fallback is None


def test_a_model_whose_provider_has_no_key_cannot_answer_a_route(admin_client, mistral):
    route = route_set(Task.DEEP_ANALYSIS, model=None)
    errors = form_errors(route_edit(admin_client, route, model=mistral, fallback=None))
    assert "MISTRAL_API_KEY" in errors["model"][0]


def test_the_settings_provider_without_its_key_cannot_be_a_fallback(admin_client, claude, settings):
    settings.ANTHROPIC_API_KEY = ""
    glm = LLMModelFactory(name="glm-4.6", provider=None)
    route = route_set(Task.ACCOUNT_ANALYSIS, model=claude)
    errors = form_errors(route_edit(admin_client, route, model=claude, fallback=glm))
    assert "ANTHROPIC_API_KEY is not set on the server" in errors["fallback"][0]


def test_a_provider_with_its_key_is_accepted_as_a_fallback(admin_client, claude, provider):
    glm = LLMModelFactory(name="glm-4.6", provider=None)
    route = route_set(Task.ACCOUNT_ANALYSIS, model=glm)
    assert route_edit(admin_client, route, model=glm, fallback=claude).status_code == 302
    route.refresh_from_db()
    assert route.fallback == claude


def test_a_provider_may_be_added_before_its_key_is_set(admin_client, mistral, second_provider_double):
    response = admin_client.post(
        "/admin/copilot/provider/add/",
        {"name": "mistral-eu", "base_url": second_provider_double.url, "api_key_env": "MISTRAL_API_KEY"},
    )
    assert response.status_code == 302  # serves nothing yet: waiting for its key is fine


def test_a_provider_serving_a_route_cannot_lose_its_key(admin_client, claude, second_provider_double, settings):
    settings.LLM_KEY_ORIGINS = key_origins(
        f"CLAUDE_API_KEY={second_provider_double.url},MISTRAL_API_KEY={second_provider_double.url}"
    )
    route_set(Task.DEEP_ANALYSIS, model=None, fallback=claude)
    anthropic = claude.provider
    errors = form_errors(
        admin_client.post(
            f"/admin/copilot/provider/{anthropic.pk}/change/",
            {"name": anthropic.name, "base_url": anthropic.base_url, "api_key_env": "MISTRAL_API_KEY"},
        )
    )
    assert "MISTRAL_API_KEY is not set on the server" in errors["api_key_env"][0]
    assert "Deep analysis" in errors["api_key_env"][0]
    anthropic.refresh_from_db()
    assert anthropic.api_key_env == "CLAUDE_API_KEY"


def test_a_routed_model_cannot_move_to_a_provider_without_a_key(admin_client, claude, mistral):
    route_set(Task.QUICK_SUMMARY, model=claude)
    errors = form_errors(
        admin_client.post(
            f"/admin/copilot/llmmodel/{claude.pk}/change/",
            {"name": claude.name, "provider": mistral.provider.pk, "max_tokens": ""},
        )
    )
    assert "MISTRAL_API_KEY" in errors["provider"][0]
    claude.refresh_from_db()
    assert claude.provider.name == "anthropic"


def test_the_providers_list_says_whose_key_is_set_and_may_go_there(admin_client, claude, settings):
    Provider.objects.create(name="elsewhere", base_url="https://elsewhere.example", api_key_env="CLAUDE_API_KEY")
    page = admin_client.get("/admin/copilot/provider/")
    rows = {row.name: row for row in page.context["cl"].result_list}
    admin = page.context["cl"].model_admin
    assert [(admin.key_is_set(rows[n]), admin.key_is_bound(rows[n])) for n in ("anthropic", "elsewhere")] == [
        (True, True),
        (True, False),
    ]
