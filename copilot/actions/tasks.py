"""Celery tasks for recommendations: they only call services."""

from __future__ import annotations

from celery import shared_task

from copilot.actions.services import recommendations_expire


@shared_task(name="copilot.expire_recommendations", ignore_result=True)
def expire_recommendations() -> int:
    """Expire the proposals nobody acted on in time (what ``manage.py expire_recommendations`` does)."""
    return recommendations_expire()
