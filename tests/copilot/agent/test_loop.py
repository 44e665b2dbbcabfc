"""The agent's loop over real HTTP: the official SDK against the provider double, through every
entry (the seed endpoint as JSON and streamed, AG-UI runs, the admin's service call): each
provider round trip one record of the turn, tool results sent back as data, the thread's record."""

import json
import uuid
from decimal import Decimal

import httpx
import pytest
from rest_framework.authtoken.models import Token

from accounts.models import AccountHealth
from copilot.analysis.service import analysis_run
from copilot.models import AnalysisRequest, Source, ThreadMessage, TokenUsage
from tests.factories import AccountFactory
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SERVER_TOOLS = {"search_accounts", "get_account", "portfolio_summary"}


def ask(text: str = "Which of my accounts are at risk?", **extra) -> dict:
    return {
        "agent": "orchestrator",
        "operationName": "generateCopilotResponse",
        "messages": [{"role": "user", "content": text}],
        **extra,
    }


@pytest.fixture
def client(asgi_server, manager):
    token = Token.objects.create(user=manager)
    with httpx.Client(base_url=asgi_server.url, headers={"Authorization": f"Token {token.key}"}, timeout=30) as c:
        yield c


def answer_of(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()["data"]["generateCopilotResponse"]


def results_in(text: str) -> list:
    """The tool results the double's answer repeats (``Reply.from_results``)."""
    lines = text.split("\n")
    assert lines[0] == "Answer from tools:"
    return [json.loads(line) for line in lines[1:]]


def steps() -> list[AnalysisRequest]:
    return list(AnalysisRequest.objects.order_by("pk"))


def test_one_step_offers_the_server_tools_and_answers(client, provider, manager, book):
    provider.enqueue(Reply.ok("Nothing to look up."))

    body = answer_of(client.post("/copilotkit", json=ask("Hello")))

    assert body["response"] == "Nothing to look up."
    offered = {tool["name"] for tool in provider.requests[-1]["body"]["tools"]}
    assert offered == SERVER_TOOLS
    (record,) = steps()
    assert (record.step, record.step_of, record.status) == (1, None, "succeeded")


def test_two_steps_answer_from_the_tools_result_with_the_turns_totals(client, provider, manager, book):
    provider.enqueue(*Reply.plan(("search_accounts", {"health_band": ["at_risk"]}), output_tokens=40))

    body = answer_of(client.post("/copilotkit", json=ask(thread_id="t-agent")))

    truth = sorted(h.account.external_id for h in AccountHealth.objects.filter(account__owner=manager, band="at_risk"))
    (found,) = results_in(body["response"])
    assert sorted(account["id"] for account in found["accounts"]) == truth and found["total"] == len(truth)
    first, second = steps()
    assert (first.step, second.step, second.step_of) == (1, 2, first)
    assert first.tool_calls[0]["name"] == "search_accounts" and second.tool_calls == []
    assert first.prompt == second.prompt == "Which of my accounts are at risk?"
    # The tool's answer went back as data: a tool_result block of the second request.
    sent = provider.requests[-1]["body"]["messages"]
    assert sent[-2]["content"][0]["type"] == "tool_use" and sent[-2]["content"][0]["input"] == {
        "health_band": ["at_risk"]
    }
    assert sent[-1]["content"][0]["type"] == "tool_result" and "is_error" not in sent[-1]["content"][0]
    assert json.loads(sent[-1]["content"][0]["content"]) == found
    # The seed's answer: the turn's totals, named by its last call.
    usages = TokenUsage.objects.all()
    assert body["requestId"] == str(second.pk)
    assert body["usage"]["outputTokens"] == 80 and body["usage"]["inputTokens"] == 240
    assert Decimal(body["costUsd"]) == sum(usage.cost_usd for usage in usages)
    # The thread holds the steps, so a reload replays them.
    thread = client.get("/api/threads/t-agent/").json()
    roles = [(message["role"], message["tool_call_id"]) for message in thread["messages"]]
    call_id = first.tool_calls[0]["id"]
    assert roles == [("user", ""), ("assistant", ""), ("tool", call_id), ("assistant", "")]
    assert json.loads(thread["messages"][2]["content"]) == found


def test_a_conversation_about_one_account_gets_the_portfolio_tools_too(client, provider, manager, book):
    provider.enqueue(*Reply.plan(("portfolio_summary", {})))

    body = answer_of(client.post("/copilotkit", json=ask("How does this compare?", account_id="ACC-2")))

    (summary,) = results_in(body["response"])
    assert summary["accounts"] == 4 and body["accountId"] == "ACC-2"
    # ...and, being about one account, the tool that proposes its next actions.
    assert {tool["name"] for tool in provider.requests[0]["body"]["tools"]} == SERVER_TOOLS | {"propose_actions"}


def test_a_bad_argument_goes_back_as_an_error_result_and_the_turn_goes_on(client, provider, manager, book):
    provider.enqueue(*Reply.plan(("get_account", {"account_id": "ACC-9"}), ("search_accounts", {"limit": 99})))

    body = answer_of(client.post("/copilotkit", json=ask()))

    not_found, too_many = results_in(body["response"])
    assert not_found == {"error": "account_id: No account 'ACC-9' found."}
    assert too_many["error"].startswith("limit:")
    errors = [block for request in provider.requests[1:] for block in request["body"]["messages"][-1]["content"]]
    assert [block.get("is_error") for block in errors] == [True, True]
    assert [record.step for record in steps()] == [1, 2, 3]


def test_at_the_step_limit_the_turn_ends_with_the_models_last_words(client, provider, settings, book):
    settings.AGENT_MAX_STEPS = 2
    provider.enqueue(
        Reply.tool_use("portfolio_summary", {}),
        Reply.tool_use("search_accounts", {}, text="Here is what I found so far."),
    )

    body = answer_of(client.post("/copilotkit", json=ask(thread_id="t-limit")))

    assert body["response"] == "Here is what I found so far."
    assert len(provider.requests) == 2 and [r.status for r in steps()] == ["succeeded", "succeeded"]
    # The call it had no step left for is answered as not run, so the conversation stays whole.
    last = ThreadMessage.objects.filter(role="tool").order_by("id").last()
    assert "Not run" in json.loads(last.content)["error"]


def test_at_the_step_limit_without_words_the_turn_is_a_documented_error(client, provider, settings, book):
    settings.AGENT_MAX_STEPS = 2
    provider.enqueue(Reply.tool_use("portfolio_summary", {}), Reply.tool_use("portfolio_summary", {}))

    response = client.post("/copilotkit", json=ask())

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "AGENT_STEP_LIMIT" and "AGENT_MAX_STEPS" in error["message"]
    assert error["extensions"]["requestId"] == str(steps()[-1].pk)
    assert len(provider.requests) == 2 and not AnalysisRequest.objects.filter(status="pending").exists()


def test_a_provider_failure_mid_turn_keeps_the_calls_made_and_ends_with_its_code(client, provider, book):
    provider.enqueue(Reply.tool_use("portfolio_summary", {}), Reply.error(401))

    response = client.post("/copilotkit", json=ask())

    assert response.status_code == 502
    assert response.json()["errors"][0]["extensions"]["code"] == "PROVIDER_AUTH_FAILED"
    first, second = steps()
    assert (first.status, second.status, second.error_code) == ("succeeded", "failed", "PROVIDER_AUTH_FAILED")
    assert second.step_of == first and response.json()["errors"][0]["extensions"]["requestId"] == str(second.pk)
    assert TokenUsage.objects.filter(analysis_request=first).exists()


def test_a_budget_reached_mid_turn_ends_it_with_everything_spent_recorded(client, provider, settings, book):
    settings.COPILOT_DAILY_BUDGET_USD = Decimal("1.00")
    provider.enqueue(Reply.tool_use("portfolio_summary", {}, output_tokens=2_000_000), Reply.ok("never asked"))

    response = client.post("/copilotkit", json=ask())

    assert response.status_code == 429
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BUDGET_EXCEEDED"
    (first,) = steps()
    assert error["extensions"]["requestId"] == str(first.pk)
    assert first.status == "succeeded" and first.usage.cost_usd > Decimal("1.00") and first.reserved_usd == 0
    assert len(provider.requests) == 1


def test_the_streamed_seed_answer_carries_the_turns_text_and_totals(client, provider, manager, book):
    provider.enqueue(*Reply.plan(("search_accounts", {"query": "globex"})))

    response = client.post("/copilotkit", json=ask(stream=True), headers={"Accept": "text/event-stream"})

    frames = [block.split("\n") for block in response.text.split("\n\n") if block.strip()]
    names = [event.removeprefix("event: ") for event, _ in frames]
    assert names[-1] == "result" and set(names[:-1]) == {"delta"}
    result = json.loads(frames[-1][1].removeprefix("data: "))["data"]["generateCopilotResponse"]
    text = "".join(json.loads(data.removeprefix("data: "))["text"] for event, data in frames[:-1])
    assert text == result["response"]
    (found,) = results_in(text)
    assert [account["id"] for account in found["accounts"]] == ["ACC-2"]  # not the other manager's Globex
    assert result["usage"]["inputTokens"] == 240 and result["requestId"] == str(steps()[-1].pk)


def test_the_admins_call_runs_the_same_loop_and_a_call_with_no_caller_gets_no_tools(provider, manager, book):
    provider.enqueue(*Reply.plan(("search_accounts", {"signals": ["stalled_deals"]})))

    result = analysis_run(user=manager, messages=[{"role": "user", "content": "Stalled?"}], source=Source.ADMIN)

    (found,) = results_in(result.record.response)
    assert [account["id"] for account in found["accounts"]] == ["ACC-3"] and len(result.steps) == 2
    provider.enqueue(Reply.ok("Fine."))
    analysis_run(user=None, messages=[{"role": "user", "content": "Hi"}], source=Source.CLI)
    assert "tools" not in provider.requests[-1]["body"]


def test_another_managers_account_is_never_revealed_through_the_loop(client, provider, manager, book):
    AccountFactory(external_id="ACC-77", name="Hidden Gem", owner=book["theirs"].owner)
    provider.enqueue(*Reply.plan(("search_accounts", {"query": "Hidden"}), ("get_account", {"account_id": "ACC-77"})))

    body = answer_of(client.post("/copilotkit", json=ask(f"Tell me about {uuid.uuid4()}")))

    assert "Hidden Gem" not in body["response"]
    assert results_in(body["response"])[0] == {"total": 0, "accounts": []}
