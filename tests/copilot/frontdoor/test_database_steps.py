"""A call costs the server one database step before the provider is asked and one after it
answered, whichever entry it came by: each step is one hop from the event loop to a thread, and
the answer's record and the conversation's are written together."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from asgiref.sync import SyncToAsync
from rest_framework.authtoken.models import Token

from tests.factories import AccountFactory
from tests.support.processes import wait_for
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SSE = {"Accept": "text/event-stream"}


@pytest.fixture
def hops(monkeypatch):
    """The functions run in a thread from the event loop through asgiref, in order."""
    made = []
    original = SyncToAsync.__init__

    def recording(self, func, *args, **kwargs):
        made.append(f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}")
        original(self, func, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__init__", recording)
    return made


@pytest.fixture
def other_thread_jobs(monkeypatch):
    """The names of the jobs given to a thread other than through asgiref (``asyncio.to_thread``
    and the like: a library's own)."""
    given = []
    original = ThreadPoolExecutor.submit

    def counting(self, fn, /, *args, **kwargs):
        if getattr(getattr(fn, "func", None), "__qualname__", "") != "SyncToAsync.thread_handler":
            job = fn.args[0] if getattr(fn, "args", None) else fn  # to_thread's job: Context.run(job)
            given.append(getattr(job, "__qualname__", repr(job)))
        return original(self, fn, *args, **kwargs)

    monkeypatch.setattr(ThreadPoolExecutor, "submit", counting)
    return given


@pytest.fixture
def client(asgi_server, user):
    token = Token.objects.get_or_create(user=user)[0].key
    with httpx.Client(base_url=asgi_server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        yield client


def ask_seed(client, **extra):
    body = {"account_id": "ACC-1", "messages": [{"role": "user", "content": "How is it going?"}], **extra}
    response = client.post("/copilotkit", json=body)
    assert response.status_code == 200, response.text
    assert "Steady." in response.text


def ask_agui(client):
    body = {
        "threadId": str(uuid.uuid4()),
        "runId": str(uuid.uuid4()),
        "state": {},
        "messages": [{"id": str(uuid.uuid4()), "role": "user", "content": "How is it going?"}],
        "tools": [],
        "context": [],
        "forwardedProps": {"account_id": "ACC-1"},
    }
    response = client.post("/copilotkit/agent/orchestrator/run", json=body, headers=SSE)
    assert "RUN_FINISHED" in response.text and "Steady." in response.text, response.text


@pytest.mark.parametrize(
    "entry",
    [ask_seed, lambda client: ask_seed(client, stream=True), ask_agui],
    ids=["seed", "seed streamed", "agui"],
)
def test_a_call_is_one_database_step_before_the_provider_and_one_after(
    client, user, provider, hops, other_thread_jobs, entry
):
    AccountFactory(external_id="ACC-1", owner=user)
    provider.enqueue(Reply.ok("Steady."))

    entry(client)
    wait_for(lambda: hops[-1:] == ["django.http.response.HttpResponseBase.close"])  # after the answer is sent

    assert hops == [
        "django.dispatch.dispatcher.Signal.asend.<locals>.sync_send",  # Django's request_started
        "copilot.frontdoor.guard._authenticated_user",
        "copilot.analysis.service._begin",
        "copilot.analysis.service._succeed",
        "django.http.response.HttpResponseBase.close",  # Django's request_finished
    ]
    # Nothing else leaves the event loop (no middleware, no static-file lookup) but the SDK's one
    # look at the platform it reports, made by a new client.
    assert set(other_thread_jobs) <= {"get_platform"}


def test_an_answer_the_conversation_could_not_keep_is_still_counted_and_the_caller_told(
    client, user, provider, monkeypatch
):
    from copilot.conversations import services as conversations
    from copilot.models import AnalysisRequest, DailyUsage, ThreadMessage, TokenUsage

    AccountFactory(external_id="ACC-1", owner=user)
    provider.enqueue(Reply.ok("Steady."))

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(conversations, "reply_save", broken)
    response = client.post("/copilotkit", json={"account_id": "ACC-1", "messages": [{"role": "user", "content": "Hi"}]})

    assert response.status_code == 500
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert "disk" not in response.text
    # The provider answered and was paid: that call stands, with its cost, in every figure.
    record = AnalysisRequest.objects.get()
    assert (record.status, record.response) == ("succeeded", "Steady.")
    assert TokenUsage.objects.get(analysis_request=record).cost_usd > 0
    assert (DailyUsage.objects.get().requests, DailyUsage.objects.get().failed_requests) == (1, 0)
    assert list(ThreadMessage.objects.values_list("role", flat=True)) == ["user"]


def test_an_admitted_turn_closed_unread_leaves_its_call_cancelled(user, provider):
    from asgiref.sync import async_to_sync

    from copilot.api.copilotkit import SeedIds
    from copilot.conversations.messages import Message
    from copilot.frontdoor.turns import Turn, turn_admit
    from copilot.models import AnalysisRequest

    AccountFactory(external_id="ACC-1", owner=user)
    turn = Turn(
        user=user,
        agent="orchestrator",
        source="api",
        messages=(Message("m1", "user", "Hi"),),
        account_id="ACC-1",
        task="account_analysis",
    )

    async def admitted_then_dropped():
        opened = await turn_admit(turn, SeedIds(turn))
        await opened.answer.aclose()

    async_to_sync(admitted_then_dropped)()

    record = AnalysisRequest.objects.get()
    assert (record.status, record.error_code) == ("cancelled", "CANCELLED")
    assert provider.requests == []
