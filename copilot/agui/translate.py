"""AG-UI's shapes into the Messages API's: the conversation, the frontend tools, the page context."""

from __future__ import annotations

import json

from ag_ui.core import AssistantMessage, RunAgentInput, ToolMessage, UserMessage
from django.conf import settings

from copilot.errors import CopilotError, ErrorCode


def _text(content) -> str:
    """A message's text: a string, or the text parts of its content."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(getattr(part, "text", "") or "" for part in content)


def _arguments(raw: str, where: str) -> dict:
    try:
        arguments = json.loads(raw or "{}")
    except json.JSONDecodeError:
        raise CopilotError(ErrorCode.VALIDATION_ERROR, "A tool call's arguments are not JSON.", field=where) from None
    if not isinstance(arguments, dict):
        raise CopilotError(ErrorCode.VALIDATION_ERROR, "A tool call's arguments must be an object.", field=where)
    return arguments


def conversation(run: RunAgentInput) -> list[dict]:
    """The run's messages as Messages API messages. System and developer messages are left out
    (the system prompt is the server's); a tool's result goes back as the user's tool_result;
    consecutive messages of one role are joined, and the conversation starts with the user."""
    if len(run.messages) > settings.COPILOT_MAX_MESSAGES:
        raise CopilotError(
            ErrorCode.VALIDATION_ERROR,
            f"Too many messages: {len(run.messages)}; the limit is {settings.COPILOT_MAX_MESSAGES}.",
            field="messages",
        )
    turns: list[tuple[str, list[dict]]] = []
    for index, message in enumerate(run.messages):
        where = f"messages[{index}]"
        if isinstance(message, UserMessage):
            role, blocks = "user", [{"type": "text", "text": _checked(_text(message.content), where)}]
        elif isinstance(message, AssistantMessage):
            role = "assistant"
            blocks = [{"type": "text", "text": message.content}] if message.content else []
            blocks += [
                {
                    "type": "tool_use",
                    "id": call.id,
                    "name": call.function.name,
                    "input": _arguments(call.function.arguments, f"{where}.toolCalls"),
                }
                for call in message.tool_calls or []
            ]
        elif isinstance(message, ToolMessage):
            result = _checked(_text(message.content) or message.error or "", where)
            role, blocks = "user", [{"type": "tool_result", "tool_use_id": message.tool_call_id, "content": result}]
        else:
            continue
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
            ErrorCode.VALIDATION_ERROR, "The run has no user message or tool result to answer.", field="messages"
        )
    return [{"role": role, "content": _plain(blocks)} for role, blocks in turns]


def _checked(text: str, where: str) -> str:
    limit = settings.COPILOT_MAX_MESSAGE_CHARS
    if len(text) > limit:
        raise CopilotError(
            ErrorCode.VALIDATION_ERROR, f"Too long: {len(text)} characters; the limit is {limit}.", field=where
        )
    return text


def _plain(blocks: list[dict]) -> str | list[dict]:
    """A lone text block as a plain string, as the seed's endpoint sends it."""
    if len(blocks) == 1 and blocks[0]["type"] == "text":
        return blocks[0]["text"]
    return blocks


def tools(run: RunAgentInput) -> list[dict]:
    """The frontend's tools as Anthropic tool definitions."""
    return [
        {
            "name": tool.name,
            "description": tool.description,
            "input_schema": tool.parameters or {"type": "object", "properties": {}},
        }
        for tool in run.tools or []
    ]


def context(run: RunAgentInput) -> list[dict]:
    return [{"description": entry.description, "value": entry.value} for entry in run.context or []]
