"""What a brief is made of, and the hook through which other apps add sections to it.

A section is a titled list of items, each usually about one account (the email links to the
account's page in the app). The brief's own sections (accounts that changed, renewals) are built
by ``accounts.briefs.selectors``; another app adds one by registering a provider from its
``AppConfig.ready``, since ``accounts`` never imports the apps that build on it::

    from accounts.briefs.sections import BriefItem, BriefSection, register_section

    def due_actions(user, *, day):
        actions = ...  # the manager's open actions due on ``day`` or before
        return BriefSection(key="actions", title="Actions due today or overdue",
                            items=[BriefItem(account_id=..., account_name=..., headline=..., lines=[...])])

    class CopilotConfig(AppConfig):
        def ready(self):
            register_section("actions", due_actions)

A provider is called once per manager and day with the manager (a user who owns accounts and has
briefs on) and answers a section or None. Registered sections come after the brief's own, in
registration order; registering the same key again replaces the provider. A brief is sent when any
section, a registered one included, has an item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BriefItem:
    headline: str
    lines: list[str] = field(default_factory=list)  # details under the headline, one per line
    account_id: str | None = None  # external id: the item links to the account's page
    account_name: str | None = None


@dataclass(frozen=True)
class BriefSection:
    key: str  # stable name, recorded with what was sent
    title: str
    items: list[BriefItem]
    intro: str = ""


SectionProvider = Callable[..., BriefSection | None]  # (user, *, day) -> section or None

_providers: dict[str, SectionProvider] = {}


def register_section(key: str, provider: SectionProvider) -> None:
    """Add (or replace) the section ``key`` of every brief, built by ``provider(user, day=day)``."""
    _providers[key] = provider


def unregister_section(key: str) -> None:
    _providers.pop(key, None)


def registered_sections(user, *, day: dt.date) -> list[BriefSection]:
    """The registered providers' sections for ``user`` on ``day``, in registration order."""
    sections = []
    for provider in list(_providers.values()):
        section = provider(user, day=day)
        if section is not None:
            sections.append(section)
    return sections
