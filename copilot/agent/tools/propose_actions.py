"""``propose_actions``: the model's next-best actions for the conversation's account, stored as
proposed recommendations the manager can accept, dismiss or do (``copilot.actions``). The account
is the conversation's, never an argument; at most five are stored per call, never a second open
one with the same title."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictInt, field_validator

from accounts.models import Activity
from accounts.selectors import visible_accounts
from copilot.actions.services import MAX_PER_CALL, Proposal, recommendations_propose
from copilot.agent.tools.base import Arguments, Tool, ToolContext, ToolRefusal
from copilot.models import Recommendation

MAX_LISTED = 20  # more than this in one call is a malformed call, not a list to pick from

ActivityKind = Literal[tuple(Activity.Kind.values)]
Priority = Literal[tuple(Recommendation.Priority.values)]


class ProposedAction(Arguments):
    title: str = Field(
        ..., min_length=1, max_length=200, description="What to do, short and specific, e.g. 'Call the CFO'."
    )
    kind: ActivityKind = Field(..., description="What the action is: it is logged as this kind of activity.")
    priority: Priority
    due_in_days: StrictInt = Field(..., ge=0, le=365, description="Days from today until it is due (0: today).")
    rationale: str = Field(..., min_length=1, max_length=2000, description="Why, from the account's facts.")

    @field_validator("title", "rationale")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Must not be blank.")
        return value


class ProposeActions(Arguments):
    actions: list[ProposedAction] = Field(
        ...,
        min_length=1,
        max_length=MAX_LISTED,
        description=f"The actions, most important first; at most {MAX_PER_CALL} are stored per call.",
    )


def propose(context: ToolContext, arguments: ProposeActions) -> dict:
    account = context.account
    if context.user is not None and not visible_accounts(context.user).filter(pk=account.pk).exists():
        raise ToolRefusal("account", "The conversation's account was not found.")  # never another's book
    proposals = [Proposal(**action.model_dump()) for action in arguments.actions]
    outcome = recommendations_propose(account=account, proposals=proposals, request=context.request, user=context.user)
    return {
        "account": account.external_id,
        "stored": [
            {
                "id": stored.pk,
                "title": stored.title,
                "kind": stored.kind,
                "priority": stored.priority,
                "due_on": stored.due_on.isoformat(),
            }
            for stored in outcome.stored
        ],
        "refused": [
            {"index": index, "title": proposal.title, "reason": why} for index, proposal, why in outcome.refused
        ],
    }


TOOL = Tool(
    name="propose_actions",
    description=(
        "Propose next-best actions for the account this conversation is about; the manager accepts, dismisses "
        f"or does them. At most {MAX_PER_CALL} are stored per call, and an action whose title the account already "
        "has open is refused. Answers which were stored (with their due dates) and which were refused and why."
    ),
    arguments=ProposeActions,
    function=propose,
    about_account=True,
)
