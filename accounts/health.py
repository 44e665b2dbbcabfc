"""Deterministic account health: risk signals and a 0–100 score from stored facts.

Pure functions over ``HealthFacts``; the queries that gather the facts live in
``accounts.selectors``. Thresholds and penalties come from ``settings.ACCOUNT_HEALTH``.

Rules (N from settings, "days" are whole days elapsed, so 30 days and 23 hours is 30):
- inactivity: more than INACTIVITY_DAYS since the last activity. An account with no
  recorded activity at all is treated as inactive: there is no evidence of engagement.
- stalled_deals: an open deal whose stage has not changed for more than STALLED_DEAL_DAYS.
- engagement_drop: activities in the last ENGAGEMENT_WINDOW_DAYS are fewer than half of
  those in the window before it (no drop is possible when the earlier window had none).
- renewal_near: contract_end is at most RENEWAL_WINDOW_DAYS away, or already passed.
- at_risk_status: the account's status is ``at_risk``.
Score = 100 minus the penalties of the signals that fire, never below 0; the band is the
highest band whose floor the score reaches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.conf import settings

# The signal names (a contract: APIs, filters and stored history use them), in rule order.
SIGNALS = ("inactivity", "stalled_deals", "engagement_drop", "renewal_near", "at_risk_status")


@dataclass(frozen=True)
class HealthFacts:
    status: str
    last_activity_at: dt.datetime | None
    recent_activity_count: int
    prior_activity_count: int
    open_deal_count: int
    stalled_deal_count: int
    contract_end: dt.date | None


@dataclass(frozen=True)
class Signal:
    code: str
    detail: str
    penalty: int


@dataclass(frozen=True)
class HealthReport:
    score: int
    band: str
    signals: list[Signal] = field(default_factory=list)
    facts: HealthFacts | None = None

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "band": self.band,
            "signals": [asdict(signal) for signal in self.signals],
        }


def rules() -> dict:
    return settings.ACCOUNT_HEALTH


def days_between(earlier: dt.datetime, later: dt.datetime) -> int:
    return (later - earlier).days


def evaluate(facts: HealthFacts, *, now: dt.datetime) -> HealthReport:
    config = rules()
    penalties = config["PENALTIES"]
    signals: list[Signal] = []

    if facts.last_activity_at is None:
        signals.append(Signal("inactivity", "No recorded activity.", penalties["inactivity"]))
    else:
        idle_days = days_between(facts.last_activity_at, now)
        if idle_days > config["INACTIVITY_DAYS"]:
            signals.append(Signal("inactivity", f"No activity for {idle_days} days.", penalties["inactivity"]))

    if facts.stalled_deal_count:
        signals.append(
            Signal(
                "stalled_deals",
                f"{facts.stalled_deal_count} open deal(s) unchanged in stage for more than "
                f"{config['STALLED_DEAL_DAYS']} days.",
                penalties["stalled_deals"],
            )
        )

    if facts.prior_activity_count and facts.recent_activity_count * 2 < facts.prior_activity_count:
        window = config["ENGAGEMENT_WINDOW_DAYS"]
        signals.append(
            Signal(
                "engagement_drop",
                f"{facts.recent_activity_count} activities in the last {window} days against "
                f"{facts.prior_activity_count} in the {window} days before.",
                penalties["engagement_drop"],
            )
        )

    if facts.contract_end is not None:
        days_left = (facts.contract_end - now.date()).days
        if days_left <= config["RENEWAL_WINDOW_DAYS"]:
            detail = (
                f"Contract ends in {days_left} days ({facts.contract_end.isoformat()})."
                if days_left >= 0
                else f"Contract ended {-days_left} days ago ({facts.contract_end.isoformat()})."
            )
            signals.append(Signal("renewal_near", detail, penalties["renewal_near"]))

    if facts.status == "at_risk":
        signals.append(Signal("at_risk_status", "Account is marked at risk.", penalties["at_risk_status"]))

    score = max(0, 100 - sum(signal.penalty for signal in signals))
    return HealthReport(score=score, band=band_for(score), signals=signals, facts=facts)


def band_for(score: int) -> str:
    floors = sorted(rules()["BANDS"].items(), key=lambda item: item[1], reverse=True)
    for band, floor in floors:
        if score >= floor:
            return band
    return floors[-1][0]


def band_names() -> list[str]:
    return list(rules()["BANDS"])
