"""One AG-UI run as its events: the analysis service's stream, in the order the clients verify.

RUN_STARTED; STATE_SNAPSHOT with the account's facts; the assistant's text (TEXT_MESSAGE_START,
CONTENT as the tokens arrive, END) and the frontend tools it calls (TOOL_CALL_START, ARGS, END);
RUN_FINISHED once every message and call is closed. Any failure is RUN_ERROR with the documented
error code, and nothing after it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import structlog
from ag_ui.core import (
    BaseEvent,
    MessagesSnapshotEvent,
    RunAgentInput,
    RunErrorEvent,
    RunFinishedEvent,
    RunStartedEvent,
    StateSnapshotEvent,
    TextMessageContentEvent,
    TextMessageEndEvent,
    TextMessageStartEvent,
    ToolCallArgsEvent,
    ToolCallEndEvent,
    ToolCallStartEvent,
)
from asgiref.sync import sync_to_async

from accounts.selectors import visible_account
from copilot import gateway
from copilot.agui import stops, threads, translate
from copilot.analysis.prompts import AccountFacts
from copilot.analysis.service import Finished, Prepared, analysis_astream
from copilot.errors import CopilotError, ErrorCode
from copilot.models import Source

logger = structlog.get_logger(__name__)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _forwarded(run: RunAgentInput, name: str) -> str | None:
    """A run's setting: ``forwardedProps.<name>``, else ``state.<name>`` (a non-empty string)."""
    for source in (run.forwarded_props, run.state):
        if isinstance(source, dict) and isinstance(source.get(name), str) and source[name]:
            return source[name]
    return None


def _answered_by(record) -> dict:
    """RUN_FINISHED's result: the call that answered, and the attempt it stood in for (the
    service hands the answering record over with its first attempt loaded)."""
    result = {"requestId": str(record.pk), "model": record.model, "provider": record.provider, "task": record.task}
    if record.fallback_of_id is not None:
        first = record.fallback_of
        result["fallbackFrom"] = {
            "requestId": str(first.pk),
            "model": first.model,
            "provider": first.provider,
            "code": first.error_code,
        }
    return result


def _prepare(user, run: RunAgentInput):
    """The run's thread (refused when it is another user's) and account, in one thread hop."""
    external_id = _forwarded(run, "account_id")
    thread = threads.thread_of(user, run.thread_id)
    account = None
    if external_id:
        account = visible_account(user, external_id)
        if account is None:
            raise CopilotError(ErrorCode.ACCOUNT_NOT_FOUND, f"No account '{external_id}'.", field="account_id")
    elif thread is not None and thread.account_id:
        account = visible_account(user, thread.account.external_id)
    thread = threads.thread_for_run(user, run.thread_id, account, found=thread)
    threads.messages_save(thread, run.messages)
    return thread, account


def _state(facts: AccountFacts | None) -> dict:
    """The STATE_SNAPSHOT: what the model is told about the account (owner loaded with it)."""
    if facts is None:
        return {"account": None}
    account, report = facts.account, facts.health
    return {
        "account": {
            "id": account.external_id,
            "name": account.name,
            "status": account.status,
            "owner": account.owner.username if account.owner else None,
        },
        "health": {"score": report.score, "band": report.band, "signals": report.as_dict()["signals"]},
    }


async def run_events(*, user, agent: str, run: RunAgentInput) -> AsyncIterator[BaseEvent]:
    yield RunStartedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms())
    message_id = f"msg-{uuid.uuid4()}"
    text_open = False
    stop = stops.watch(user.pk, run.thread_id)
    try:
        thread, account = await sync_to_async(_prepare)(user, run)
        answer = analysis_astream(
            user=user,
            messages=translate.conversation(run),
            account=account,
            agent=agent,
            source=Source.AGUI,
            tools=translate.tools(run),
            context=translate.context(run),
            thread=thread,
            task=_forwarded(run, "task"),
        )
        answered_by = None
        try:
            async for event in answer:
                if await stop.requested():
                    break  # closing the stream below cancels the provider call
                if isinstance(event, Prepared):
                    yield StateSnapshotEvent(snapshot=_state(event.facts), timestamp=_now_ms())
                    continue
                if isinstance(event, gateway.TextDelta):
                    if not text_open:
                        text_open = True
                        yield TextMessageStartEvent(message_id=message_id, role="assistant", timestamp=_now_ms())
                    yield TextMessageContentEvent(message_id=message_id, delta=event.text, timestamp=_now_ms())
                    continue
                if isinstance(event, Finished):  # stored before the client sees the text end
                    record = event.result.record
                    await sync_to_async(threads.reply_save)(thread, message_id=message_id, record=record)
                    answered_by = _answered_by(record)  # the first attempt is loaded with it
                    continue
                if text_open:  # a tool call: the text before it is complete
                    text_open = False
                    yield TextMessageEndEvent(message_id=message_id, timestamp=_now_ms())
                if isinstance(event, gateway.ToolCallStarted):
                    yield ToolCallStartEvent(
                        tool_call_id=event.id,
                        tool_call_name=event.name,
                        parent_message_id=message_id,
                        timestamp=_now_ms(),
                    )
                elif isinstance(event, gateway.ToolCallArguments):
                    yield ToolCallArgsEvent(tool_call_id=event.id, delta=event.delta, timestamp=_now_ms())
                elif isinstance(event, gateway.ToolCallEnded):
                    yield ToolCallEndEvent(tool_call_id=event.id, timestamp=_now_ms())
        finally:
            await answer.aclose()
        if text_open:
            yield TextMessageEndEvent(message_id=message_id, timestamp=_now_ms())
        finished = {"result": answered_by} if answered_by else {}  # left out, not null, when stopped
        yield RunFinishedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms(), **finished)
    except CopilotError as error:
        yield RunErrorEvent(message=error.message, code=error.code.value, timestamp=_now_ms())
    except Exception:
        logger.exception("agui_run_failed", thread_id=run.thread_id)
        yield RunErrorEvent(
            message="The run failed unexpectedly; the error has been logged.",
            code=ErrorCode.INTERNAL_ERROR.value,
            timestamp=_now_ms(),
        )
    finally:
        stop.close()


async def connect_events(*, user, run: RunAgentInput) -> AsyncIterator[BaseEvent]:
    """A stored thread replayed: RUN_STARTED, MESSAGES_SNAPSHOT, RUN_FINISHED (empty when unknown)."""
    yield RunStartedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms())
    try:
        thread = await sync_to_async(threads.thread_of)(user, run.thread_id)
        messages = await sync_to_async(threads.snapshot)(thread)
    except CopilotError as error:
        yield RunErrorEvent(message=error.message, code=error.code.value, timestamp=_now_ms())
        return
    yield MessagesSnapshotEvent(messages=messages, timestamp=_now_ms())
    yield RunFinishedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms())
