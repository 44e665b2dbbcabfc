"""In a real browser: a staff member logs in, reads both dashboards and a call's detail, and the
call list fits 1280 px.

Headless Chromium from Debian's package, driven by Playwright. Screenshots go to
``$SCREENSHOT_DIR/<database>`` (default ``ci-artifacts/screenshots``), which ``.ci/run`` keeps.
"""

import datetime as dt
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from copilot.ledger.pricing import format_usd
from copilot.models import AnalysisRequest, TokenUsage
from tests.factories import AccountFactory, StaffUserFactory, UserFactory, finished_call

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "ci-artifacts/screenshots"))
PASSWORD = "correct horse battery staple"  # the factories' password
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("REQUIRE_BROWSER"),
        reason="Chromium is not installed (CI installs Debian's chromium and sets REQUIRE_BROWSER)",
    ),
]


@pytest.fixture
def screenshots() -> Path:
    folder = SCREENSHOTS / connection.vendor  # one set per database the suite runs on
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser_page():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        yield page
        browser.close()


@pytest.fixture
def expected():
    """Calls written, and every figure the pages must show computed from the raw rows, before
    the browser starts (Playwright's event loop forbids the ORM in the test's thread)."""
    staff = StaffUserFactory(username="reviewer")
    account = AccountFactory(external_id="ACC-BROWSER")
    now = timezone.now()
    # Every 4 hours back to 116 hours ago: inside "Last 7 days" (today and the 6 days before it)
    # at any time of day. Every 5 hours put the oldest call outside it in the hour after midnight.
    for n in range(30):
        finished_call(
            at=now - dt.timedelta(hours=4 * n),
            account=account,
            model=("glm-4.6", "claude-sonnet-4-5")[n % 2],
            status="failed" if n % 6 == 0 else "succeeded",
            error_code="PROVIDER_TIMEOUT" if n % 6 == 0 else "",
            error_message="The provider did not answer in time." if n % 6 == 0 else "",
            tokens=(1200 + n, 300 + n, 0, 0),
        )
    return {
        "username": staff.username,
        "requests": AnalysisRequest.objects.count(),
        "failed": AnalysisRequest.objects.filter(status="failed").count(),
        "input_tokens": sum(TokenUsage.objects.values_list("input_tokens", flat=True)),
        "cost": format_usd(sum(TokenUsage.objects.values_list("cost_usd", flat=True), Decimal(0))),
        "latest_failure": AnalysisRequest.objects.filter(status="failed").order_by("-created_at").first().pk,
    }


def test_staff_read_the_dashboards_and_a_call_in_a_browser(asgi_server, expected, screenshots, browser_page):
    requests, failed = expected["requests"], expected["failed"]
    page = browser_page

    page.goto(f"{asgi_server.url}/admin/copilot/analysisrequest/costs/?period=7d")
    page.fill("#id_username", expected["username"])
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/copilot/analysisrequest/costs/**")

    assert page.inner_text("#total-requests") == str(requests)
    assert page.inner_text("#total-input-tokens") == str(expected["input_tokens"])
    assert page.inner_text("#total-cost") == expected["cost"]
    assert page.locator("#cost-chart svg").count() == 1
    assert page.locator("#table-account tbody tr").first.inner_text().startswith("ACC-BROWSER")
    page.screenshot(path=screenshots / "costs.png", full_page=True)

    page.click("text=Error dashboard")
    page.select_option("#id_period", "7d")
    page.click("input[value=Show]")
    page.wait_for_url("**period=7d**")
    assert page.inner_text("#total-failed") == str(failed)
    assert page.inner_text("#error-rate") == f"{100 * failed / requests:.2f}%"
    assert page.locator("#error-chart svg").count() == 1
    page.screenshot(path=screenshots / "errors.png", full_page=True)

    page.click(f"#table-failures a:text-is('#{expected['latest_failure']}')")
    page.wait_for_url(f"**/admin/copilot/analysisrequest/{expected['latest_failure']}/change/")
    assert "The provider did not answer in time." in page.inner_text("#content")
    page.screenshot(path=screenshots / "history-detail.png", full_page=True)


KEY_COLUMNS = ("When", "Outcome", "Model", "Source", "Account", "User", "Latency", "Cost (USD)")


@pytest.fixture
def calls():
    """Calls whose cells are as wide as real ones get: long names, error codes, slow latencies."""
    staff = StaffUserFactory(username="reviewer")
    account = AccountFactory(external_id="ACC-10042", name="Compañía Internacional de Distribución Sergas")
    manager = UserFactory(username="account.manager.with.a.long.name")
    now = timezone.now()
    for n in range(12):
        finished_call(
            at=now - dt.timedelta(minutes=7 * n),
            account=account,
            user=manager,
            model=("glm-4.6", "claude-sonnet-4-5")[n % 2],
            status="failed" if n % 3 == 0 else "succeeded",
            error_code="PROVIDER_UNAVAILABLE" if n % 3 == 0 else "",
            latency_ms=12_345.0 + n,
            tokens=(123_456, 4_096, 0, 0),
        )
    return staff.username


def test_the_call_list_fits_1280_px_without_horizontal_scrolling(asgi_server, calls, screenshots, browser_page):
    page = browser_page
    page.goto(f"{asgi_server.url}/admin/copilot/analysisrequest/")
    page.fill("#id_username", calls)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/copilot/analysisrequest/")

    headers = [text.strip().lower() for text in page.locator("#result_list thead th").all_inner_texts()]
    assert all(column.lower() in headers for column in KEY_COLUMNS), headers
    widths = page.evaluate(
        """() => ({
            results: [document.querySelector('.results').scrollWidth, document.querySelector('.results').clientWidth],
            page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
        })"""
    )
    page.screenshot(path=screenshots / "call-list-1280.png", full_page=True)
    assert widths["results"][0] <= widths["results"][1], widths  # the table does not scroll sideways
    assert widths["page"][0] <= widths["page"][1], widths  # nor does the page
