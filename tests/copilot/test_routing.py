"""Which model answers: task routes as data, read on every call, for every caller."""

import pytest
from django.core.exceptions import ValidationError

from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import routing
from copilot.models import AnalysisRequest, BulkRun, Provider, Task, TaskRoute
from sergas.env import load_env, provider_keys
from tests.factories import AccountFactory, LLMModelFactory, route_set
from tests.support.commands import run_command

pytestmark = pytest.mark.django_db

ASK = {"messages": [{"role": "user", "content": "How is this account doing?"}]}


def models_asked(double) -> list[str]:
    return [request["body"]["model"] for request in double.requests]


class TestTheRoutingTable:
    def test_out_of_the_box_every_task_is_claude_model_on_the_settings_provider(self, provider, settings):
        settings.CLAUDE_MODEL = "glm-4.6-custom"
        for task in Task.values:
            route = routing.route_for(task)
            assert (route.config.model, route.config.base_url, route.fallback) == (
                "glm-4.6-custom",
                provider.url,
                None,
            )
        assert set(TaskRoute.objects.values_list("task", flat=True)) == set(Task.values)

    def test_a_route_names_a_model_on_its_own_provider_with_its_own_key(self, claude, second_provider_double):
        claude.max_tokens = 4096
        claude.save()
        route_set(Task.DEEP_ANALYSIS, model=claude, fallback=LLMModelFactory(name="glm-4.6"))
        route = routing.route_for(Task.DEEP_ANALYSIS)
        assert route.config.model == "claude-sonnet-4-5"
        assert route.config.base_url == second_provider_double.url
        assert route.config.provider == "anthropic"
        assert route.config.key_env == "CLAUDE_API_KEY" and route.config.configured
        assert route.config.max_tokens == 4096
        assert route.fallback.model == "glm-4.6"
        assert routing.route_for(Task.QUICK_SUMMARY).config.model == "glm-4.6"  # the others unchanged

    def test_no_task_means_account_analysis(self, claude):
        route_set(Task.ACCOUNT_ANALYSIS, model=claude)
        assert routing.route_for(None).config.model == "claude-sonnet-4-5"

    def test_a_provider_whose_key_variable_is_unset_is_not_configured(self, claude, settings):
        settings.LLM_PROVIDER_KEYS = {}
        assert not routing.model_config("claude-sonnet-4-5").configured

    def test_an_unknown_task_or_model_is_a_validation_error_naming_it(self, provider):
        with pytest.raises(CopilotError) as task_error:
            routing.route_for("poetry")
        assert (task_error.value.code, task_error.value.field) == (ErrorCode.VALIDATION_ERROR, "task")
        with pytest.raises(CopilotError) as model_error:
            routing.model_config("gpt-nothing")
        assert (model_error.value.code, model_error.value.field) == (ErrorCode.VALIDATION_ERROR, "model")

    def test_a_provider_may_only_name_a_key_variable_never_another_setting(self):
        anthropic = Provider(name="x", base_url="https://example.com", api_key_env="SECRET_KEY")
        with pytest.raises(ValidationError, match="_API_KEY"):
            anthropic.full_clean()

    def test_a_model_cannot_be_its_own_fallback(self, claude):
        with pytest.raises(ValidationError, match="own fallback"):
            TaskRoute(task=Task.DEEP_ANALYSIS, model=claude, fallback=claude).clean()


class TestProviderKeys:
    def test_every_api_key_variable_is_read_from_the_environment_or_its_file(self, tmp_path):
        secret = tmp_path / "claude"
        secret.write_text("key-from-a-file\n")
        env = load_env(
            tmp_path,
            process_environ={
                "CLAUDE_API_KEY_FILE": str(secret),
                "MISTRAL_API_KEY": "key-from-the-environment",
                "EMPTY_API_KEY": "",
                "PLACEHOLDER_API_KEY": "<your key>",
                "SECRET_KEY": "not a provider key",
            },
        )
        assert provider_keys(env) == {
            "CLAUDE_API_KEY": "key-from-a-file",
            "MISTRAL_API_KEY": "key-from-the-environment",
        }


class TestEveryCallerFollowsTheRoute:
    def test_the_seed_endpoint_takes_a_task(self, api, claude, provider, second_provider_double):
        route_set(Task.DEEP_ANALYSIS, model=claude)
        response = api.post("/copilotkit", {**ASK, "task": "deep_analysis"}, format="json")
        assert response.status_code == 200, response.json()
        answer = response.json()["data"]["generateCopilotResponse"]
        assert (answer["model"], answer["task"], answer["fallbackFrom"]) == ("claude-sonnet-4-5", "deep_analysis", None)
        assert models_asked(second_provider_double) == ["claude-sonnet-4-5"] and provider.requests == []
        record = AnalysisRequest.objects.get()
        assert (record.model, record.provider, record.task) == ("claude-sonnet-4-5", "anthropic", "deep_analysis")

    def test_without_a_task_the_seed_endpoint_uses_account_analysis(self, api, claude, provider):
        route_set(Task.DEEP_ANALYSIS, model=claude)
        answer = api.post("/copilotkit", ASK, format="json").json()["data"]["generateCopilotResponse"]
        assert (answer["model"], answer["task"]) == ("glm-4.6", "account_analysis")
        assert models_asked(provider) == ["glm-4.6"]

    def test_the_health_check_names_what_answers_by_default(self, client, claude):
        assert client.get("/copilotkit/health").json()["model"] == "glm-4.6"
        route_set(Task.ACCOUNT_ANALYSIS, model=claude)
        health = client.get("/copilotkit/health").json()
        assert (health["model"], health["provider"], health["checks"]["llm"]) == (
            "claude-sonnet-4-5",
            "anthropic",
            "configured",
        )

    def test_an_unknown_task_is_400_naming_the_field(self, api, provider):
        response = api.post("/copilotkit", {**ASK, "task": "poetry"}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["field"] == "task"
        assert provider.requests == [] and not AnalysisRequest.objects.exists()

    def test_a_route_whose_provider_has_no_key_is_llm_not_configured_naming_the_variable(self, api, claude, settings):
        settings.LLM_PROVIDER_KEYS = {}
        route_set(Task.ACCOUNT_ANALYSIS, model=claude)
        response = api.post("/copilotkit", ASK, format="json")
        assert response.status_code == 503
        assert "CLAUDE_API_KEY" in response.json()["errors"][0]["message"]

    @pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the runner's own connections
    def test_the_bulk_command_takes_a_task(self, claude, second_provider_double, capsys):
        route_set(Task.QUICK_SUMMARY, model=claude)
        AccountFactory(external_id="ACC-T1")
        code, _, _ = run_command("analyze_accounts", "--ids", "ACC-T1", "--task", "quick_summary", capsys=capsys)
        assert code == 0
        run = BulkRun.objects.get()
        assert run.task == "quick_summary"
        assert list(run.analysis_requests.values_list("model", "task")) == [("claude-sonnet-4-5", "quick_summary")]
        assert models_asked(second_provider_double) == ["claude-sonnet-4-5"]

    def test_the_admin_buttons_use_account_analysis(self, claude, staff_user, client, second_provider_double):
        route_set(Task.ACCOUNT_ANALYSIS, model=claude)
        account = AccountFactory(external_id="ACC-T2")
        client.force_login(staff_user)
        client.post(f"/admin/accounts/account/{account.pk}/analyze/")
        record = AnalysisRequest.objects.get(account=account)
        assert (record.source, record.task, record.model) == ("admin", "account_analysis", "claude-sonnet-4-5")
