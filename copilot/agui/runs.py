"""One AG-UI run as its events: the analysis service's stream, in the order the clients verify.

RUN_STARTED; STATE_SNAPSHOT with the account's facts; then each provider call of the turn as a
step (STEP_STARTED … STEP_FINISHED, one assistant message each): its text (TEXT_MESSAGE_START,
CONTENT as the tokens arrive, END), the tools it calls (TOOL_CALL_START, ARGS, END) and, for the
server's own tools, their JSON answers (TOOL_CALL_RESULT); RUN_FINISHED once every message, call
and step is closed. A frontend tool's call ends the run for the client to act on. Any failure is
RUN_ERROR with the documented error code, and nothing after it.
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
    StepFinishedEvent,
    StepStartedEvent,
    TextMessageContentEvent,
    TextMessageEndEvent,
    TextMessageStartEvent,
    ToolCallArgsEvent,
    ToolCallEndEvent,
    ToolCallResultEvent,
    ToolCallStartEvent,
)

from copilot import gateway
from copilot.agui import stops, translate
from copilot.analysis.prompts import AccountFacts
from copilot.analysis.service import Finished, Prepared, StepFinished, StepStarted, ToolResult
from copilot.conversations import services as conversations
from copilot.errors import CopilotError, ErrorCode
from copilot.frontdoor.turns import OpenTurn, turn_astream

logger = structlog.get_logger(__name__)


def _now_ms() -> int:
    return int(time.time() * 1000)


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


class RunStream:
    """What of a run's stream is open: its step, and the step's assistant message, whose id the
    step is stored under on the thread (the turn's ``MessageIds``)."""

    def __init__(self):
        self.message_id = f"msg-{uuid.uuid4()}"
        self.step: str | None = None
        self.text_open = False

    def reply_id(self, record) -> str:
        return self.message_id

    def step_id(self, record) -> str:
        return self.message_id

    def end_text(self) -> list[BaseEvent]:
        if not self.text_open:
            return []
        self.text_open = False
        return [TextMessageEndEvent(message_id=self.message_id, timestamp=_now_ms())]

    def end_step(self) -> list[BaseEvent]:
        events = self.end_text()
        if self.step is not None:
            events.append(StepFinishedEvent(step_name=self.step, timestamp=_now_ms()))
            self.step = None
        return events

    def events_of(self, event) -> list[BaseEvent]:
        """The AG-UI events of one event of the turn."""
        if isinstance(event, StepStarted):
            self.message_id = f"msg-{uuid.uuid4()}"  # each step is one assistant message
            self.step = f"step-{event.step}"
            return [StepStartedEvent(step_name=self.step, timestamp=_now_ms())]
        if isinstance(event, gateway.TextDelta):
            events = []
            if not self.text_open:
                self.text_open = True
                events.append(TextMessageStartEvent(message_id=self.message_id, role="assistant", timestamp=_now_ms()))
            events.append(TextMessageContentEvent(message_id=self.message_id, delta=event.text, timestamp=_now_ms()))
            return events
        if isinstance(event, StepFinished):  # stored on the thread before the client sees it end
            return self.end_step()
        events = self.end_text()  # a tool call: the text before it is complete
        if isinstance(event, gateway.ToolCallStarted):
            events.append(
                ToolCallStartEvent(
                    tool_call_id=event.id,
                    tool_call_name=event.name,
                    parent_message_id=self.message_id,
                    timestamp=_now_ms(),
                )
            )
        elif isinstance(event, gateway.ToolCallArguments):
            events.append(ToolCallArgsEvent(tool_call_id=event.id, delta=event.delta, timestamp=_now_ms()))
        elif isinstance(event, gateway.ToolCallEnded):
            events.append(ToolCallEndEvent(tool_call_id=event.id, timestamp=_now_ms()))
        elif isinstance(event, ToolResult):
            events.append(
                ToolCallResultEvent(
                    message_id=conversations.tool_result_message_id(event.id),
                    tool_call_id=event.id,
                    content=event.content,
                    role="tool",
                    timestamp=_now_ms(),
                )
            )
        return events


async def run_events(opened: OpenTurn, run: RunAgentInput, state: RunStream) -> AsyncIterator[BaseEvent]:
    """A run's events, from RUN_STARTED to RUN_FINISHED or RUN_ERROR: its turn admitted with
    ``state`` as its ``MessageIds``."""
    user = opened.turn.user
    yield RunStartedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms())
    stop = stops.watch(user.pk, run.thread_id)
    try:
        answer = turn_astream(opened)
        answered_by = None
        try:
            async for event in answer:
                if await stop.requested():
                    break  # closing the stream below cancels the provider call
                if isinstance(event, Prepared):
                    yield StateSnapshotEvent(snapshot=_state(event.facts), timestamp=_now_ms())
                elif isinstance(event, Finished):
                    answered_by = _answered_by(event.result.record)  # the first attempt is loaded with it
                else:
                    for agui_event in state.events_of(event):
                        yield agui_event
        finally:
            await answer.aclose()
        for agui_event in state.end_step():
            yield agui_event
        finished = {"result": answered_by} if answered_by else {}  # left out, not null, when stopped
        yield RunFinishedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms(), **finished)
    except CopilotError as error:
        # The call's id rides in rawEvent (optional in AG-UI) so the app can quote it to the manager.
        raw = {"raw_event": {"requestId": str(error.request_id)}} if error.request_id is not None else {}
        yield RunErrorEvent(message=error.message, code=error.code.value, timestamp=_now_ms(), **raw)
    except Exception:
        logger.exception("agui_run_failed", thread_id=run.thread_id)
        yield RunErrorEvent(
            message="The run failed unexpectedly; the error has been logged.",
            code=ErrorCode.INTERNAL_ERROR.value,
            timestamp=_now_ms(),
        )
    finally:
        stop.close()


def stored_conversation(user, run: RunAgentInput) -> list:
    """The run's thread as AG-UI messages (none for a thread not made yet); PERMISSION_DENIED when
    it is another user's."""
    return translate.agui_messages(conversations.stored_messages(conversations.thread_of(user, run.thread_id)))


async def connect_events(run: RunAgentInput, messages: list) -> AsyncIterator[BaseEvent]:
    """A stored thread replayed: RUN_STARTED, MESSAGES_SNAPSHOT, RUN_FINISHED."""
    yield RunStartedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms())
    yield MessagesSnapshotEvent(messages=messages, timestamp=_now_ms())
    yield RunFinishedEvent(thread_id=run.thread_id, run_id=run.run_id, timestamp=_now_ms())
