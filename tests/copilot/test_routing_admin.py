"""Switching a task's model is an edit in the admin: recorded with who and when, and the next call
in another server process already follows it; a rollback is the same edit back."""

import httpx
import pytest
from rest_framework.authtoken.models import Token

from copilot.models import AnalysisRequest, Task, TaskRoute
from tests.copilot.conftest import SECOND_API_KEY, TEST_API_KEY
from tests.support.processes import ROOT, project_env, stop_processes
from tests.support.servers import free_port, start_uvicorn_process

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def route_edit(client, route: TaskRoute, model) -> None:
    response = client.post(
        f"/admin/copilot/taskroute/{route.pk}/change/",
        {"model": model.pk if model else "", "fallback": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_switch_made_in_the_admin_applies_to_the_next_call_in_another_process(
    claude, provider, second_provider_double, staff_user, user, client
):
    port = free_port()
    server = start_uvicorn_process(
        project_env(
            provider,
            TEST_API_KEY,
            CLAUDE_API_KEY=SECOND_API_KEY,
            LLM_KEY_ORIGINS=f"CLAUDE_API_KEY={second_provider_double.url}",
        ),
        port,
        cwd=ROOT,
    )
    token = Token.objects.create(user=user).key

    def model_answering() -> str:
        response = httpx.post(
            f"http://127.0.0.1:{port}/copilotkit",
            json={"messages": [{"role": "user", "content": "Risks?"}], "task": "deep_analysis"},
            headers={"Authorization": f"Token {token}"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return response.json()["data"]["generateCopilotResponse"]["model"]

    try:
        client.force_login(staff_user)
        route = TaskRoute.objects.get(task=Task.DEEP_ANALYSIS)
        assert model_answering() == "glm-4.6"

        route_edit(client, route, claude)
        assert model_answering() == "claude-sonnet-4-5"

        route_edit(client, route, None)  # the rollback
        assert model_answering() == "glm-4.6"
    finally:
        stop_processes(server)

    assert list(AnalysisRequest.objects.order_by("pk").values_list("model", flat=True)) == [
        "glm-4.6",
        "claude-sonnet-4-5",
        "glm-4.6",
    ]
    assert len(second_provider_double.requests) == 1 and len(provider.requests) == 2
    changes = list(route.history.order_by("history_date"))
    assert [(change.model_id, change.history_user) for change in changes[-2:]] == [
        (claude.pk, staff_user),
        (None, staff_user),
    ]
    route.refresh_from_db()
    assert route.updated_by == staff_user


def test_the_routes_page_shows_each_tasks_model_and_history(claude, staff_user, client):
    client.force_login(staff_user)
    route = TaskRoute.objects.get(task=Task.DEEP_ANALYSIS)
    route_edit(client, route, claude)
    listing = client.get("/admin/copilot/taskroute/").content.decode()
    assert "claude-sonnet-4-5" in listing and "glm-4.6 (CLAUDE_MODEL)" in listing
    history = client.get(f"/admin/copilot/taskroute/{route.pk}/history/").content.decode()
    assert staff_user.username in history
    providers = client.get("/admin/copilot/provider/").content.decode()
    assert "CLAUDE_API_KEY" in providers and SECOND_API_KEY not in providers
