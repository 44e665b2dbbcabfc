"""A turn: one question to the copilot, whichever entry it came by, from its admission to its
answer on the thread's record."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async

from accounts.models import Account
from accounts.selectors import visible_account
from copilot.analysis.service import Finished, StepFinished, analysis_astream
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


@dataclass(frozen=True)
class OpenTurn:
    """An admitted turn: its thread (with the question stored) and account."""

    turn: Turn
    thread: Thread
    account: Account | None
    provider_messages: list[dict]


def _check(turn: Turn) -> list[dict]:
    limits.check_id(turn.thread_key, "threadId")
    limits.check_id(turn.run_id, "runId")
    limits.check_messages(turn.messages)
    limits.check_context(turn.context)
    limits.check_tools(turn.tools)
    limits.check_props(turn.forwarded_props, "forwardedProps")
    limits.check_props(turn.state, "state")
    return for_provider(turn.messages)


def _open(turn: Turn, provider_messages: list[dict]) -> OpenTurn:
    """The thread (refused when another user's) and the account, and the question stored."""
    thread = conversations.thread_of(turn.user, turn.thread_key)
    account = None
    if turn.account_id:
        account = visible_account(turn.user, turn.account_id)
        if account is None:
            raise CopilotError(ErrorCode.ACCOUNT_NOT_FOUND, f"No account '{turn.account_id}'.", field="account_id")
    elif turn.account_from_thread and thread is not None and thread.account_id:
        account = visible_account(turn.user, thread.account.external_id)
    thread = conversations.thread_for_turn(turn.user, turn.thread_key, account, found=thread)
    conversations.messages_save(thread, turn.messages)
    return OpenTurn(turn, thread, account, provider_messages)


async def turn_admit(turn: Turn) -> OpenTurn:
    """Check the turn against the limits, count it against the caller's calls, and record the
    question on its thread; a ``CopilotError`` (4xx) before anything is stored when refused."""
    provider_messages = _check(turn)
    guard.call_admit(turn.user)
    return await sync_to_async(_open)(turn, provider_messages)


def step_message_id(record: AnalysisRequest) -> str:
    """The id a turn's step (not its answer) is stored under when its entry gives none."""
    return f"step-{record.pk}"


async def turn_astream(
    opened: OpenTurn,
    *,
    reply_id: Callable[[AnalysisRequest], str],
    step_id: Callable[[AnalysisRequest], str] = step_message_id,
) -> AsyncIterator:
    """``analysis_astream``'s events for the turn. Each step is stored on the thread before its
    ``StepFinished`` is passed on (the model's words and tool calls as message ``step_id(record)``,
    ``reply_id(record)`` for the answer, then the server tools' results), so a client that reloads
    at once finds it."""
    turn = opened.turn
    answer = analysis_astream(
        user=turn.user,
        messages=opened.provider_messages,
        account=opened.account,
        agent=turn.agent,
        source=turn.source,
        tools=turn.tools,
        context=turn.context,
        thread=opened.thread,
        task=turn.task,
    )
    async with aclosing(answer):  # a consumer gone closes the analysis: its call is cancelled
        async for event in answer:
            if isinstance(event, StepFinished):
                record = event.result.record
                await sync_to_async(conversations.reply_save)(
                    opened.thread,
                    message_id=(reply_id if event.final else step_id)(record),
                    record=record,
                    tool_results=event.tool_results,
                )
            yield event


async def turn_arun(opened: OpenTurn, *, reply_id: Callable[[AnalysisRequest], str]):
    """``turn_astream``, waiting for the result."""
    async for event in turn_astream(opened, reply_id=reply_id):
        if isinstance(event, Finished):
            return event.result
    raise AssertionError("an analysis always ends with its result or an error")
