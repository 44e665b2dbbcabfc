"""Writes for the morning brief: claim a manager's brief for a day, send it, and the manager's
choice to get briefs or not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import structlog
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.briefs.rendering import RenderedBrief, render
from accounts.briefs.selectors import Brief, brief_for, recipients
from accounts.models import BriefSent, UserPreferences

logger = structlog.get_logger(__name__)


@dataclass
class BriefRun:
    day: dt.date
    sent: int = 0
    nothing_to_report: int = 0
    already_claimed: int = 0  # another run got to the manager first
    failed: int = 0
    previews: list[RenderedBrief] = field(default_factory=list)  # --dry-run: what would be sent


def brief_claim(brief: Brief, rendered: RenderedBrief) -> BriefSent | None:
    """Record the manager's brief for its day before it is sent; None when one is recorded
    already. The unique (user, day) row is the lock: of two runs at once, one insert fails."""
    try:
        with transaction.atomic():
            return BriefSent.objects.create(
                user=brief.user,
                day=brief.day,
                recipient=rendered.to,
                subject=rendered.subject,
                accounts=brief.account_ids,
                sections=brief.counts,
            )
    except IntegrityError:
        return None


def briefs_send(*, day: dt.date | None = None, dry_run: bool = False) -> BriefRun:
    """Send each manager their brief for ``day`` (default today): once per manager and day, only
    when there is something to report. ``dry_run`` renders the briefs into ``previews`` and records
    and sends nothing.

    A brief is claimed, then sent, then stamped ``sent_at``. If the mail backend refuses it, the
    claim is released so a later run can send it; a run killed between claim and send leaves a
    claim without ``sent_at`` and that manager gets no brief that day (never two)."""
    run = BriefRun(day=day or timezone.localdate())
    connection = None if dry_run else get_connection()
    for user in list(recipients(day=run.day)):
        brief = brief_for(user, day=run.day)
        if not brief.has_news:
            run.nothing_to_report += 1
            continue
        rendered = render(brief)
        if dry_run:
            run.previews.append(rendered)
            continue
        claim = brief_claim(brief, rendered)
        if claim is None:
            run.already_claimed += 1
            continue
        try:
            rendered.message(connection=connection).send()
        except Exception:  # any backend's failure (SMTP, network): the other managers still get theirs
            logger.exception("brief_send_failed", user_id=user.pk, day=run.day.isoformat())
            claim.delete()
            run.failed += 1
            continue
        BriefSent.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        run.sent += 1
    if connection is not None:
        connection.close()
    return run


def preferences_update(user, *, briefs: bool) -> UserPreferences:
    """Turn the user's morning brief on or off."""
    preferences, _ = UserPreferences.objects.update_or_create(user=user, defaults={"briefs_enabled": briefs})
    return preferences
