"""Celery for scale-out bulk runs, the daily health snapshot and the expiry of proposed actions.
Enabled by CELERY_BROKER_URL; see README for workers and beat."""

import os

from celery import Celery, signature
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")

app = Celery("sergas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["copilot.bulk", "copilot.actions", "accounts"])


@app.on_after_configure.connect
def schedule_daily_tasks(sender, **kwargs):
    """What `celery beat` runs: today's health snapshot of every account at HEALTH_SNAPSHOT_CRONTAB
    (read once Django's settings are, not while this package is imported)."""
    from django.conf import settings

    minute, hour, day_of_month, month_of_year, day_of_week = settings.HEALTH_SNAPSHOT_CRONTAB.split()
    schedule = crontab(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year, day_of_week=day_of_week
    )
    sender.add_periodic_task(schedule, signature("accounts.snapshot_health"), name="snapshot-health")
    # Reads expire stale proposals as they go; this keeps the dashboards' figures current too.
    expire = signature("copilot.expire_recommendations")
    sender.add_periodic_task(crontab(minute=30), expire, name="expire-recommendations")
