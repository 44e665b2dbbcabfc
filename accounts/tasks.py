"""Celery tasks for accounts: they only call services."""

from __future__ import annotations

from celery import shared_task

from accounts.history.services import snapshot_accounts


@shared_task(name="accounts.snapshot_health", ignore_result=True)
def snapshot_health() -> int:
    """Today's snapshot of every account (what ``manage.py snapshot_health`` does), for beat."""
    return snapshot_accounts()
