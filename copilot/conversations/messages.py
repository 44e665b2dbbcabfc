"""A conversation's messages in one shape, and the Messages API's view of them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from copilot.errors import CopilotError, ErrorCode


@dataclass(frozen=True)
class Message:
    """One message as a thread stores it: the user's, the assistant's (text and the tools it
    called, ``[{id, name, arguments}]`` with arguments as JSON text), or a tool's result."""

    id: str
    role: str  # user, assistant or tool
    content: str
    tool_calls: list[dict] = field(default_factory=list)
    tool_call_id: str = ""


def positional_id(index: int, role: str, content: str) -> str:
    """An id for a message that came without one (the seed's shape): the same message at the same
    place of a resent history has the same id, so a thread stores it once."""
    digest = hashlib.sha256(f"{role}\n{content}".encode()).hexdigest()[:16]
    return f"m{index}-{digest}"


def _arguments(raw: str, where: str) -> dict:
    try:
        arguments = json.loads(raw or "{}")
    except json.JSONDecodeError:
        raise CopilotError(ErrorCode.VALIDATION_ERROR, "A tool call's arguments are not JSON.", field=where) from None
    if not isinstance(arguments, dict):
        raise CopilotError(ErrorCode.VALIDATION_ERROR, "A tool call's arguments must be an object.", field=where)
    return arguments


def for_provider(messages: Sequence[Message]) -> list[dict]:
    """The conversation as Messages API messages: a tool's result goes back as the user's
    tool_result; consecutive messages of one role are joined; it starts with the user and must
    end with the user's question or a tool's result (else a 400 naming ``messages``)."""
    turns: list[tuple[str, list[dict]]] = []
    for index, message in enumerate(messages):
        if message.role == "user":
            role, blocks = "user", [{"type": "text", "text": message.content}]
        elif message.role == "assistant":
            role = "assistant"
            blocks = [{"type": "text", "text": message.content}] if message.content else []
            blocks += [
                {
                    "type": "tool_use",
                    "id": call["id"],
                    "name": call["name"],
                    "input": _arguments(call["arguments"], f"messages[{index}].toolCalls"),
                }
                for call in message.tool_calls
            ]
        else:
            role = "user"
            blocks = [{"type": "tool_result", "tool_use_id": message.tool_call_id, "content": message.content}]
        if not blocks:
            continue
        if turns and turns[-1][0] == role:
            turns[-1][1].extend(blocks)
        else:
            turns.append((role, blocks))
    while turns and turns[0][0] != "user":
        turns.pop(0)
    if not turns or turns[-1][0] != "user":
        raise CopilotError(
            ErrorCode.VALIDATION_ERROR,
            "The last message must come from the user (or be a tool's result).",
            field="messages",
        )
    return [{"role": role, "content": _plain(blocks)} for role, blocks in turns]


def _plain(blocks: list[dict]) -> str | list[dict]:
    """A lone text block as a plain string, as the seed's clients send it."""
    if len(blocks) == 1 and blocks[0]["type"] == "text":
        return blocks[0]["text"]
    return blocks


def tool_calls_text(calls: list[dict]) -> str:
    """The tools an assistant message called, one a line (for the admin)."""
    return "\n".join(f"{call['name']}({json.dumps(json.loads(call['arguments'] or '{}'))})" for call in calls)
