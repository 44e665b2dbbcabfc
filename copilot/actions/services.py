"""Writes of recommendations: storing the model's proposals, the manager's decisions, expiry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Account, Activity
from accounts.services import activity_log
from copilot.models import AnalysisRequest, Recommendation

MAX_PER_CALL = 5
Status = Recommendation.Status


def title_key(title: str) -> str:
    """How titles are compared for duplicates: case-insensitively, and with no regard to spaces."""
    return re.sub(r"\s+", "", title).casefold()


def clean_title(title: str) -> str:
    return " ".join(title.split())


@dataclass(frozen=True)
class Proposal:
    title: str
    kind: str
    priority: str
    due_in_days: int
    rationale: str


@dataclass
class ProposeOutcome:
    stored: list[Recommendation] = field(default_factory=list)
    refused: list[tuple[int, Proposal, str]] = field(default_factory=list)  # (index, proposal, why)


def recommendations_propose(
    *,
    account: Account,
    proposals: Sequence[Proposal],
    request: AnalysisRequest | None,
    user=None,
    now: dt.datetime | None = None,
) -> ProposeOutcome:
    """Store up to MAX_PER_CALL of ``proposals`` on ``account`` as proposed recommendations; the
    rest, and any whose title the account already has open (or that repeats an earlier one of the
    same call), are refused with the reason."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    outcome = ProposeOutcome()
    with transaction.atomic():
        # Stale proposals first: an expired one no longer blocks its title.
        recommendations_expire(now=now, recommendations=Recommendation.objects.filter(account=account))
        open_now = Recommendation.objects.filter(account=account, status__in=Recommendation.OPEN)
        open_titles = dict(open_now.values_list("title_key", "pk"))
        for index, proposal in enumerate(proposals):
            key = title_key(proposal.title)
            if key in open_titles:
                existing = open_titles[key]
                why = (
                    "it repeats an earlier action of this call"
                    if existing is None
                    else f"the account already has this action open (recommendation {existing})"
                )
                outcome.refused.append((index, proposal, why))
                continue
            if len(outcome.stored) >= MAX_PER_CALL:
                outcome.refused.append((index, proposal, f"at most {MAX_PER_CALL} actions are stored per call"))
                continue
            try:
                with transaction.atomic():  # a concurrent call that stored the same title wins
                    recommendation = Recommendation.objects.create(
                        account=account,
                        title=clean_title(proposal.title),
                        title_key=key,
                        kind=proposal.kind,
                        priority=proposal.priority,
                        due_on=today + dt.timedelta(days=proposal.due_in_days),
                        rationale=proposal.rationale.strip(),
                        analysis_request=request,
                        proposed_for=user,
                    )
            except IntegrityError:
                outcome.refused.append((index, proposal, "the account already has this action open"))
                continue
            open_titles[key] = None
            outcome.stored.append(recommendation)
    return outcome


class TransitionRefused(Exception):
    """A decision the recommendation's status does not allow (done on a dismissed one)."""

    def __init__(self, current: str, wanted: str):
        super().__init__(f"A recommendation that is {current} cannot become {wanted}.")
        self.current = current
        self.wanted = wanted


# Which statuses each decision may start from.
ALLOWED_FROM = {
    Status.ACCEPTED: (Status.PROPOSED,),
    Status.DISMISSED: (Status.PROPOSED, Status.ACCEPTED),
    Status.DONE: (Status.PROPOSED, Status.ACCEPTED),
}


def _transition(recommendation: Recommendation, wanted: str, *, user, now, change=None) -> Recommendation:
    """Expire the recommendation if nobody acted on it in time, then, on the locked row, check
    that ``wanted`` may follow its status, stamp the decision and apply ``change`` to it."""
    recommendations_expire(now=now, recommendations=Recommendation.objects.filter(pk=recommendation.pk))
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().select_related("account").get(pk=recommendation.pk)
        if locked.status not in ALLOWED_FROM[wanted]:
            raise TransitionRefused(locked.status, wanted)
        if wanted in (Status.ACCEPTED, Status.DONE) and locked.accepted_at is None:
            locked.accepted_at = now
        locked.status, locked.decided_by, locked.decided_at = wanted, user, now
        if change is not None:
            change(locked)
        locked.save()
    return locked


def recommendation_accept(recommendation: Recommendation, *, user, now: dt.datetime | None = None) -> Recommendation:
    return _transition(recommendation, Status.ACCEPTED, user=user, now=now or timezone.now())


def recommendation_dismiss(
    recommendation: Recommendation, *, user, reason: str, now: dt.datetime | None = None
) -> Recommendation:
    def record_reason(locked: Recommendation) -> None:
        locked.dismiss_reason = " ".join(reason.split())

    return _transition(recommendation, Status.DISMISSED, user=user, now=now or timezone.now(), change=record_reason)


SUBJECT_LENGTH = Activity._meta.get_field("subject").max_length


def recommendation_done(
    recommendation: Recommendation, *, user, note: str = "", now: dt.datetime | None = None
) -> Recommendation:
    """Mark the action done: an Activity of its kind, its title in the subject (and the note
    after it, as far as the subject holds), is logged on the account in the same transaction,
    which refreshes the account's stored health."""
    now = now or timezone.now()
    note = note.strip()

    def log_activity(locked: Recommendation) -> None:
        subject = f"{locked.title} — {' '.join(note.split())}" if note else locked.title
        if len(subject) > SUBJECT_LENGTH:
            subject = subject[: SUBJECT_LENGTH - 1] + "…"
        locked.activity = activity_log(locked.account, kind=locked.kind, subject=subject, occurred_at=now)
        locked.done_note = note

    return _transition(recommendation, Status.DONE, user=user, now=now, change=log_activity)


def expiry_cutoff(now: dt.datetime) -> dt.datetime:
    """Proposals made at or before this moment have waited RECOMMENDATION_TTL_DAYS: they expire."""
    return now - dt.timedelta(days=settings.RECOMMENDATION_TTL_DAYS)


def recommendations_expire(*, now: dt.datetime | None = None, recommendations=None) -> int:
    """Expire the proposals nobody acted on within RECOMMENDATION_TTL_DAYS (of ``recommendations``,
    default all); answers how many. One UPDATE: cheap enough to run before every read."""
    now = now or timezone.now()
    stale = (recommendations if recommendations is not None else Recommendation.objects.all()).filter(
        status=Status.PROPOSED, created_at__lte=expiry_cutoff(now)
    )
    return stale.update(status=Status.EXPIRED, expired_at=now, updated_at=now)
