"""The propose_actions tool: the conversation's account, at most five stored per call, no second open
action with the same title, every field checked and a bad one named."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from copilot.agent.tools import TOOLS, definitions, tool_run
from copilot.models import Recommendation
from tests.copilot.actions.conftest import action
from tests.factories import AnalysisRequestFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def propose(user, account, *actions, request=None, **arguments):
    """The tool's answer as the model gets it: (data, is_error)."""
    outcome = tool_run(
        user, "propose_actions", json.dumps({"actions": list(actions), **arguments}), account=account, request=request
    )
    return json.loads(outcome.content), outcome.is_error


def test_stores_each_action_on_the_conversations_account_tied_to_the_call(manager, account):
    call = AnalysisRequestFactory(account=account, user=manager)

    answer, is_error = propose(
        manager,
        account,
        action("Call the CFO", due_in_days=0),
        action("Send the renewal quote", kind="email", priority="medium", due_in_days=7, rationale="Renews in 60d."),
        request=call,
    )

    assert not is_error
    today = timezone.localdate()
    assert answer["account"] == "ACC-1" and answer["refused"] == []
    assert [(a["title"], a["kind"], a["priority"], a["due_on"]) for a in answer["stored"]] == [
        ("Call the CFO", "call", "high", today.isoformat()),
        ("Send the renewal quote", "email", "medium", (today + dt.timedelta(days=7)).isoformat()),
    ]
    stored = Recommendation.objects.order_by("pk")
    assert [(r.account, r.status, r.analysis_request, r.proposed_for) for r in stored] == [
        (account, "proposed", call, manager),
        (account, "proposed", call, manager),
    ]
    assert stored[1].rationale == "Renews in 60d."


def test_at_most_five_are_stored_per_call_and_the_rest_refused_by_index_and_title(manager, account):
    answer, is_error = propose(manager, account, *(action(f"Action {n}") for n in range(7)))

    assert not is_error
    assert [a["title"] for a in answer["stored"]] == [f"Action {n}" for n in range(5)]
    assert answer["refused"] == [
        {"index": 5, "title": "Action 5", "reason": "at most 5 actions are stored per call"},
        {"index": 6, "title": "Action 6", "reason": "at most 5 actions are stored per call"},
    ]
    assert Recommendation.objects.count() == 5


def test_a_title_the_account_has_open_is_refused_whatever_its_case_and_spacing(manager, account):
    existing = RecommendationFactory(account=account, title="Call the CFO", status="accepted")

    answer, _ = propose(manager, account, action("  call  THE cfo "), action("Visit the site"))

    assert answer["refused"] == [
        {
            "index": 0,
            "title": "  call  THE cfo ",
            "reason": f"the account already has this action open (recommendation {existing.pk})",
        }
    ]
    assert [a["title"] for a in answer["stored"]] == ["Visit the site"]


def test_a_title_repeated_within_one_call_is_stored_once(manager, account):
    answer, _ = propose(manager, account, action("Call the CFO"), action("CallTheCFO"))

    assert len(answer["stored"]) == 1
    assert answer["refused"] == [
        {"index": 1, "title": "CallTheCFO", "reason": "it repeats an earlier action of this call"}
    ]


def test_a_refused_duplicate_does_not_use_one_of_the_five(manager, account):
    RecommendationFactory(account=account, title="Action 0")

    answer, _ = propose(manager, account, *(action(f"Action {n}") for n in range(6)))

    assert [a["title"] for a in answer["stored"]] == [f"Action {n}" for n in range(1, 6)]


@pytest.mark.parametrize("status", ["dismissed", "done", "expired"])
def test_a_closed_action_does_not_block_its_title(manager, account, status):
    RecommendationFactory(account=account, title="Call the CFO", status=status)

    answer, _ = propose(manager, account, action("Call the CFO"))

    assert len(answer["stored"]) == 1


def test_a_stale_proposal_expires_and_no_longer_blocks_its_title(manager, account, settings):
    settings.RECOMMENDATION_TTL_DAYS = 14
    stale = RecommendationFactory(
        account=account, title="Call the CFO", created_at=timezone.now() - dt.timedelta(days=15)
    )

    answer, _ = propose(manager, account, action("Call the CFO"))

    assert len(answer["stored"]) == 1
    stale.refresh_from_db()
    assert stale.status == "expired"


def test_the_same_title_on_another_account_is_not_a_duplicate(manager, account, their_account):
    RecommendationFactory(account=their_account, title="Call the CFO")

    answer, _ = propose(manager, account, action("Call the CFO"))

    assert len(answer["stored"]) == 1


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ({"kind": "visit"}, "actions.0.kind"),
        ({"priority": "urgent"}, "actions.0.priority"),
        ({"due_in_days": -1}, "actions.0.due_in_days"),
        ({"due_in_days": 366}, "actions.0.due_in_days"),
        ({"due_in_days": "soon"}, "actions.0.due_in_days"),
        ({"due_in_days": True}, "actions.0.due_in_days"),
        ({"title": ""}, "actions.0.title"),
        ({"title": "   "}, "actions.0.title"),
        ({"title": "x" * 201}, "actions.0.title"),
        ({"rationale": ""}, "actions.0.rationale"),
        ({"rationale": 7}, "actions.0.rationale"),
        ({"owner": "riley"}, "actions.0.owner"),
    ],
)
def test_a_bad_field_is_an_error_naming_it_and_nothing_is_stored(manager, account, bad, named):
    answer, is_error = propose(manager, account, action("Fine"), action("Also fine") | bad)

    assert is_error
    assert answer["error"].startswith(named.replace("0", "1", 1) + ":")
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({}, "actions"),
        ({"actions": []}, "actions"),
        ({"actions": "call them"}, "actions"),
        ({"actions": [{"title": "Call"}]}, "actions.0.kind"),
    ],
)
def test_a_missing_or_malformed_list_is_an_error_naming_it(manager, account, arguments, named):
    outcome = tool_run(manager, "propose_actions", json.dumps(arguments), account=account)

    assert outcome.is_error and json.loads(outcome.content)["error"].startswith(named + ":")


def test_the_account_is_never_an_argument(manager, account, their_account):
    answer, is_error = propose(manager, account, action(), account_id="ACC-9")

    assert is_error and answer["error"] == "account_id: Not an argument of this tool."
    assert not Recommendation.objects.exists()


def test_without_an_account_the_tool_is_not_offered_and_a_call_of_it_is_refused(manager):
    assert "propose_actions" not in {tool["name"] for tool in definitions(user=manager)}

    answer, is_error = propose(manager, None, action())

    assert is_error and answer["error"].startswith("propose_actions:")
    assert not Recommendation.objects.exists()


def test_it_is_offered_for_an_account_even_with_no_caller_as_in_a_bulk_run_recorded_for_nobody(account):
    assert [tool["name"] for tool in definitions(user=None, account=account)] == ["propose_actions"]

    _, is_error = propose(None, account, action())

    assert not is_error and Recommendation.objects.get().proposed_for is None


def test_a_callers_conversation_about_an_account_they_cannot_see_stores_nothing(manager, their_account):
    answer, is_error = propose(manager, their_account, action())

    assert is_error and answer["error"] == "account: The conversation's account was not found."
    assert not Recommendation.objects.exists()


def test_its_schema_is_plain_json_schema_with_the_contracts_fields():
    schema = TOOLS["propose_actions"].definition()["input_schema"]

    item = schema["properties"]["actions"]["items"]
    assert "$defs" not in json.dumps(schema)
    assert set(item["required"]) == {"title", "kind", "priority", "due_in_days", "rationale"}
    assert item["properties"]["kind"]["enum"] == ["call", "email", "meeting", "note", "support_ticket"]
    assert item["properties"]["priority"]["enum"] == ["high", "medium", "low"]
