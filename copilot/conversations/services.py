"""Threads and their messages: whose a thread is, and every message of it, recorded the same way
by every entry."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from accounts.models import Account
from copilot.conversations.messages import Message
from copilot.errors import CopilotError, ErrorCode
from copilot.models import AnalysisRequest, Thread, ThreadMessage


def thread_of(user, key: str | None) -> Thread | None:
    """The user's thread with this id (None for none yet); refused when it is another user's."""
    if not key:
        return None
    thread = Thread.objects.select_related("account").filter(user=user, key=key).first()
    if thread is None and Thread.objects.filter(key=key).exclude(user=user).exists():
        raise CopilotError(ErrorCode.PERMISSION_DENIED, "This thread belongs to another user.", field="threadId")
    return thread


def thread_for_turn(user, key: str | None, account: Account | None, *, found: Thread | None) -> tuple[Thread, bool]:
    """The turn's thread: ``found`` (``thread_of``'s answer) about the turn's account, or a new one
    (under ``key``, else under its own id); and whether it was made now."""
    thread, created = found, False
    if thread is None:
        if key is None:
            thread, created = Thread(user=user, account=account), True
            thread.key = str(thread.id)
            thread.save(force_insert=True)
        else:
            thread, created = Thread.objects.get_or_create(user=user, key=key, defaults={"account": account})
    elif account is not None and thread.account_id != account.pk:
        thread.account = account
        thread.save(update_fields=["account", "updated_at"])
    return thread, created


def messages_save(thread: Thread, messages: Sequence[Message], *, new: bool = False) -> None:
    """Store the messages the thread does not have yet (clients resend the whole history); a
    ``new`` thread has none."""
    known = set() if new else set(thread.thread_messages.values_list("message_id", flat=True))
    unstored = []
    for message in messages:
        if message.id in known:
            continue
        unstored.append(
            ThreadMessage(
                thread=thread,
                message_id=message.id,
                role=message.role,
                content=message.content,
                tool_calls=message.tool_calls,
                tool_call_id=message.tool_call_id,
            )
        )
        known.add(message.id)
    ThreadMessage.objects.bulk_create(unstored)


def tool_result_message_id(tool_call_id: str) -> str:
    """The id a server tool's result is stored (and streamed) under."""
    return f"result-{tool_call_id}"


def reply_save(thread: Thread, *, message_id: str, record: AnalysisRequest, tool_results: Sequence = ()) -> None:
    """One step of a turn: the assistant's text and the tools it called, then the results of the
    server tools it called (``id``, ``content``), each as a tool message. A message the thread has
    already (a step stored twice) is kept as it was."""
    answer = ThreadMessage(
        thread=thread,
        message_id=message_id,
        role="assistant",
        content=record.response,
        tool_calls=record.tool_calls,
        analysis_request=record,
    )
    results = [
        ThreadMessage(
            thread=thread,
            message_id=tool_result_message_id(result.id),
            role="tool",
            content=result.content,
            tool_call_id=result.id,
        )
        for result in tool_results
    ]
    with transaction.atomic():
        ThreadMessage.objects.bulk_create([answer, *results], ignore_conflicts=True)
        thread.save(update_fields=["updated_at"])


def stored_messages(thread: Thread | None) -> list[Message]:
    """The thread's messages, oldest first (none for no thread)."""
    if thread is None:
        return []
    return [
        Message(
            id=stored.message_id,
            role=stored.role,
            content=stored.content,
            tool_calls=stored.tool_calls,
            tool_call_id=stored.tool_call_id,
        )
        for stored in thread.thread_messages.order_by("id")
    ]
