"""Proposals nobody acted on expire after RECOMMENDATION_TTL_DAYS: the command, and Celery beat."""

import datetime as dt

import pytest
from django.utils import timezone

from copilot.models import Recommendation
from tests.factories import RecommendationFactory
from tests.support.commands import run_command

pytestmark = pytest.mark.django_db


def test_the_command_expires_only_proposals_older_than_the_ttl(settings, capsys):
    settings.RECOMMENDATION_TTL_DAYS = 10
    now = timezone.now()
    stale = RecommendationFactory(title="Stale", created_at=now - dt.timedelta(days=10, seconds=1))
    RecommendationFactory(title="Fresh", created_at=now - dt.timedelta(days=9))
    RecommendationFactory(title="Taken", status="accepted", created_at=now - dt.timedelta(days=40))
    RecommendationFactory(title="No", status="dismissed", created_at=now - dt.timedelta(days=40))

    code, out, _ = run_command("expire_recommendations", capsys=capsys)

    assert code == 0 and "Expired 1 proposed action(s) older than 10 day(s)." in out
    statuses = dict(Recommendation.objects.values_list("title", "status"))
    assert statuses == {"Stale": "expired", "Fresh": "proposed", "Taken": "accepted", "No": "dismissed"}
    stale.refresh_from_db()
    assert stale.expired_at is not None
    _, out, _ = run_command("expire_recommendations", capsys=capsys)
    assert "Expired 0" in out


def test_celery_beat_expires_them_hourly():
    from sergas.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["expire-recommendations"]

    assert entry["task"] == "copilot.expire_recommendations"
    assert entry["schedule"].minute == {30} and len(entry["schedule"].hour) == 24


def test_the_celery_task_expires_them(settings):
    from copilot.actions.tasks import expire_recommendations

    settings.RECOMMENDATION_TTL_DAYS = 1
    RecommendationFactory(created_at=timezone.now() - dt.timedelta(days=2))

    assert expire_recommendations.apply().get() == 1
