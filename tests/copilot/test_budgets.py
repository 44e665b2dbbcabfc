"""Budgets that hold: a call that could take a hard budget over its limit is refused before the
provider is asked; a soft one warns; every call reserves its worst case while it is in flight."""

import asyncio
import datetime as dt
import logging
import threading
from decimal import Decimal

import httpx
import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from copilot.analysis.budget import Limit, period_of, usage_of
from copilot.ledger.selectors import spent_usd
from copilot.models import AnalysisRequest, Budget
from tests.copilot.conftest import token_client
from tests.factories import UserFactory
from tests.support.processes import wait_for
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db

QUESTION = {"messages": [{"role": "user", "content": "What are the risks?"}]}


def ask(client):
    return client.post("/copilotkit", QUESTION, format="json")


def refusal_of(response) -> dict:
    assert response.status_code == 429
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BUDGET_EXCEEDED"
    return error


def today_spent() -> Decimal:
    today = timezone.localdate()
    return spent_usd(today, today)


def test_a_call_that_could_go_over_a_hard_budget_is_refused_before_the_provider(api, provider):
    Budget.objects.create(name="Pilot", limit_usd=Decimal("0.000001"))

    response = ask(api)

    error = refusal_of(response)
    assert "Pilot" in error["message"] and "could be exceeded by this call" in error["message"]
    midnight = period_of("day", timezone.now())[1]
    assert abs(int(response["Retry-After"]) - (midnight - timezone.now()).total_seconds()) < 5
    assert provider.requests == [] and AnalysisRequest.objects.count() == 0


def test_calls_go_on_until_the_budget_has_no_room_for_one_more(api, provider):
    budget = Budget.objects.create(name="Daily", limit_usd=Decimal("0.01"))
    provider.enqueue(*[Reply.ok("An answer.", input_tokens=1000, output_tokens=1000)] * 20)  # 0.0028 USD each

    statuses = [ask(api).status_code for _ in range(6)]

    answered = statuses.count(200)
    assert answered >= 1 and statuses == [200] * answered + [429] * (6 - answered)
    assert today_spent() <= budget.limit_usd
    assert len(provider.requests) == answered
    assert AnalysisRequest.objects.filter(reserved_usd__gt=0).count() == 0  # every reservation settled


def test_a_one_user_budget_stops_only_that_user(api, user, provider):
    Budget.objects.create(name="Intern", scope="user", user=user, limit_usd=Decimal("0.000001"))
    colleague = UserFactory()

    assert ask(api).status_code == 429
    assert ask(token_client(colleague)).status_code == 200


def test_a_monthly_budget_resets_on_the_first_of_next_month(api, provider):
    Budget.objects.create(name="Monthly", period="month", limit_usd=Decimal("0.000001"))

    response = ask(api)

    refusal_of(response)
    ends = timezone.localtime(period_of("month", timezone.now())[1])
    assert ends.day == 1 and ends.hour == 0 and ends > timezone.now()
    assert abs(int(response["Retry-After"]) - (ends - timezone.now()).total_seconds()) < 5


def test_an_inactive_budget_limits_nothing(api, provider):
    Budget.objects.create(name="Old", limit_usd=Decimal("0"), active=False)

    assert ask(api).status_code == 200


def test_a_soft_budget_warns_and_the_dashboards_show_it(api, provider, caplog, client, staff_user):
    Budget.objects.create(name="Watch", limit_usd=Decimal("0.000001"), hard=False)
    caplog.set_level(logging.WARNING)

    assert ask(api).status_code == 200

    warnings = [r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg["event"] == "soft_budget_exceeded"]
    assert [w["budget"] for w in warnings] == ["Watch"]
    client.force_login(staff_user)
    page = client.get("/admin/copilot/analysisrequest/costs/").content.decode()
    assert "Soft budget <strong>Watch</strong>" in page and "Calls go on" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the call runs on another thread
def test_a_call_in_flight_holds_its_worst_case_and_settles_to_its_exact_cost(api, provider):
    limit = Limit("everyone today", "day", Decimal("100"), True)
    Budget.objects.create(name="Roomy", limit_usd=limit.limit_usd)
    provider.latency = 1

    answering = threading.Thread(target=ask, args=(api,))
    answering.start()
    wait_for(lambda: AnalysisRequest.objects.filter(status="pending").exists(), timeout=10)
    pending = AnalysisRequest.objects.get()
    in_flight = usage_of(limit, timezone.now()).used_usd
    answering.join(timeout=30)

    record = AnalysisRequest.objects.get()
    assert pending.reserved_usd > record.usage.cost_usd > 0
    assert in_flight == pending.reserved_usd
    assert record.reserved_usd == 0
    assert usage_of(limit, timezone.now()).used_usd == record.usage.cost_usd


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_calls_never_take_a_hard_budget_over_its_limit(asgi_server, provider, settings):
    settings.COPILOT_RATE_LIMIT = "1000/min"
    # Each answer writes all its max_tokens, so its cost (mostly output) leaves room in a budget of
    # ten answers for a call's worst case, the prompt (with the server tools' definitions) included.
    settings.GLM_MAX_TOKENS = 1000
    provider.default = Reply.ok(output_tokens=1000)  # 120 tokens in, 1000 out
    provider.latency = 0.2  # many calls in flight at once
    exact = Decimal("0.002272")  # what each answer costs at glm-4.6's prices
    budget = Budget.objects.create(name="Ten calls", limit_usd=10 * exact)
    token = Token.objects.create(user=UserFactory()).key

    async def fire():
        async with httpx.AsyncClient(
            base_url=asgi_server.url, timeout=60, limits=httpx.Limits(max_connections=50)
        ) as c:
            headers = {"Authorization": f"Bearer {token}"}
            return await asyncio.gather(*(c.post("/copilotkit", json=QUESTION, headers=headers) for _ in range(50)))

    responses = asyncio.run(fire())

    statuses = [response.status_code for response in responses]
    assert set(statuses) <= {200, 429} and 1 <= statuses.count(200) <= 10
    assert {r.json()["errors"][0]["extensions"]["code"] for r in responses if r.status_code == 429} == {
        "BUDGET_EXCEEDED"
    }
    assert AnalysisRequest.objects.count() == statuses.count(200) == len(provider.requests)
    assert today_spent() <= budget.limit_usd
    assert today_spent() == statuses.count(200) * exact


def test_the_period_of_a_day_and_of_a_month(settings):
    now = timezone.make_aware(dt.datetime(2026, 12, 31, 23, 30))

    assert period_of("day", now) == (dt.date(2026, 12, 31), timezone.make_aware(dt.datetime(2027, 1, 1)))
    assert period_of("month", now) == (dt.date(2026, 12, 1), timezone.make_aware(dt.datetime(2027, 1, 1)))


def test_staff_edit_budgets_in_the_admin_and_see_what_each_has_used(client, staff_user, user):
    client.force_login(staff_user)
    add = "/admin/copilot/budget/add/"

    refused = client.post(add, {"name": "Intern", "scope": "user", "period": "day", "limit_usd": "1", "hard": "on"})
    created = client.post(
        add, {"name": "Intern", "scope": "user", "user": user.pk, "period": "month", "limit_usd": "2.5", "active": "on"}
    )

    assert refused.status_code == 200 and "A one-user budget needs its user." in refused.content.decode()
    assert created.status_code == 302
    budget = Budget.objects.get()
    assert (budget.user, budget.period, budget.limit_usd, budget.hard) == (user, "month", Decimal("2.5"), False)
    assert "0.000000 of 2.500000" in client.get("/admin/copilot/budget/").content.decode()
