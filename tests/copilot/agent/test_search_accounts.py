"""search_accounts: the caller's accounts by every filter and order, over the stored health."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.copilot.agent.conftest import call, stored
from tests.factories import AccountFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def ids(answer) -> list[str]:
    return [account["id"] for account in answer["accounts"]]


def test_no_arguments_lists_the_whole_book_worst_health_first_with_each_accounts_facts(manager, book):
    answer, is_error = call(manager, "search_accounts")

    assert not is_error and answer["total"] == 4
    scores = [account["health"]["score"] for account in answer["accounts"]]
    assert scores == sorted(scores) and ids(answer)[0] == "ACC-3"
    initech = answer["accounts"][0]
    health = stored(book["stalled"])
    assert initech == {
        "id": "ACC-3",
        "name": "Initech",
        "status": "at_risk",
        "health": {"score": health.score, "band": health.band, "signals": health.signals},
        "contract_end": book["stalled"].contract_end.isoformat(),
        "annual_revenue": 750000.0,
        "open_pipeline": 90000.0,  # the closed deal does not count
    }
    assert "stalled_deals" in health.signals and "at_risk_status" in health.signals


def test_another_managers_account_never_appears_even_by_its_name_or_id(manager, book):
    by_name, _ = call(manager, "search_accounts", query="Secret")
    by_id, _ = call(manager, "search_accounts", query="ACC-9")
    by_band, _ = call(manager, "search_accounts", status=["at_risk"])

    assert by_name == by_id == {"total": 0, "accounts": []}
    assert ids(by_band) == ["ACC-3"]


def test_staff_see_every_account(book):
    answer, _ = call(StaffUserFactory(), "search_accounts", query="globex")

    assert sorted(ids(answer)) == ["ACC-2", "ACC-9"]


def test_query_matches_the_name_or_the_external_id_ignoring_case(manager, book):
    assert ids(call(manager, "search_accounts", query="initech")[0]) == ["ACC-3"]
    assert ids(call(manager, "search_accounts", query="acc-4")[0]) == ["ACC-4"]


def test_status_band_and_signals_filter_on_the_stored_health(manager, book):
    at_risk = [a.external_id for a in book.values() if a.owner == manager and stored(a).band == "at_risk"]
    renewal = [a.external_id for a in book.values() if a.owner == manager and "renewal_near" in stored(a).signals]

    assert sorted(ids(call(manager, "search_accounts", health_band=["at_risk"])[0])) == sorted(at_risk)
    assert (
        sorted(ids(call(manager, "search_accounts", signals=["renewal_near"])[0]))
        == sorted(renewal)
        == [
            "ACC-2",
            "ACC-3",
        ]
    )
    both, _ = call(manager, "search_accounts", signals=["renewal_near", "stalled_deals"])
    assert ids(both) == ["ACC-3"]  # every signal must fire
    assert sorted(ids(call(manager, "search_accounts", status=["inactive", "active"])[0])) == [
        "ACC-1",
        "ACC-2",
        "ACC-4",
    ]


def test_contract_end_bounds_and_their_combination(manager, book):
    today = timezone.localdate()
    soon = (today + dt.timedelta(days=30)).isoformat()
    later = (today + dt.timedelta(days=60)).isoformat()

    assert ids(call(manager, "search_accounts", contract_ends_before=soon)[0]) == ["ACC-2"]
    assert ids(call(manager, "search_accounts", contract_ends_after=later)[0]) == ["ACC-3"]
    window, _ = call(manager, "search_accounts", contract_ends_after=today.isoformat(), contract_ends_before=later)
    assert ids(window) == ["ACC-2"]
    combined, _ = call(manager, "search_accounts", contract_ends_after=today.isoformat(), status=["at_risk"])
    assert ids(combined) == ["ACC-3"]


@pytest.mark.parametrize(
    ("order_by", "expected"),
    [
        ("name", ["ACC-1", "ACC-2", "ACC-3", "ACC-4"]),
        ("-name", ["ACC-4", "ACC-3", "ACC-2", "ACC-1"]),
        ("annual_revenue", ["ACC-1", "ACC-3", "ACC-2", "ACC-4"]),  # no revenue comes last either way
        ("-annual_revenue", ["ACC-2", "ACC-3", "ACC-1", "ACC-4"]),
        ("contract_end", ["ACC-2", "ACC-3", "ACC-1", "ACC-4"]),
        ("-contract_end", ["ACC-3", "ACC-2", "ACC-1", "ACC-4"]),
    ],
)
def test_order_by_each_field_and_reversed(manager, book, order_by, expected):
    assert ids(call(manager, "search_accounts", order_by=order_by)[0]) == expected


def test_best_health_first_reverses_worst_first(manager, book):
    worst, _ = call(manager, "search_accounts")
    best, _ = call(manager, "search_accounts", order_by="-health")

    assert [a["health"]["score"] for a in best["accounts"]] == sorted(
        [a["health"]["score"] for a in worst["accounts"]], reverse=True
    )


def test_limit_pages_but_total_counts_every_match(manager, book):
    for number in range(3):
        AccountFactory(external_id=f"ACC-5{number}", name=f"Zeta {number}", owner=manager)

    answer, _ = call(manager, "search_accounts", limit=2, order_by="name")

    assert answer["total"] == 7 and ids(answer) == ["ACC-1", "ACC-2"]
    assert len(call(manager, "search_accounts")[0]["accounts"]) == 7


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"health_band": ["critical"]}, "health_band"),
        ({"signals": ["late_payment"]}, "signals"),
        ({"status": ["sleeping"]}, "status"),
        ({"limit": 51}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"contract_ends_before": "next spring"}, "contract_ends_before"),
        ({"contract_ends_after": "2026-13-01"}, "contract_ends_after"),
        ({"order_by": "revenue"}, "order_by"),
        ({"query": 5}, "query"),
        ({"owner": "riley"}, "owner"),
    ],
)
def test_each_bad_argument_is_an_error_naming_it(manager, book, arguments, named):
    answer, is_error = call(manager, "search_accounts", **arguments)

    assert is_error and answer["error"].startswith(f"{named}")
