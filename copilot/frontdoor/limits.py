"""The limits of one turn, each a setting, checked before anything is stored or sent; a refusal
names the field at fault and the limit."""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings

from copilot.agent.tools import is_server_tool
from copilot.errors import CopilotError, ErrorCode

# The seed route's thread id: what the thread's key column holds, safe in URLs and logs.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$"
ID_RULE = "Use up to 200 letters, digits, '_', '.', ':' or '-', starting with a letter or digit."
# What Anthropic-compatible providers accept as a tool's name.
TOOL_NAME_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"

_id = re.compile(ID_PATTERN)
_tool_name = re.compile(TOOL_NAME_PATTERN)


def _refuse(field: str, message: str) -> CopilotError:
    return CopilotError(ErrorCode.VALIDATION_ERROR, f"{field}: {message}", field=field)


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def check_id(value: str | None, field: str) -> None:
    if value is not None and not _id.match(value):
        raise _refuse(field, ID_RULE)


def check_messages(messages) -> None:
    """Count, each message's characters (what the client writes: its questions and tool results;
    the assistant's own answers and the server tools' results count only in the total), the
    total, and every id."""
    limit = settings.COPILOT_MAX_MESSAGES
    if len(messages) > limit:
        raise _refuse("messages", f"Too many messages: {len(messages)}; the limit is {limit}.")
    per_message, total_limit, total = settings.COPILOT_MAX_MESSAGE_CHARS, settings.COPILOT_MAX_CONVERSATION_CHARS, 0
    server_calls = {call["id"] for message in messages for call in message.tool_calls if is_server_tool(call["name"])}
    for index, message in enumerate(messages):
        where = f"messages[{index}]"
        check_id(message.id, f"{where}.id")
        size = len(message.content) + sum(len(call["arguments"] or "") for call in message.tool_calls)
        clients_words = message.role == "user" or (message.role == "tool" and message.tool_call_id not in server_calls)
        if clients_words and size > per_message:
            raise _refuse(f"{where}.content", f"Too long: {size} characters; the limit is {per_message}.")
        for call in message.tool_calls:
            check_id(call["id"], f"{where}.toolCalls")
        if message.tool_call_id:
            check_id(message.tool_call_id, f"{where}.toolCallId")
        total += size
    if total > total_limit:
        raise _refuse("messages", f"The conversation is too long: {total} characters; the limit is {total_limit}.")


def check_context(context) -> None:
    limit = settings.COPILOT_MAX_CONTEXT_ENTRIES
    if len(context) > limit:
        raise _refuse("context", f"Too many entries: {len(context)}; the limit is {limit}.")
    size = sum(len(entry["description"]) + len(entry["value"]) for entry in context)
    limit = settings.COPILOT_MAX_CONTEXT_CHARS
    if size > limit:
        raise _refuse("context", f"Too long: {size} characters; the limit is {limit}.")


def check_tools(tools) -> None:
    limit = settings.COPILOT_MAX_TOOLS
    if len(tools) > limit:
        raise _refuse("tools", f"Too many tools: {len(tools)}; the limit is {limit}.")
    names = set()
    for index, tool in enumerate(tools):
        if not _tool_name.match(tool["name"]):
            raise _refuse(f"tools[{index}].name", "Use 1 to 64 letters, digits, '_' or '-'.")
        if tool["name"] in names:
            raise _refuse(f"tools[{index}].name", f"A second tool named '{tool['name']}'.")
        if is_server_tool(tool["name"]):
            raise _refuse(f"tools[{index}].name", f"'{tool['name']}' is the name of a server tool; rename this one.")
        names.add(tool["name"])
    size, limit = _json_size(list(tools)), settings.COPILOT_MAX_TOOLS_BYTES
    if size > limit:
        raise _refuse("tools", f"The tools' definitions are too large: {size:,} bytes; the limit is {limit:,}.")


def check_props(value: Any, field: str) -> None:
    size, limit = _json_size(value), settings.COPILOT_MAX_PROPS_BYTES
    if size > limit:
        raise _refuse(field, f"Too large: {size:,} bytes; the limit is {limit:,}.")
