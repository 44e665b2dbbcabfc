"""Reads for the morning brief: who gets one, and what each manager's brief says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from accounts.briefs.sections import BriefItem, BriefSection, registered_sections
from accounts.history.selectors import BAND_RANK, appeared_and_cleared, changed_since, with_stored_health
from accounts.models import Account, BriefSent, UserPreferences

RENEWAL_DAYS = 30  # contracts ending within this many days are listed


def recipients(*, day: dt.date) -> QuerySet:
    """The users a brief for ``day`` may go to, in id order: active, with an email address, owning
    at least one account, briefs not turned off, and no brief for that day claimed yet."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(Account.objects.filter(owner=OuterRef("pk"))))
        .exclude(Exists(UserPreferences.objects.filter(user=OuterRef("pk"), briefs_enabled=False)))
        .exclude(Exists(BriefSent.objects.filter(user=OuterRef("pk"), day=day)))
        .order_by("pk")
    )


def brief_claimed(user, *, day: dt.date) -> bool:
    return BriefSent.objects.filter(user=user, day=day).exists()


def briefs_enabled(user) -> bool:
    """Whether ``user`` gets the morning brief (on unless they turned it off)."""
    return not UserPreferences.objects.filter(user=user, briefs_enabled=False).exists()


# --- The brief's own sections --------------------------------------------------------------------


def band_label(band: str) -> str:
    return band.replace("_", " ")


def _signal_lines(account: Account, new: list[str]) -> list[str]:
    """Each signal firing now with its detail, the ones that appeared since yesterday first."""
    details = {detail["code"]: detail["detail"] for detail in account.health.details}
    lines = []
    for name in [*new, *(name for name in account.health.signals if name not in new)]:
        label = "New" if name in new else "Still"
        lines.append(f"{label}: {name} — {details[name]}" if details.get(name) else f"{label}: {name}")
    return lines


def changes_section(user, *, day: dt.date) -> BriefSection:
    """The manager's accounts whose band worsened or that gained a signal since the day before,
    worst change first (an account that only improved is not news for this brief)."""
    items = []
    for account in changed_since(Account.objects.filter(owner=user), day - dt.timedelta(days=1)):
        appeared, _ = appeared_and_cleared(account.signals_before, account.health.signals)
        worsened = BAND_RANK.get(account.health.band, 0) > BAND_RANK.get(account.band_before, 0)
        if not (worsened or appeared):
            continue
        before, after = band_label(account.band_before), band_label(account.health.band)
        band = f"{before} → {after}" if account.band_before != account.health.band else f"still {after}"
        items.append(
            BriefItem(
                headline=f"{band}, score {account.score_before} → {account.health.score}",
                lines=_signal_lines(account, appeared),
                account_id=account.external_id,
                account_name=account.name,
            )
        )
    return BriefSection(key="changes", title="Changed since yesterday", items=items)


def _ends_in(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def renewals_section(user, *, day: dt.date) -> BriefSection:
    """The manager's accounts whose contract ends within RENEWAL_DAYS days of ``day``, soonest first."""
    ending = with_stored_health(
        Account.objects.filter(
            owner=user, contract_end__gte=day, contract_end__lte=day + dt.timedelta(days=RENEWAL_DAYS)
        )
    ).order_by("contract_end", "external_id")
    items = []
    for account in ending:
        days = (account.contract_end - day).days
        lines = []
        if getattr(account, "health", None) is not None:
            lines.append(f"Health {account.health.score}/100, {band_label(account.health.band)}")
        items.append(
            BriefItem(
                headline=f"Contract ends {account.contract_end.isoformat()} ({_ends_in(days)})",
                lines=lines,
                account_id=account.external_id,
                account_name=account.name,
            )
        )
    return BriefSection(key="renewals", title=f"Contracts ending within {RENEWAL_DAYS} days", items=items)


# --- The whole brief -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Brief:
    user: object
    day: dt.date
    sections: list[BriefSection]  # the ones with items, in order

    @property
    def has_news(self) -> bool:
        return bool(self.sections)

    @property
    def account_ids(self) -> list[str]:
        """The accounts the brief names, each once, in order of appearance."""
        ids = (item.account_id for section in self.sections for item in section.items if item.account_id)
        return list(dict.fromkeys(ids))

    @property
    def counts(self) -> dict[str, int]:
        return {section.key: len(section.items) for section in self.sections}


def brief_for(user, *, day: dt.date) -> Brief:
    """The manager's brief for ``day``: what changed, the renewals coming, then the sections other
    apps registered (see ``accounts.briefs.sections``); sections with nothing in them are left out."""
    sections = [changes_section(user, day=day), renewals_section(user, day=day), *registered_sections(user, day=day)]
    return Brief(user=user, day=day, sections=[section for section in sections if section.items])
