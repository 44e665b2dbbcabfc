"""The catalog (routes, models, providers, prices) is read once and again after every change: a
call reads one row to know whether what it read before still holds."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copilot.gateway import catalog, routing
from copilot.ledger import pricing
from copilot.models import CatalogVersion, LLMModel, ModelPrice, Task, TaskRoute
from tests.factories import LLMModelFactory, route_set

pytestmark = pytest.mark.django_db


def test_an_unchanged_catalog_costs_a_call_one_primary_key_read(provider):
    routing.route_for(Task.DEEP_ANALYSIS)
    pricing.price_for("glm-4.6", timezone.now())

    with CaptureQueriesContext(connection) as queries:
        routing.route_for(Task.DEEP_ANALYSIS)
        pricing.price_for("glm-4.6", timezone.now())

    assert len(queries) == 2
    assert all("copilot_catalogversion" in query["sql"] for query in queries)


def test_each_saved_or_deleted_row_changes_the_token(claude):
    tokens = [CatalogVersion.objects.get().token]

    def token_changed() -> bool:
        tokens.append(CatalogVersion.objects.get().token)
        return tokens[-1] != tokens[-2]

    route_set(Task.DEEP_ANALYSIS, model=claude)
    assert token_changed()
    claude.provider.save()
    assert token_changed()
    claude.save()
    assert token_changed()
    price = ModelPrice.objects.create(
        model="claude-x", input_usd_per_mtok=1, output_usd_per_mtok=2, effective_from=timezone.now()
    )
    assert token_changed()
    price.delete()
    assert token_changed()
    assert len(set(tokens)) == len(tokens)


def test_a_route_changed_after_it_was_read_is_read_anew(claude):
    assert routing.route_for(Task.DEEP_ANALYSIS).config.model == "glm-4.6"

    route_set(Task.DEEP_ANALYSIS, model=claude)
    assert routing.route_for(Task.DEEP_ANALYSIS).config.model == "claude-sonnet-4-5"

    route = TaskRoute.objects.get(task=Task.DEEP_ANALYSIS)
    route.model = None
    route.save()
    assert routing.route_for(Task.DEEP_ANALYSIS).config.model == "glm-4.6"


def test_a_model_added_after_the_models_were_read_is_found(provider):
    with pytest.raises(Exception, match="No model 'glm-5'"):
        routing.model_config("glm-5")

    LLMModelFactory(name="glm-5")

    assert routing.model_config("glm-5").model == "glm-5"
    LLMModel.objects.get(name="glm-5").delete()
    with pytest.raises(Exception, match="No model 'glm-5'"):
        routing.model_config("glm-5")


def test_a_new_price_applies_to_the_next_call_and_never_to_the_past():
    now = timezone.now()
    before = pricing.price_for("glm-4.6", now)

    ModelPrice.objects.create(
        model="glm-4.6", input_usd_per_mtok=Decimal("9"), output_usd_per_mtok=Decimal("9"), effective_from=now
    )

    assert pricing.price_for("glm-4.6", now).input_usd_per_mtok == Decimal("9")
    assert pricing.price_for("glm-4.6", now - dt.timedelta(seconds=1)) == before


def test_without_its_row_the_catalog_is_read_on_every_call(provider):
    CatalogVersion.objects.all().delete()
    routing.route_for(Task.DEEP_ANALYSIS)

    with CaptureQueriesContext(connection) as queries:
        routing.route_for(Task.DEEP_ANALYSIS)

    assert any("copilot_taskroute" in query["sql"] for query in queries)
    assert catalog.version() is None


def test_budgets_are_read_with_the_catalog_and_a_changed_one_applies_to_the_next_call(user):
    from copilot.analysis.budget import limits_for
    from copilot.models import Budget

    everyone = Budget.objects.create(name="Team", scope=Budget.Scope.EVERYONE, period="day", limit_usd=5)
    assert [limit.name for limit in limits_for(user)] == ["Team"]

    with CaptureQueriesContext(connection) as queries:
        limits_for(user)
    assert len(queries) == 1 and "copilot_catalogversion" in queries[0]["sql"]

    Budget.objects.create(name="Mine", scope=Budget.Scope.USER, user=user, period="day", limit_usd=1)
    everyone.active = False
    everyone.save()
    assert [limit.name for limit in limits_for(user)] == ["Mine"]
    assert limits_for(None) == []
