"""The morning brief's "actions due" section: a manager's open actions due today or overdue.

The brief lives in ``accounts.briefs`` and takes other apps' sections through its hook
(``register_section``), since ``accounts`` never imports ``copilot``; ``CopilotConfig.ready``
registers this one when that hook exists."""

from __future__ import annotations

import datetime as dt

from copilot.actions.selectors import due_actions

SECTION_KEY = "actions"


def due_actions_section(user, *, day: dt.date):
    from accounts.briefs.sections import BriefItem, BriefSection  # present once the briefs are

    items = [
        BriefItem(
            headline=f"{action.title} ({action.get_kind_display().lower()}, {action.priority} priority)",
            lines=[
                ("Due today" if action.due_on == day else f"Overdue since {action.due_on.isoformat()}")
                + f" · {action.get_status_display()}",
                action.rationale,
            ],
            account_id=action.account.external_id,
            account_name=action.account.name,
        )
        for action in due_actions(user, day=day)
    ]
    if not items:
        return None
    return BriefSection(key=SECTION_KEY, title="Actions due today or overdue", items=items)
