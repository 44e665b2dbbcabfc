"""AG-UI's shapes into the front door's: a run as a ``Turn`` (its conversation, frontend tools and
page context), and a stored conversation back as AG-UI messages."""

from __future__ import annotations

from ag_ui.core import (
    AssistantMessage,
    FunctionCall,
    RunAgentInput,
    ToolCall,
    ToolMessage,
    UserMessage,
)
from ag_ui.core import Message as AguiMessage

from copilot.conversations.messages import Message
from copilot.frontdoor.turns import Turn
from copilot.models import Source


def _text(content) -> str:
    """A message's text: a string, or the text parts of its content."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(getattr(part, "text", "") or "" for part in content)


def forwarded(run: RunAgentInput, name: str) -> str | None:
    """A run's setting: ``forwardedProps.<name>``, else ``state.<name>`` (a non-empty string)."""
    for source in (run.forwarded_props, run.state):
        if isinstance(source, dict) and isinstance(source.get(name), str) and source[name]:
            return source[name]
    return None


def messages(run: RunAgentInput) -> tuple[Message, ...]:
    """The run's conversation. System and developer messages are left out: the system prompt is
    the server's."""
    conversation = []
    for message in run.messages:
        if isinstance(message, UserMessage):
            conversation.append(Message(message.id, "user", _text(message.content)))
        elif isinstance(message, AssistantMessage):
            calls = [
                {"id": call.id, "name": call.function.name, "arguments": call.function.arguments}
                for call in message.tool_calls or []
            ]
            conversation.append(Message(message.id, "assistant", message.content or "", tool_calls=calls))
        elif isinstance(message, ToolMessage):
            content = _text(message.content) or message.error or ""
            conversation.append(Message(message.id, "tool", content, tool_call_id=message.tool_call_id))
    return tuple(conversation)


def tools(run: RunAgentInput) -> tuple[dict, ...]:
    """The frontend's tools as Anthropic tool definitions."""
    return tuple(
        {
            "name": tool.name,
            "description": tool.description,
            "input_schema": tool.parameters or {"type": "object", "properties": {}},
        }
        for tool in run.tools or []
    )


def context(run: RunAgentInput) -> tuple[dict, ...]:
    return tuple({"description": entry.description, "value": entry.value} for entry in run.context or [])


def turn(user, agent: str, run: RunAgentInput) -> Turn:
    return Turn(
        user=user,
        agent=agent,
        source=Source.AGUI,
        messages=messages(run),
        thread_key=run.thread_id,
        run_id=run.run_id,
        account_id=forwarded(run, "account_id"),
        account_from_thread=True,
        task=forwarded(run, "task"),
        context=context(run),
        tools=tools(run),
        forwarded_props=run.forwarded_props,
        state=run.state,
    )


def agui_messages(conversation: list[Message]) -> list[AguiMessage]:
    """A stored conversation in AG-UI's shape, for MESSAGES_SNAPSHOT."""
    converted: list[AguiMessage] = []
    for message in conversation:
        if message.role == "user":
            converted.append(UserMessage(id=message.id, content=message.content))
        elif message.role == "tool":
            converted.append(ToolMessage(id=message.id, content=message.content, tool_call_id=message.tool_call_id))
        else:
            calls = [
                ToolCall(id=call["id"], function=FunctionCall(name=call["name"], arguments=call["arguments"]))
                for call in message.tool_calls
            ]
            converted.append(AssistantMessage(id=message.id, content=message.content or None, tool_calls=calls or None))
    return converted
