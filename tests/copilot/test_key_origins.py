"""Provider keys stay with their hosts: a key variable is bound to the origins the environment
names, and no provider row (whoever edits it, however it was written) makes the server send the
key anywhere else, not even to another port of the same host."""

import socket
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured

from copilot.models import AnalysisRequest, LLMModel, Provider, Task
from sergas.env import key_origins, url_origin
from tests.copilot.conftest import SECOND_API_KEY, TEST_API_KEY
from tests.factories import LLMModelFactory, UserFactory, route_set

pytestmark = pytest.mark.django_db

ASK = {"messages": [{"role": "user", "content": "How is this account doing?"}]}
ROUTING_PERMISSIONS = [
    f"{action}_{model}" for action in ("view", "add", "change") for model in ("provider", "llmmodel", "taskroute")
]


class Listener:
    """A plain TCP listener on 127.0.0.1: the host someone would like the key sent to. It records
    every connection and the bytes it received."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.received: list[bytes] = []
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def _serve(self):
        while self._running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(65536))
                except OSError:
                    self.received.append(b"")

    def close(self):
        self._running = False
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture
def keys_everywhere(provider, settings):
    """Both keys set, ANTHROPIC_API_KEY's provider the double, CLAUDE_API_KEY's none bound to it."""
    settings.LLM_PROVIDER_KEYS = {"ANTHROPIC_API_KEY": TEST_API_KEY, "CLAUDE_API_KEY": SECOND_API_KEY}
    return provider


def plain_staff_with_routing_permissions():
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=ROUTING_PERMISSIONS))
    return staff


@pytest.fixture(params=["plain staff with change_provider", "superuser"])
def editor(request, client, db):
    user = plain_staff_with_routing_permissions() if request.param.startswith("plain") else None
    if user is None:
        user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def same_host_other_port(listener: Listener) -> list[str]:
    """The listener's origin, written the ways someone might try to slip it past a check."""
    port = listener.url.rsplit(":", 1)[1]
    return [
        listener.url,
        f"{listener.url}/v1",
        f"HTTP://127.0.0.1:{port}/",
        f"http://localhost:{port}",
        f"http://user@127.0.0.1:{port}",
    ]


class TestTheAdminRefusesToBindAKeyToAnotherOrigin:
    def test_a_new_provider_at_another_port_of_the_same_host_with_the_main_key_is_refused(
        self, editor, keys_everywhere, listener
    ):
        for url in same_host_other_port(listener):
            response = editor.post(
                "/admin/copilot/provider/add/",
                {"name": "mine", "base_url": url, "api_key_env": "ANTHROPIC_API_KEY"},
            )
            assert response.status_code == 200, url  # the form again, with its error
            errors = response.context["adminform"].form.errors
            assert "LLM_KEY_ORIGINS" in errors["base_url"][0], url
            assert TEST_API_KEY not in response.content.decode()
        assert not Provider.objects.filter(name="mine").exists()

    def test_an_existing_provider_cannot_be_pointed_elsewhere_or_given_another_key(
        self, editor, claude, keys_everywhere, listener
    ):
        anthropic = claude.provider
        bound_url = anthropic.base_url
        attempts = [
            {"base_url": listener.url, "api_key_env": "CLAUDE_API_KEY"},  # its own key, another port
            {"base_url": listener.url, "api_key_env": "ANTHROPIC_API_KEY"},  # the main key, another port
            {"base_url": bound_url, "api_key_env": "ANTHROPIC_API_KEY"},  # the main key, its own host
        ]
        for attempt in attempts:
            response = editor.post(
                f"/admin/copilot/provider/{anthropic.pk}/change/", {"name": anthropic.name, **attempt}
            )
            assert response.status_code == 200, attempt
            assert "LLM_KEY_ORIGINS" in response.context["adminform"].form.errors["base_url"][0]
        anthropic.refresh_from_db()
        assert (anthropic.base_url, anthropic.api_key_env) == (bound_url, "CLAUDE_API_KEY")

    def test_an_origin_the_environment_binds_is_accepted(self, editor, keys_everywhere, settings):
        settings.LLM_KEY_ORIGINS = key_origins("CLAUDE_API_KEY=https://proxy.example:4000")
        for name, url in [
            ("anthropic-2", "https://API.anthropic.com:443/v1"),
            ("proxy", "https://proxy.example:4000/"),
        ]:
            response = editor.post(
                "/admin/copilot/provider/add/", {"name": name, "base_url": url, "api_key_env": "CLAUDE_API_KEY"}
            )
            assert response.status_code == 302, response.context["adminform"].form.errors
        assert set(Provider.objects.filter(name__in=["anthropic-2", "proxy"]).values_list("name", flat=True)) == {
            "anthropic-2",
            "proxy",
        }

    def test_the_whole_attempt_through_the_admin_leaves_the_key_where_it_belongs(
        self, editor, api, keys_everywhere, listener
    ):
        """Add a provider at another port, a model on it, route the default task to it, call."""
        editor.post(
            "/admin/copilot/provider/add/",
            {"name": "mine", "base_url": listener.url, "api_key_env": "ANTHROPIC_API_KEY"},
        )
        mine = Provider.objects.filter(name="mine").first()
        editor.post("/admin/copilot/llmmodel/add/", {"name": "mine-model", "provider": mine.pk if mine else ""})
        model = LLMModel.objects.filter(name="mine-model").first()
        route = route_set(Task.ACCOUNT_ANALYSIS, model=None)
        editor.post(f"/admin/copilot/taskroute/{route.pk}/change/", {"model": model.pk, "fallback": ""})

        response = api.post("/copilotkit", ASK, format="json")

        assert response.status_code == 200
        assert AnalysisRequest.objects.get().provider == "z.ai"  # the settings' provider answered
        assert len(keys_everywhere.requests) == 1
        assert listener.received == []


class TestTheGatewayChecksEveryCall:
    """A row written straight to the database (a migration, a shell, a restore) never got the
    admin's validation: the gateway refuses it before any request, and the call is recorded."""

    def provider_row(self, url: str, key_env: str) -> LLMModel:
        row = Provider.objects.create(name="elsewhere", base_url=url, api_key_env=key_env)
        model = LLMModelFactory(name="elsewhere-model", provider=row)
        route_set(Task.ACCOUNT_ANALYSIS, model=model)
        return model

    @pytest.mark.parametrize("key_env", ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"])
    def test_a_provider_at_an_unbound_origin_fails_the_call_before_anything_is_sent(
        self, api, keys_everywhere, listener, key_env
    ):
        self.provider_row(listener.url, key_env)

        response = api.post("/copilotkit", ASK, format="json")

        assert response.status_code == 503
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "LLM_NOT_CONFIGURED"
        assert key_env in error["message"] and "LLM_KEY_ORIGINS" in error["message"]
        assert TEST_API_KEY not in response.content.decode() and SECOND_API_KEY not in response.content.decode()
        record = AnalysisRequest.objects.get()
        assert (record.status, record.error_code, record.model, record.provider) == (
            "failed",
            "LLM_NOT_CONFIGURED",
            "elsewhere-model",
            "elsewhere",
        )
        assert error["extensions"]["requestId"] == str(record.pk)
        assert listener.received == [] and keys_everywhere.requests == []

    def test_the_health_check_says_the_llm_is_not_configured_while_the_key_may_not_go_there(
        self, client, keys_everywhere, listener
    ):
        self.provider_row(listener.url, "ANTHROPIC_API_KEY")
        health = client.get("/copilotkit/health").json()
        assert (health["status"], health["checks"]["llm"], health["provider"]) == (
            "degraded",
            "not_configured",
            "elsewhere",
        )

    def test_the_same_host_on_the_bound_port_is_answered(self, api, keys_everywhere):
        self.provider_row(f"{keys_everywhere.url}/", "ANTHROPIC_API_KEY")
        response = api.post("/copilotkit", ASK, format="json")
        assert response.status_code == 200, response.json()
        assert keys_everywhere.requests[0]["headers"]["x-api-key"] == TEST_API_KEY

    def test_a_binding_in_the_setting_lets_a_key_go_to_that_origin_and_no_other(
        self, api, claude, second_provider_double, settings
    ):
        route_set(Task.ACCOUNT_ANALYSIS, model=claude)
        settings.LLM_KEY_ORIGINS = {}  # CLAUDE_API_KEY: only https://api.anthropic.com
        refused = api.post("/copilotkit", ASK, format="json")
        assert refused.json()["errors"][0]["extensions"]["code"] == "LLM_NOT_CONFIGURED"
        assert second_provider_double.requests == []

        settings.LLM_KEY_ORIGINS = key_origins(f"CLAUDE_API_KEY={second_provider_double.url}")
        answered = api.post("/copilotkit", ASK, format="json")
        assert answered.status_code == 200
        assert second_provider_double.requests[0]["headers"]["x-api-key"] == SECOND_API_KEY


class TestOrigins:
    @pytest.mark.parametrize(
        ("url", "origin"),
        [
            ("https://api.anthropic.com", "https://api.anthropic.com:443"),
            ("https://API.Anthropic.COM:443/v1/messages?x=1", "https://api.anthropic.com:443"),
            ("http://127.0.0.1", "http://127.0.0.1:80"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("https://api.anthropic.com.", "https://api.anthropic.com:443"),
            ("https://api.anthropic.com@evil.example", "https://evil.example:443"),
            ("http://[::1]:4000/x", "http://[::1]:4000"),
            ("ftp://api.anthropic.com", None),
            ("https://api.anthropic.com:99999", None),
            ("api.anthropic.com", None),
        ],
    )
    def test_an_origin_is_scheme_host_and_port_normalised(self, url, origin):
        assert url_origin(url) == origin

    def test_the_setting_binds_each_variable_to_its_origins(self):
        assert key_origins(
            " CLAUDE_API_KEY=https://a.example|http://B.example:8080 , OTHER_API_KEY=https://c.example,"
        ) == {
            "CLAUDE_API_KEY": frozenset({"https://a.example:443", "http://b.example:8080"}),
            "OTHER_API_KEY": frozenset({"https://c.example:443"}),
        }
        assert key_origins("") == {}

    @pytest.mark.parametrize(
        "value",
        [
            "SECRET_KEY=https://a.example",  # not a key variable
            "CLAUDE_API_KEY",
            "CLAUDE_API_KEY=",
            "CLAUDE_API_KEY=https://a.example/v1",  # a path: the binding is the whole origin
            "CLAUDE_API_KEY=a.example",
            "CLAUDE_API_KEY=https://user@a.example",
        ],
    )
    def test_a_malformed_setting_stops_the_start_naming_it(self, value):
        with pytest.raises(ImproperlyConfigured, match="LLM_KEY_ORIGINS"):
            key_origins(value)
