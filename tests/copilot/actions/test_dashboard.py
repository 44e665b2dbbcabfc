"""The actions dashboard and compare_models' action rows, against rows made by hand: per model and
prompt version, proposals and what became of them, the acceptance rate, and what an accepted
action cost (the priced calls of the turns that proposed them, divided by the accepted ones)."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from copilot.comparisons.selectors import comparison_table
from copilot.models import AnalysisRequest, ModelComparison
from tests.factories import (
    AccountFactory,
    BulkRunFactory,
    ModelPriceFactory,
    RecommendationFactory,
    UserFactory,
    finished_call,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/copilot/recommendation/dashboard/"


def figure(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]*)<', page).group(1)


@pytest.fixture
def made(db):
    """Two turns of model-a (prompt version 2) and one of model-b (unrecorded version), with costs
    at 1 USD per million input and 2 per million output tokens."""
    ModelPriceFactory(model="model-a")
    ModelPriceFactory(model="model-b")
    account = AccountFactory(external_id="ACC-1")
    # Turn 1: two steps; the first proposed three actions. 1000/500 → 0.002, 3000/1000 → 0.005.
    turn_1 = finished_call(model="model-a", prompt_version="2", account=account, tokens=(1000, 500, 0, 0))
    finished_call(model="model-a", prompt_version="2", step_of=turn_1, step=2, tokens=(3000, 1000, 0, 0))
    # Turn 2: the first attempt failed, its fallback (0.004) proposed two.
    failed = finished_call(model="model-a", prompt_version="2", status=AnalysisRequest.Status.FAILED)
    fallback = finished_call(model="model-a", prompt_version="2", fallback_of=failed, tokens=(2000, 1000, 0, 0))
    # A call of nobody's turn that proposed nothing: never counted.
    finished_call(model="model-a", prompt_version="2", tokens=(900_000, 0, 0, 0))
    # Turn 3, model-b (0.006): two dismissed.
    turn_3 = finished_call(model="model-b", prompt_version="", tokens=(2000, 2000, 0, 0))

    for title, status, reason in [
        ("A1", "accepted", ""),
        ("A2", "done", ""),
        ("A3", "dismissed", "Not relevant"),
    ]:
        RecommendationFactory(
            account=account, title=title, status=status, dismiss_reason=reason, analysis_request=turn_1
        )
    RecommendationFactory(account=account, title="A4", status="expired", analysis_request=fallback)
    RecommendationFactory(account=account, title="A5", status="proposed", analysis_request=fallback)
    RecommendationFactory(
        account=account, title="B1", status="dismissed", dismiss_reason="Not relevant", analysis_request=turn_3
    )
    RecommendationFactory(
        account=account, title="B2", status="dismissed", dismiss_reason="Wrong timing", analysis_request=turn_3
    )
    # Proposed before the period: not in it.
    RecommendationFactory(
        account=account,
        title="Old",
        status="accepted",
        analysis_request=turn_3,
        created_at=timezone.now() - dt.timedelta(days=60),
    )
    return account


def rows_of(page_context) -> dict:
    return {(cells[0], cells[1]): cells for cells, _ in page_context["tables"]["model"]["rows"]}


def test_the_figures_per_model_and_prompt_version_equal_the_rows(client, staff_user, made):
    client.force_login(staff_user)

    response = client.get(DASHBOARD, {"period": "30d"})

    assert response.status_code == 200
    rows = rows_of(response.context)
    # Model, version, proposals, waiting, accepted (or done), done, dismissed, expired, rate, turns, cost, per accepted
    assert rows[("model-a", "2")] == [
        "model-a", "2", 5, 1, 2, 1, 1, 1, "50.0%", 2, "0.011000", "0.005500",
    ]  # fmt: skip
    assert rows[("model-b", "unrecorded")] == [
        "model-b", "unrecorded", 2, 0, 0, 0, 2, 0, "0.0%", 1, "0.006000", "—",
    ]  # fmt: skip
    reasons = [cells for cells, _ in response.context["tables"]["reasons"]["rows"]]
    assert sorted(reasons) == [
        ["model-a", "2", "Not relevant", 1],
        ["model-b", "unrecorded", "Not relevant", 1],
        ["model-b", "unrecorded", "Wrong timing", 1],
    ]
    page = response.content.decode()
    assert figure(page, "total-proposals") == "7" and figure(page, "total-accepted") == "2"
    assert figure(page, "total-dismissed") == "3" and figure(page, "total-expired") == "1"
    assert figure(page, "acceptance-rate") == "33.3%"  # 2 of the 6 settled
    assert figure(page, "cost-per-accepted") == "0.008500"  # (0.011 + 0.006) / 2


def test_an_unpriced_call_of_a_proposing_turn_is_said_not_counted_as_free(client, staff_user):
    account = AccountFactory()
    call = finished_call(model="no-price-model", prompt_version="2")
    RecommendationFactory(account=account, status="accepted", analysis_request=call)
    client.force_login(staff_user)

    rows = rows_of(client.get(DASHBOARD).context)

    assert rows[("no-price-model", "2")][-2:] == ["0.000000 + 1 unpriced", "0.000000 + 1 unpriced"]


def test_each_row_links_to_exactly_its_recommendations(client, staff_user, made):
    client.force_login(staff_user)
    page = client.get(DASHBOARD, {"period": "30d"})
    ((_, link),) = [(cells, link) for cells, link in page.context["tables"]["model"]["rows"] if cells[0] == "model-b"]

    listing = client.get(link)

    assert listing.status_code == 200
    assert sorted(r.title for r in listing.context["cl"].result_list) == ["B1", "B2"]


def test_the_tables_download_as_csv(client, staff_user, made):
    client.force_login(staff_user)

    download = client.get(DASHBOARD, {"period": "30d", "export": "model"})

    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0][:3] == ["Model", "Prompt version", "Proposals"] and len(rows) == 3


def test_only_staff_with_the_view_permission_see_it(client, made):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(DASHBOARD)

    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_compare_models_table_has_the_action_rows_with_their_winners(made):
    account = made
    comparison = ModelComparison.objects.create(question="Next actions?", model_names=["model-a", "model-b"])
    runs = {}
    for model in ("model-a", "model-b"):
        runs[model] = BulkRunFactory(comparison=comparison, model=model)
    a = finished_call(model="model-a", bulk_run=runs["model-a"], account=account, tokens=(1000, 500, 0, 0))  # 0.002
    b = finished_call(model="model-b", bulk_run=runs["model-b"], account=account, tokens=(1000, 1000, 0, 0))  # 0.003
    for n, status in enumerate(["accepted", "done", "dismissed", "proposed"]):
        RecommendationFactory(account=account, title=f"a{n}", status=status, analysis_request=a)
    for n, status in enumerate(["accepted", "expired"]):
        RecommendationFactory(account=account, title=f"b{n}", status=status, analysis_request=b)

    table = comparison_table(comparison)

    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Actions proposed"] == ["4", "2", ""]
    assert rows["Actions accepted (or done)"] == ["2", "1", ""]
    assert rows["Actions dismissed"] == ["1", "0", ""]
    assert rows["Actions expired"] == ["0", "1", ""]
    assert rows["Acceptance rate"] == ["66.7%", "50.0%", "model-a"]
    assert rows["Cost per accepted action (USD)"] == ["0.001000", "0.003000", "model-a"]
    assert table.figures[0].actions.turns_cost_usd == Decimal("0.002")
