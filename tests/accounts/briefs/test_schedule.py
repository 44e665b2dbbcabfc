"""The briefs run daily by Celery beat, after the snapshot."""

import pytest

from tests.accounts.briefs.test_sending import recipients, worsened_account

pytestmark = pytest.mark.django_db


def test_celery_beat_sends_the_briefs_daily_after_the_snapshot(settings):
    from sergas.celery import app

    app.loader.import_default_modules()
    briefs = app.conf.beat_schedule["send-briefs"]
    snapshot = app.conf.beat_schedule["snapshot-health"]

    assert briefs["task"] == "accounts.send_briefs"
    minute, hour = settings.BRIEFS_CRONTAB.split()[:2]
    assert briefs["schedule"].minute == {int(minute)} and briefs["schedule"].hour == {int(hour)}
    assert (min(briefs["schedule"].hour), min(briefs["schedule"].minute)) > (
        min(snapshot["schedule"].hour),
        min(snapshot["schedule"].minute),
    )


def test_the_celery_task_sends_todays_briefs(manager):
    from accounts.tasks import send_briefs

    worsened_account(manager, "ACC-M1")

    assert send_briefs.apply().get() == 1
    assert recipients() == ["morgan@example.com"]
