"""A turn: one question to the copilot, whichever entry it came by, from its admission to its
answer on the thread's record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import transaction

from accounts.history.selectors import with_stored_health
from accounts.models import Account
from accounts.selectors import visible_accounts
from copilot.analysis.service import Finished, Prepared, StepFinished, analysis_astream
from copilot.conversations import services as conversations
from copilot.conversations.messages import Message, for_provider
from copilot.errors import CopilotError, ErrorCode
from copilot.frontdoor import guard, limits
from copilot.models import AnalysisRequest, Thread


@dataclass(frozen=True)
class Turn:
    """What an entry received. ``account_id`` names the account; without it, an AG-UI run
    (``account_from_thread``) stays about its thread's account, a seed request has none."""

    user: Any
    agent: str
    source: str
    messages: tuple[Message, ...]
    thread_key: str | None = None
    run_id: str | None = None
    account_id: str | None = None
    account_from_thread: bool = False
    task: str | None = None
    context: tuple[dict, ...] = ()
    tools: tuple[dict, ...] = ()
    forwarded_props: Any = None
    state: Any = None
    stream: bool = True  # False: the entry shows nothing until the end, so one JSON answer is asked for


class MessageIds(Protocol):
    """The ids an entry gives a turn's messages on the thread: the ids its client knows them by."""

    def reply_id(self, record: AnalysisRequest) -> str:
        """The answer's (the turn's last step)."""

    def step_id(self, record: AnalysisRequest) -> str:
        """A step's that is not the answer."""


class OpenTurn:
    """An admitted turn: its thread opened with the question stored, its first provider call
    recorded, and the analysis started (``answer``, its ``Prepared`` event read)."""

    def __init__(self, turn: Turn, ids: MessageIds):
        self.turn = turn
        self.ids = ids
        self.thread: Thread | None = None
        self.account: Account | None = None
        self.prepared: Prepared | None = None
        self.answer: AsyncIterator | None = None

    def open(self) -> tuple[Thread, Account | None]:
        """The thread (refused when another user's) and the account, and the question stored."""
        turn = self.turn
        thread = conversations.thread_of(turn.user, turn.thread_key)
        account = None
        if turn.account_id:
            account = _visible_account(turn.user, turn.account_id)
            if account is None:
                raise CopilotError(ErrorCode.ACCOUNT_NOT_FOUND, f"No account '{turn.account_id}'.", field="account_id")
        elif turn.account_from_thread and thread is not None and thread.account_id:
            account = _visible_account(turn.user, thread.account.external_id)
        with transaction.atomic():
            thread, created = conversations.thread_for_turn(turn.user, turn.thread_key, account, found=thread)
            conversations.messages_save(thread, turn.messages, new=created)
        self.thread, self.account = thread, account
        return thread, account

    def step_store(self, step: StepFinished) -> None:
        """A step of the turn on the thread: the model's words and tool calls under the message id
        ``ids`` give it, then the server tools' results."""
        record = step.result.record
        conversations.reply_save(
            self.thread,
            message_id=self.ids.reply_id(record) if step.final else self.ids.step_id(record),
            record=record,
            tool_results=step.tool_results,
        )


def _visible_account(user, external_id: str) -> Account | None:
    """The account, its stored health (the prompt's facts) joined in."""
    return with_stored_health(visible_accounts(user)).filter(external_id=external_id).first()


def _check(turn: Turn) -> list[dict]:
    limits.check_id(turn.thread_key, "threadId")
    limits.check_id(turn.run_id, "runId")
    limits.check_messages(turn.messages)
    limits.check_context(turn.context)
    limits.check_tools(turn.tools)
    limits.check_props(turn.forwarded_props, "forwardedProps")
    limits.check_props(turn.state, "state")
    return for_provider(turn.messages)


async def turn_admit(turn: Turn, ids: MessageIds) -> OpenTurn:
    """Check the turn against the limits, count it against the caller's calls, record the question
    on its thread and the first provider call: one database step, and a ``CopilotError`` (4xx)
    before anything is sent to a provider or streamed when refused. Its messages are stored under
    ``ids``' ids."""
    provider_messages = _check(turn)
    guard.call_admit(turn.user)
    opened = OpenTurn(turn, ids)
    opened.answer = analysis_astream(
        user=turn.user,
        messages=provider_messages,
        agent=turn.agent,
        source=turn.source,
        stream=turn.stream,
        tools=turn.tools,
        context=turn.context,
        task=turn.task,
        opening=opened.open,
        step_record=opened.step_store,
    )
    # Started here, so a refusal is this call's error; once started, a stream closed or dropped
    # unread records its call as cancelled.
    opened.prepared = await anext(opened.answer)
    return opened


def step_message_id(record: AnalysisRequest) -> str:
    """The id a turn's step (not its answer) is stored under when its entry gives none."""
    return f"step-{record.pk}"


async def turn_astream(opened: OpenTurn) -> AsyncIterator:
    """``analysis_astream``'s events for the turn (``Prepared`` first). Each step is stored on the
    thread before its ``StepFinished`` is passed on (``OpenTurn.step_store``), so a client that
    reloads at once finds it."""
    async with aclosing(opened.answer):  # a consumer gone closes the analysis: its call is cancelled
        yield opened.prepared
        async for event in opened.answer:
            yield event


async def turn_arun(opened: OpenTurn):
    """``turn_astream``, waiting for the result."""
    async for event in turn_astream(opened):
        if isinstance(event, Finished):
            return event.result
    raise AssertionError("an analysis always ends with its result or an error")
