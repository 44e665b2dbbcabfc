"""Proposals made by the model through the agent's loop, over real HTTP against the provider
double: in a conversation about one account, and in a bulk run, each tied to the call that made it."""

import json

import httpx
import pytest
from rest_framework.authtoken.models import Token

from copilot.analysis.prompts import PROMPT_VERSION
from copilot.models import AnalysisRequest, BulkRun, Recommendation
from tests.copilot.actions.conftest import action
from tests.factories import AccountFactory, UserFactory
from tests.support.commands import run_command
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def client(asgi_server, manager):
    token = Token.objects.create(user=manager)
    with httpx.Client(base_url=asgi_server.url, headers={"Authorization": f"Token {token.key}"}, timeout=30) as c:
        yield c


def ask(text: str, **extra) -> dict:
    return {"agent": "orchestrator", "messages": [{"role": "user", "content": text}], **extra}


def test_a_conversation_about_an_account_stores_the_models_proposals_on_it(client, provider, manager, account):
    provider.enqueue(*Reply.plan(("propose_actions", {"actions": [action("Call the CFO"), action("Book a QBR")]})))

    response = client.post("/copilotkit", json=ask("What should I do next?", account_id="ACC-1", thread_id="t-1"))

    assert response.status_code == 200, response.text
    first, second = AnalysisRequest.objects.order_by("pk")
    stored = list(Recommendation.objects.order_by("pk"))
    assert [(r.title, r.account, r.analysis_request, r.proposed_for) for r in stored] == [
        ("Call the CFO", account, first, manager),
        ("Book a QBR", account, first, manager),
    ]
    assert first.prompt_version == second.prompt_version == PROMPT_VERSION
    # The model was asked for actions through the tool, and was told what was stored.
    sent = provider.requests[0]["body"]
    assert "propose_actions tool" in sent["system"]
    assert "propose_actions" in {tool["name"] for tool in sent["tools"]}
    result = json.loads(provider.requests[1]["body"]["messages"][-1]["content"][0]["content"])
    assert [item["id"] for item in result["stored"]] == [r.pk for r in stored]
    # ...and the manager's list shows them at once.
    listed = client.get("/api/recommendations/", params={"account": "ACC-1"}).json()["results"]
    assert [item["title"] for item in listed] == ["Call the CFO", "Book a QBR"]


def test_a_conversation_without_an_account_is_not_offered_the_tool(client, provider, manager, account):
    provider.enqueue(Reply.ok("Which account?"))

    client.post("/copilotkit", json=ask("What should I do next?"))

    assert "propose_actions" not in {tool["name"] for tool in provider.requests[0]["body"]["tools"]}
    assert "propose_actions tool" not in provider.requests[0]["body"]["system"]


def test_a_bulk_run_stores_each_accounts_proposals_and_its_summary_counts_them(provider, capsys):
    owner = UserFactory(username="alice")
    first = AccountFactory(external_id="ACC-B1", owner=owner)
    second = AccountFactory(external_id="ACC-B2", owner=owner)
    provider.enqueue(
        *Reply.plan(("propose_actions", {"actions": [action("Call the CFO"), action("Send the quote")]})),
        *Reply.plan(("propose_actions", {"actions": [action("Call the CFO")]})),
    )

    code, out, _ = run_command(
        "analyze_accounts",
        "--ids",
        "ACC-B1,ACC-B2",
        "--concurrency",
        "1",
        "--question",
        "Propose the next actions for this account.",
        "--format",
        "json",
        capsys=capsys,
    )

    assert code == 0, out
    run = BulkRun.objects.get()
    by_account = {
        account.external_id: sorted(Recommendation.objects.filter(account=account).values_list("title", flat=True))
        for account in (first, second)
    }
    assert by_account == {"ACC-B1": ["Call the CFO", "Send the quote"], "ACC-B2": ["Call the CFO"]}
    assert all(r.analysis_request.bulk_run == run for r in Recommendation.objects.all())
    assert json.loads(out)["proposed_actions"] == 3
