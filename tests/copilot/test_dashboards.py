"""The cost and error dashboards: every figure equals the raw rows, for any period."""

import csv
import datetime as dt
import io
import math
import re
import zoneinfo
from collections import Counter, defaultdict
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from copilot.ledger import rollups
from copilot.ledger.pricing import format_usd
from copilot.models import AnalysisRequest, TokenUsage
from tests.factories import AccountFactory, UserFactory, finished_call

pytestmark = pytest.mark.django_db

COSTS = "/admin/copilot/analysisrequest/costs/"
ERRORS = "/admin/copilot/analysisrequest/errors/"
MODELS = ("glm-4.6", "claude-sonnet-4-5", "unpriced-model-x")


@pytest.fixture
def history():
    """Calls over 40 days: three models (one unpriced), failures, sources, accounts, users."""
    now = timezone.now()
    accounts = [AccountFactory() for _ in range(4)]
    users = [UserFactory() for _ in range(3)]
    for n in range(120):
        failed = n % 9 == 0
        finished_call(
            at=now - dt.timedelta(hours=8 * n),
            model=MODELS[n % 3],
            source=("api", "bulk", "admin", "cli")[n % 4],
            account=accounts[n % 4] if n % 10 else None,
            user=users[n % 3],
            status="failed" if failed else "succeeded",
            error_code=("PROVIDER_TIMEOUT", "PROVIDER_UNAVAILABLE")[n % 2] if failed else "",
            latency_ms=100.0 + 37 * n,
            tokens=(1000 + n, 200 + n, 50 * (n % 3), 10 * (n % 2)),
        )


def raw_calls(first: dt.date, last: dt.date):
    since, until = rollups.day_bounds(first, last)
    return AnalysisRequest.objects.filter(created_at__gte=since, created_at__lt=until).exclude(status="pending")


def raw_totals(calls) -> dict:
    usages = TokenUsage.objects.filter(analysis_request__in=calls)
    return {
        "requests": calls.count(),
        "failed_requests": calls.filter(status__in=["failed", "cancelled"]).count(),
        "input_tokens": sum(usages.values_list("input_tokens", flat=True)),
        "output_tokens": sum(usages.values_list("output_tokens", flat=True)),
        "cache_read_tokens": sum(usages.values_list("cache_read_tokens", flat=True)),
        "cache_creation_tokens": sum(usages.values_list("cache_creation_tokens", flat=True)),
        "cost_usd": sum((c for c in usages.values_list("cost_usd", flat=True) if c is not None), Decimal(0)),
        "unpriced_requests": usages.filter(cost_usd__isnull=True).count(),
    }


def shown(totals) -> dict:
    return {name: getattr(totals, name) for name in raw_totals(AnalysisRequest.objects.none())}


def figure(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]*)<', page).group(1)


def period_days(query: dict) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return {
        "today": (today, today),
        "7d": (today - dt.timedelta(days=6), today),
        "30d": (today - dt.timedelta(days=29), today),
        "mtd": (today.replace(day=1), today),
    }.get(query.get("period"), (today - dt.timedelta(days=29), today))


PERIODS = [{}, {"period": "today"}, {"period": "7d"}, {"period": "30d"}, {"period": "mtd"}]


@pytest.mark.parametrize("query", PERIODS, ids=["default", "today", "7d", "30d", "mtd"])
def test_cost_figures_equal_the_raw_rows(client, staff_user, history, query):
    client.force_login(staff_user)
    response = client.get(COSTS, query)
    board = response.context["board"]
    calls = raw_calls(*period_days(query))

    assert (board.period.first, board.period.last) == period_days(query)
    assert shown(board.totals) == raw_totals(calls)
    page = response.content.decode()
    assert figure(page, "total-requests") == str(calls.count())
    assert figure(page, "total-input-tokens") == str(raw_totals(calls)["input_tokens"])
    assert f"{raw_totals(calls)['cost_usd']:.6f}" in figure(page, "total-cost")  # the page rounds to six places
    assert sum(t.requests for _, t in board.daily) == calls.count()


def test_a_custom_period_counts_exactly_its_days(client, staff_user, history):
    client.force_login(staff_user)
    first, last = timezone.localdate() - dt.timedelta(days=12), timezone.localdate() - dt.timedelta(days=3)
    board = client.get(COSTS, {"period": "custom", "start": first, "end": last}).context["board"]
    assert [day for day, _ in board.daily] == [first + dt.timedelta(days=n) for n in range(10)]
    assert shown(board.totals) == raw_totals(raw_calls(first, last))


def test_breakdowns_equal_the_raw_rows_grouped_the_same_way(client, staff_user, history):
    client.force_login(staff_user)
    board = client.get(COSTS, {"period": "30d"}).context["board"]
    calls = raw_calls(*period_days({"period": "30d"}))

    for model_row in board.by_model:
        assert shown(model_row.totals) == raw_totals(calls.filter(model=model_row.label))
    for source_row in board.by_source:
        assert shown(source_row.totals) == raw_totals(calls.filter(source=source_row.history_filters["source__exact"]))
    for account_row in board.by_account:
        pk = account_row.history_filters.get("account__id__exact")
        assert shown(account_row.totals) == raw_totals(
            calls.filter(account_id=pk) if pk else calls.filter(account=None)
        )
    for user_row in board.by_user:
        assert shown(user_row.totals) == raw_totals(calls.filter(user_id=user_row.history_filters["user__id__exact"]))
    assert sum(row.totals.requests for row in board.by_account) == calls.count()
    costs = [row.totals.cost_usd for row in board.by_model]
    assert costs == sorted(costs, reverse=True)


def test_every_row_links_to_the_history_listing_exactly_its_calls(client, staff_user, history):
    client.force_login(staff_user)
    response = client.get(COSTS, {"period": "7d"})
    for key in ("daily", "model", "account", "user", "source"):
        for cells, link in response.context["tables"][key]["rows"]:
            listing = client.get(link)
            assert listing.status_code == 200, link
            assert listing.context["cl"].result_count == cells[1], (key, cells[0])


def test_unpriced_models_are_warned_about_and_never_shown_as_free(client, staff_user, history):
    client.force_login(staff_user)
    response = client.get(COSTS, {"period": "30d"})
    page = response.content.decode()
    warning = re.search(r'id="unpriced-warning">(.*?)</div>', page, re.S).group(1)
    unpriced_calls = TokenUsage.objects.filter(
        model="unpriced-model-x", analysis_request__in=raw_calls(*period_days({"period": "30d"}))
    ).count()
    assert f"unpriced-model-x ({unpriced_calls} calls)" in warning
    model_rows = {cells[0]: cells for cells, _ in response.context["tables"]["model"]["rows"]}
    assert str(model_rows["unpriced-model-x"][7]) == "unpriced"
    assert "+ " in figure(page, "total-cost") and "unpriced" in figure(page, "total-cost")


def test_a_period_ends_at_midnight_in_the_configured_time_zone(client, staff_user, settings):
    settings.TIME_ZONE = "America/New_York"
    new_york = zoneinfo.ZoneInfo("America/New_York")
    finished_call(at=dt.datetime(2026, 3, 7, 23, 59, 59, 999999, tzinfo=new_york), tokens=(7, 0, 0, 0))
    finished_call(at=dt.datetime(2026, 3, 8, 0, 0, tzinfo=new_york), tokens=(11, 0, 0, 0))
    client.force_login(staff_user)

    def input_tokens(start, end):
        query = {"period": "custom", "start": start, "end": end}
        return client.get(COSTS, query).context["board"].totals.input_tokens

    assert input_tokens("2026-03-07", "2026-03-07") == 7
    assert input_tokens("2026-03-08", "2026-03-08") == 11
    assert input_tokens("2026-03-07", "2026-03-08") == 18


def test_error_figures_equal_the_raw_rows(client, staff_user, history):
    client.force_login(staff_user)
    response = client.get(ERRORS, {"period": "30d"})
    board = response.context["board"]
    calls = raw_calls(*period_days({"period": "30d"}))
    failed = calls.filter(status__in=["failed", "cancelled"])

    assert (board.totals.requests, board.totals.failed_requests) == (calls.count(), failed.count())
    assert {row.label: row.totals.failed_requests for row in board.by_code} == dict(
        Counter(failed.values_list("error_code", flat=True))
    )
    for row in board.by_model:
        model_calls = calls.filter(model=row.label)
        assert (row.totals.requests, row.totals.failed_requests) == (
            model_calls.count(),
            model_calls.filter(status__in=["failed", "cancelled"]).count(),
        )
    per_day = defaultdict(lambda: [0, 0])
    for created_at, status in calls.values_list("created_at", "status"):
        per_day[timezone.localtime(created_at).date()][0] += 1
        per_day[timezone.localtime(created_at).date()][1] += status == "failed"
    assert {day: [t.requests, t.failed_requests] for day, t in board.daily if t.requests} == dict(per_day)
    assert [r.pk for r in board.latest_failures] == list(
        failed.order_by("-created_at").values_list("pk", flat=True)[:25]
    )
    rate = f"{100 * failed.count() / calls.count():.2f}%"
    assert figure(response.content.decode(), "error-rate") == rate


def nearest_rank(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


def test_latency_percentiles_are_within_two_and_a_half_percent_of_the_exact_ones(client, staff_user, history):
    client.force_login(staff_user)
    board = client.get(ERRORS, {"period": "30d"}).context["board"]
    calls = raw_calls(*period_days({"period": "30d"})).filter(status="succeeded")
    assert {row.model for row in board.latency} == set(MODELS)
    for row in board.latency:
        latencies = list(calls.filter(model=row.model).values_list("latency_ms", flat=True))
        assert row.calls == len(latencies)
        for shown_ms, percent in ((row.p50_ms, 50), (row.p95_ms, 95)):
            exact = nearest_rank(latencies, percent)
            assert abs(shown_ms - exact) / exact <= 0.025


def test_the_latest_failures_link_to_their_detail(client, staff_user, history):
    client.force_login(staff_user)
    rows = client.get(ERRORS).context["tables"]["failures"]["rows"]
    assert rows
    for cells, link in rows[:3]:
        assert link == reverse("admin:copilot_analysisrequest_change", args=[int(cells[0][1:])])
        assert client.get(link).status_code == 200


@pytest.mark.parametrize("url", [COSTS, ERRORS])
@pytest.mark.parametrize(
    ("key", "expected_header"),
    [("daily", "Day"), ("model", "Model"), ("account", "Account"), ("user", "User"), ("source", "Source")],
)
def test_each_cost_table_downloads_as_csv(client, staff_user, history, url, key, expected_header):
    if url == ERRORS and key in ("account", "user", "source"):
        key, expected_header = {
            "account": ("code", "Error code"),
            "user": ("latency", "Model"),
            "source": ("failures", "Request"),
        }[key]
    client.force_login(staff_user)
    page = client.get(url, {"period": "7d"})
    download = client.get(url, {"period": "7d", "export": key})
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0][0] == expected_header
    table = page.context["tables"][key]
    assert len(rows) - 1 == len(table["rows"])
    for csv_row, (cells, _) in zip(rows[1:], table["rows"], strict=True):
        assert csv_row[0] == str(cells[0])


def test_history_csv_follows_the_filters_and_defuses_formulas(client, staff_user):
    finished_call(model="glm-4.6", prompt='=HYPERLINK("http://evil")')
    finished_call(model="claude-sonnet-4-5")
    client.force_login(staff_user)
    listing = client.get(reverse("admin:copilot_analysisrequest_changelist"), {"model": "glm-4.6"})
    export_url = listing.context["export_url"]
    assert "model=glm-4.6" in export_url
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(export_url).streaming_content).decode())))
    assert [row["model"] for row in rows] == ["glm-4.6"]
    assert rows[0]["prompt"].startswith("'=")
    usage = TokenUsage.objects.get(model="glm-4.6")
    assert rows[0]["cost_usd"] == format_usd(usage.cost_usd)


def test_a_bad_period_is_a_400_naming_the_field(client, staff_user):
    client.force_login(staff_user)
    response = client.get(COSTS, {"period": "custom", "start": "2026-11-10", "end": "2026-11-01"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"start": ["The start is after the end."]}
    response = client.get(ERRORS, {"period": "custom", "start": "not-a-date", "end": "2026-11-01"})
    assert response.status_code == 400 and "start" in response.context["form"].errors


@pytest.mark.parametrize("url", [COSTS, ERRORS])
def test_only_staff_with_view_permission_see_the_dashboards(client, url):
    def login_redirect(response):
        return response.status_code == 302 and urlsplit(response["Location"]).path == reverse("admin:login")

    assert login_redirect(client.get(url))
    manager = UserFactory()
    client.force_login(manager)
    assert login_redirect(client.get(url))
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert login_redirect(client.get(url))
    staff.user_permissions.add(Permission.objects.get(codename="view_analysisrequest"))
    assert login_redirect(client.get(url))  # the cost needs the usage too
    staff.user_permissions.add(Permission.objects.get(codename="view_tokenusage"))
    assert client.get(url).status_code == 200


def test_the_charts_are_inline_svg_with_no_external_script(client, staff_user, history):
    client.force_login(staff_user)
    for url in (COSTS, ERRORS):
        page = client.get(url).content.decode()
        assert "<svg" in page
        assert not re.search(r"<script[^>]+src=\"https?://", page)
        assert "cdn" not in page.lower()


def test_the_admin_home_links_the_dashboards_for_those_who_may_see_them(client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert f'href="{COSTS}"' in page and f'href="{ERRORS}"' in page
    client.force_login(UserFactory(is_staff=True))
    assert 'id="copilot-dashboards"' not in client.get(reverse("admin:index")).content.decode()


def test_on_first_load_the_period_box_shows_the_period_the_page_uses(client, staff_user):
    client.force_login(staff_user)

    page = client.get(COSTS).content.decode()

    assert '<option value="30d" selected>' in page
    assert '<option value="today" selected>' not in page


@pytest.mark.parametrize(("url", "bars"), [(COSTS, 24), (ERRORS, 3)])  # an error rate needs calls in the hour
def test_a_one_day_period_is_shown_by_hour_with_each_hours_figures_equal_to_its_rows(
    client, staff_user, settings, url, bars
):
    settings.TIME_ZONE = "Europe/Madrid"
    madrid = zoneinfo.ZoneInfo("Europe/Madrid")
    day = dt.date(2026, 6, 10)
    for hour, minute, failed in [(0, 5, False), (9, 15, True), (9, 45, False), (23, 59, False)]:
        finished_call(
            at=dt.datetime(2026, 6, 10, hour, minute, tzinfo=madrid),
            status="failed" if failed else "succeeded",
            error_code="PROVIDER_TIMEOUT" if failed else "",
            tokens=(100 * (hour + 1), 10, 0, 0),
        )
    finished_call(at=dt.datetime(2026, 6, 11, 0, 0, tzinfo=madrid))  # the next day: not in any hour
    client.force_login(staff_user)

    response = client.get(url, {"period": "custom", "start": day.isoformat(), "end": day.isoformat()})

    table = response.context["tables"]["hourly"]
    assert table["header"][0] == "Hour"
    assert [cells[0] for cells, _ in table["rows"]] == [f"2026-06-10 {h:02d}:00" for h in range(24)]
    for cells, link in table["rows"]:
        since = dt.datetime.fromisoformat(cells[0]).replace(tzinfo=madrid)
        calls = AnalysisRequest.objects.filter(created_at__gte=since, created_at__lt=since + dt.timedelta(hours=1))
        assert cells[1:3] == [calls.count(), calls.filter(status="failed").count()]
        listed = client.get(link).context["cl"].queryset
        assert set(listed.values_list("pk", flat=True)) == set(calls.values_list("pk", flat=True))
    page = response.content.decode()
    chart = response.context["chart"]
    assert "per hour" in chart and chart.count('class="rect') == bars
    assert 'id="table-hourly"' in page and 'id="table-daily"' not in page


def test_a_day_the_clocks_go_forward_has_23_hours(client, staff_user, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    client.force_login(staff_user)
    response = client.get(COSTS, {"period": "custom", "start": "2026-03-29", "end": "2026-03-29"})
    hours = [cells[0] for cells, _ in response.context["tables"]["hourly"]["rows"]]
    assert len(hours) == 23 and "2026-03-29 02:00" not in hours


def test_longer_periods_stay_by_day(client, staff_user):
    client.force_login(staff_user)
    response = client.get(COSTS, {"period": "7d"})
    assert "hourly" not in response.context["tables"] and len(response.context["tables"]["daily"]["rows"]) == 7
