"""The admin shows an agent turn as one group: its calls, their tokens and cost together."""

import pytest
from django.urls import reverse

from copilot.analysis.service import analysis_run
from copilot.models import AnalysisRequest, Source
from tests.support.provider_double import Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_steps_page_lists_the_turns_calls_with_total_tokens_and_cost(client, provider, staff_user, book):
    provider.enqueue(*Reply.plan(("portfolio_summary", {}), ("search_accounts", {})))
    result = analysis_run(user=staff_user, messages=[{"role": "user", "content": "My book?"}], source=Source.ADMIN)
    first, second, third = AnalysisRequest.objects.order_by("pk")
    client.force_login(staff_user)

    page = client.get(reverse("admin:copilot_analysisrequest_change", args=[second.pk])).content.decode()

    assert f"#{first.pk} step 1 (succeeded)" in page and f"#{third.pk} step 3 (succeeded)" in page
    assert "3 calls · 360 input / 90 output tokens" in page
    assert f"{result.usage.cost_usd:.6f} USD" in page
