"""Celery for scale-out bulk runs, the daily health snapshot, the morning briefs and the expiry of
proposed actions. Enabled by CELERY_BROKER_URL; see README for workers and beat."""

import os

from celery import Celery, signature
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")

app = Celery("sergas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["copilot.bulk", "copilot.actions", "accounts"])


def _crontab(fields: str) -> crontab:
    minute, hour, day_of_month, month_of_year, day_of_week = fields.split()
    return crontab(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year, day_of_week=day_of_week
    )


@app.on_after_configure.connect
def schedule_daily_tasks(sender, **kwargs):
    """What `celery beat` runs: today's health snapshot of every account at HEALTH_SNAPSHOT_CRONTAB,
    then the managers' morning briefs at BRIEFS_CRONTAB (read once Django's settings are, not while
    this package is imported), and every hour the expiry of proposals nobody acted on."""
    from django.conf import settings

    sender.add_periodic_task(
        _crontab(settings.HEALTH_SNAPSHOT_CRONTAB), signature("accounts.snapshot_health"), name="snapshot-health"
    )
    sender.add_periodic_task(_crontab(settings.BRIEFS_CRONTAB), signature("accounts.send_briefs"), name="send-briefs")
    # Reads expire stale proposals as they go; this keeps the dashboards' figures current too.
    expire = signature("copilot.expire_recommendations")
    sender.add_periodic_task(crontab(minute=30), expire, name="expire-recommendations")
