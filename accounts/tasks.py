"""Celery tasks for accounts: they only call services."""

from __future__ import annotations

from celery import shared_task

from accounts.briefs.services import briefs_send
from accounts.history.services import snapshot_accounts


@shared_task(name="accounts.snapshot_health", ignore_result=True)
def snapshot_health() -> int:
    """Today's snapshot of every account (what ``manage.py snapshot_health`` does), for beat."""
    return snapshot_accounts()


@shared_task(name="accounts.send_briefs", ignore_result=True)
def send_briefs() -> int:
    """Today's morning briefs (what ``manage.py send_briefs`` does), for beat, after the snapshot."""
    return briefs_send().sent
