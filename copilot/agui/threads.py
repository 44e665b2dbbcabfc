"""Threads of AG-UI runs: whose they are, and every message of them, for connect and review."""

from __future__ import annotations

import json

from ag_ui.core import AssistantMessage, FunctionCall, Message, ToolCall, ToolMessage, UserMessage
from django.db import transaction

from accounts.models import Account
from copilot.errors import CopilotError, ErrorCode
from copilot.models import AnalysisRequest, Thread, ThreadMessage


def thread_of(user, key: str) -> Thread | None:
    """The user's thread with this id; refused when the id is another user's thread."""
    thread = Thread.objects.select_related("account").filter(user=user, key=key).first()
    if thread is None and Thread.objects.filter(key=key).exclude(user=user).exists():
        raise CopilotError(ErrorCode.PERMISSION_DENIED, "This thread belongs to another user.", field="threadId")
    return thread


def thread_for_run(user, key: str, account: Account | None, *, found: Thread | None) -> Thread:
    """The run's thread: ``found`` (``thread_of``'s answer) with the run's account, or a new one."""
    thread = found
    if thread is None:
        thread, _ = Thread.objects.get_or_create(user=user, key=key, defaults={"account": account})
    elif account is not None and thread.account_id != account.pk:
        thread.account = account
        thread.save(update_fields=["account", "updated_at"])
    return thread


def _text(content) -> str:
    if isinstance(content, str) or content is None:
        return content or ""
    return "".join(getattr(part, "text", "") or "" for part in content)


def messages_save(thread: Thread, messages: list[Message]) -> None:
    """Store the run's messages the thread does not have yet (clients resend the whole history)."""
    known = set(thread.thread_messages.values_list("message_id", flat=True))
    new = []
    for message in messages:
        if message.id in known:
            continue
        if isinstance(message, UserMessage):
            new.append(ThreadMessage(thread=thread, message_id=message.id, role="user", content=_text(message.content)))
        elif isinstance(message, AssistantMessage):
            calls = [
                {"id": call.id, "name": call.function.name, "arguments": call.function.arguments}
                for call in message.tool_calls or []
            ]
            new.append(
                ThreadMessage(
                    thread=thread,
                    message_id=message.id,
                    role="assistant",
                    content=message.content or "",
                    tool_calls=calls,
                )
            )
        elif isinstance(message, ToolMessage):
            new.append(
                ThreadMessage(
                    thread=thread,
                    message_id=message.id,
                    role="tool",
                    content=_text(message.content) or message.error or "",
                    tool_call_id=message.tool_call_id,
                )
            )
        known.add(message.id)
    ThreadMessage.objects.bulk_create(new)


def reply_save(thread: Thread, *, message_id: str, record: AnalysisRequest) -> None:
    """The assistant's answer of one run: its text and the tools it called."""
    with transaction.atomic():
        ThreadMessage.objects.get_or_create(
            thread=thread,
            message_id=message_id,
            defaults={
                "role": "assistant",
                "content": record.response,
                "tool_calls": record.tool_calls,
                "analysis_request": record,
            },
        )
        thread.save(update_fields=["updated_at"])


def snapshot(thread: Thread | None) -> list[Message]:
    """The thread's messages in AG-UI's shape, oldest first (empty for no thread)."""
    if thread is None:
        return []
    messages: list[Message] = []
    for stored in thread.thread_messages.order_by("id"):
        if stored.role == "user":
            messages.append(UserMessage(id=stored.message_id, content=stored.content))
        elif stored.role == "tool":
            messages.append(ToolMessage(id=stored.message_id, content=stored.content, tool_call_id=stored.tool_call_id))
        else:
            calls = [
                ToolCall(id=call["id"], function=FunctionCall(name=call["name"], arguments=call["arguments"]))
                for call in stored.tool_calls
            ]
            messages.append(
                AssistantMessage(id=stored.message_id, content=stored.content or None, tool_calls=calls or None)
            )
    return messages


def tool_calls_text(calls: list[dict]) -> str:
    """For the admin: the tools called, one a line."""
    return "\n".join(f"{call['name']}({json.dumps(json.loads(call['arguments'] or '{}'))})" for call in calls)
