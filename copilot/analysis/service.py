"""The analysis use case: one code path for the API, the admin, bulk runs and workers.

A call is four steps: prepare (the server-side prompt from the account's stored facts and
health), record (the AnalysisRequest, created *before* the provider is asked), the provider
call, and finish (the outcome, TokenUsage with the exact cost, the rollups), whatever happens.
``analysis_astream`` is the core: it yields the answer's text as it arrives and ends with the
result; when the model asks for the server tools it runs them and asks again (the agent's loop,
each provider call one more recorded step of the turn). ``analysis_arun`` waits for the result;
``analysis_run`` is the same for sync callers. Every provider call leaves exactly one
AnalysisRequest row; the model comes from the task's route (``copilot.gateway.routing``), and a
fallback's call is a second row linked to the first. Each database step is one transaction; what
follows a commit (metrics, logs, the response cache) runs on commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

import structlog
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_guid import get_guid

from accounts.models import Account
from copilot import gateway
from copilot.agent import tools as server_tools
from copilot.analysis import cache, prompts, recovery
from copilot.analysis.budget import budget_reserve, worst_case_usd
from copilot.conversations import services as conversations
from copilot.errors import CopilotError, ErrorCode
from copilot.gateway import cooldown, routing
from copilot.ledger import metrics, pricing, rollups
from copilot.models import AnalysisRequest, BulkRun, Source, Task, Thread, TokenUsage

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class AnalysisResult:
    """A turn's outcome: ``record`` is its last provider call, ``usage`` the turn's total (the
    one call's own TokenUsage when the turn took one step), ``steps`` every call's result."""

    record: AnalysisRequest
    usage: TokenUsage
    thread: Thread | None
    steps: tuple[AnalysisResult, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """The first event of ``analysis_astream``: the call is recorded, and this is what the model
    is told about the account (None: no account)."""

    request_id: int
    facts: prompts.AccountFacts | None


@dataclass(frozen=True)
class StepStarted:
    """A provider call of the turn is recorded and about to be made (``step`` counts from 1)."""

    step: int
    request_id: int


@dataclass(frozen=True)
class ToolResult:
    """A server tool's answer to one of the model's calls, as sent back to the model."""

    id: str
    name: str
    content: str  # JSON
    is_error: bool


@dataclass(frozen=True)
class StepFinished:
    """A provider call answered and recorded (``result``), with the server tools it asked for run
    (``tool_results``); ``final``: the turn ends with it."""

    step: int
    result: AnalysisResult
    tool_results: tuple[ToolResult, ...]
    final: bool


@dataclass(frozen=True)
class Finished:
    """The last event of ``analysis_astream``: the recorded outcome."""

    result: AnalysisResult


@dataclass(frozen=True)
class _Prompt:
    """What the model is asked, the same for every attempt of a call."""

    user: object
    account: Account | None
    agent: str
    source: str
    bulk_run: BulkRun | None
    task: str
    system: str
    messages: list[dict]
    tools: Sequence[dict]  # the caller's (frontend) tools, then the server tools
    server_tools: frozenset[str]  # the server tools offered (copilot.agent.tools decides which)
    facts: prompts.AccountFacts | None
    thread: Thread | None
    thread_existed: bool
    question: str  # the user's words the turn answers (what a record's ``prompt`` shows)
    step: int = 1  # which provider call of the turn this is
    turn: AnalysisRequest | None = None  # the turn's first call, for a later step


@dataclass(frozen=True)
class _Call:
    """One attempt, prepared and recorded, waiting for the provider."""

    prompt: _Prompt
    config: gateway.LLMConfig
    fallback: gateway.LLMConfig | None  # who answers if this attempt's provider is in trouble
    record: AnalysisRequest
    cache_key: str | None
    cached: gateway.Completion | None

    @property
    def thread(self) -> Thread | None:
        return self.prompt.thread


async def analysis_astream(
    *,
    user,
    messages: Sequence[dict],
    account: Account | None = None,
    agent: str = prompts.DEFAULT_AGENT,
    thread_key: str | None = None,
    source: str = Source.API,
    stream: bool = True,
    bulk_run: BulkRun | None = None,
    tools: Sequence[dict] = (),
    context: Sequence[dict] = (),
    thread: Thread | None = None,
    task: str | None = None,
    model: str | None = None,
    opening: Callable[[], tuple[Thread, Account | None]] | None = None,
    step_record: Callable[[StepFinished], None] | None = None,
) -> AsyncIterator[Prepared | gateway.Event | Finished]:
    """Ask the model about ``account``: ``Prepared``, its answer as it arrives, then ``Finished``.

    ``messages`` are in the Messages API's shape (a message's content is text or content
    blocks); ``tools`` (Anthropic tool definitions) are offered to the model, and its calls of
    them arrive as tool-call events; ``context`` entries (``description``, ``value``) go into the
    prompt's facts, as data. ``thread`` is the caller's own thread, else ``thread_key`` names
    one (a new one without). ``task`` picks the route (default: account analysis); ``model``
    names one model instead, with no fallback. When the route's model fails with the provider's
    trouble before any of its answer arrived, its fallback is asked: a second attempt, recorded
    as its own AnalysisRequest linked to the first; ``Finished`` holds the one that answered.
    Raises ``CopilotError`` with a documented code, after recording the failure when the
    provider was asked. A consumer that stops early (a closed stream, a cancelled task) leaves
    the call recorded as cancelled. ``stream=False`` asks the provider for one JSON answer, for
    callers that show nothing until the end.

    A turn is one or more provider calls (steps), each between ``StepStarted`` and
    ``StepFinished``: when a caller's model asks for server tools (``copilot.agent.tools``, offered
    to every call with a user), they are run (``ToolResult`` each), their JSON goes back in
    tool_result blocks and the model is called again, up to ``AGENT_MAX_STEPS`` calls. Each call
    is its own AnalysisRequest (``step``, ``step_of`` the turn's first), with its own budget
    reservation; ``Finished`` holds the last call and the turn's total usage.

    A caller with a record of its own writes it in the same database steps, so a call costs one
    step before the provider and one after: ``opening`` (a conversation's thread opened and its
    question stored) runs just before the call is prepared and gives the thread and the account;
    ``step_record`` (each step stored on the thread) runs in the step's own record of its answer,
    so a step whose record fails is not recorded as answered."""
    call = await sync_to_async(_begin)(
        user,
        messages,
        account,
        agent,
        thread_key,
        source,
        stream,
        bulk_run,
        tools,
        context,
        thread,
        task,
        model,
        opening,
    )
    pending: _Call | None = call  # the call whose row is still pending (None between calls)
    steps: list[AnalysisResult] = []
    try:
        yield Prepared(call.record.pk, call.prompt.facts)
        while True:
            yield StepStarted(call.record.step, call.record.pk)
            while True:
                answered = False
                try:
                    async with contextlib.aclosing(_attempt(call)) as events:  # closed at once: the upstream call too
                        async for event in events:
                            if isinstance(event, gateway.Completion):
                                completion = event
                            else:
                                answered = True
                                yield event
                    break
                except gateway.LLMError as exc:
                    fallback = None if answered else await sync_to_async(_fall_back)(call, exc)
                    if fallback is None:
                        raise
                    call = pending = fallback
            asked = [tool for tool in completion.tool_calls if _is_server_call(call, tool)]
            last_step = call.record.step >= settings.AGENT_MAX_STEPS
            if not asked:  # the answer and the caller's record of it, in one step
                result, unkept = await sync_to_async(_succeed)(call, completion, step_record=step_record)
                pending = None
                steps.append(result)
                if unkept is not None:
                    raise unkept
                yield StepFinished(call.record.step, result, (), True)
                break
            result, _ = await sync_to_async(_succeed)(call, completion)
            pending = None
            steps.append(result)
            finished = await sync_to_async(_tools_run)(call, completion, result, asked, last_step, step_record)
            for tool_result in finished.tool_results:
                yield tool_result
            yield finished
            if finished.final:
                break
            call = pending = await sync_to_async(_next_step)(call, completion, finished.tool_results)
    except gateway.LLMError as exc:
        raise await sync_to_async(_fail)(call, exc) from None
    except CopilotError:  # a refusal before a call (a budget): the calls made are recorded
        raise
    except Exception:
        if pending is None:
            logger.exception("analysis_internal_error", request_id=call.record.pk)
            raise CopilotError(
                ErrorCode.INTERNAL_ERROR, "The analysis failed unexpectedly; the error has been logged."
            ) from None
        raise await sync_to_async(_fail_unexpected)(pending) from None
    except BaseException:  # a consumer gone, a cancelled task, Ctrl-C: the row must not stay pending
        if pending is not None:
            await asyncio.shield(sync_to_async(_cancel)(pending))
        raise
    if last_step and asked and not completion.text.strip():
        raise CopilotError(
            ErrorCode.AGENT_STEP_LIMIT,
            f"The model was still looking things up after {settings.AGENT_MAX_STEPS} calls (AGENT_MAX_STEPS); "
            "ask a narrower question.",
            request_id=call.record.pk,
        )
    yield Finished(_turn_result(steps))


async def _attempt(call: _Call) -> AsyncIterator[gateway.Event | gateway.Completion]:
    if call.cached is not None:
        yield gateway.TextDelta(call.cached.text)
        yield call.cached
        return
    prompt = call.prompt
    with cooldown.admission(call.config.provider, fallback=call.fallback is not None):
        events = gateway.stream(call.config, system=prompt.system, messages=prompt.messages, tools=prompt.tools)
        async with contextlib.aclosing(events):
            async for event in events:
                yield event


async def analysis_arun(**arguments) -> AnalysisResult:
    """``analysis_astream`` (same arguments), waiting for the result."""
    async for event in analysis_astream(**arguments):
        if isinstance(event, Finished):
            return event.result
    raise AssertionError("an analysis always ends with its result or an error")


def analysis_run(**arguments) -> AnalysisResult:
    """``analysis_arun`` for sync callers (the admin, Celery workers, commands)."""
    return gateway.run_sync(analysis_arun, **arguments)


@dataclass(frozen=True)
class AccountsOutcome:
    succeeded: list[AnalysisRequest]
    failed: list[tuple[Account, CopilotError]]
    not_attempted: list[Account]


# Errors that would fail every remaining account the same way: stop asking.
_STOPS_A_BATCH = {ErrorCode.LLM_NOT_CONFIGURED, ErrorCode.BUDGET_EXCEEDED, ErrorCode.PROVIDER_AUTH_FAILED}


def analysis_run_for_accounts(
    *, user, accounts: Sequence[Account], question: str = prompts.HEALTH_REVIEW_QUESTION, source: str = Source.ADMIN
) -> AccountsOutcome:
    """Ask the same question about each account, one after another (the admin's buttons)."""
    succeeded, failed = [], []
    for index, account in enumerate(accounts):
        try:
            result = analysis_run(
                user=user,
                account=account,
                messages=[{"role": "user", "content": question}],
                source=source,
                task=Task.ACCOUNT_ANALYSIS,
            )
        except CopilotError as exc:
            failed.append((account, exc))
            if exc.code in _STOPS_A_BATCH:
                return AccountsOutcome(succeeded, failed, list(accounts[index + 1 :]))
        else:
            succeeded.append(result.record)
    return AccountsOutcome(succeeded, failed, [])


def analysis_abandon(*, record: AnalysisRequest) -> None:
    """Record as cancelled a call whose process stopped before finishing it (bulk resume)."""
    _finish_unsuccessfully(
        record,
        AnalysisRequest.Status.CANCELLED,
        ErrorCode.CANCELLED,
        "The process running this call stopped before it finished.",
    )


# --- steps ----------------------------------------------------------------------------------


def _begin(
    user, messages, account, agent, thread_key, source, stream, bulk_run, tools, context, thread, task, model, opening
) -> _Call:
    """Route, prepare the prompt and record the first attempt (after the caller's ``opening``)."""
    if opening is not None:  # first: whose thread and which account decide before anything else
        thread, account = opening()
    route = routing.route_for(task, model=model)
    if agent not in prompts.AGENTS:
        raise CopilotError(ErrorCode.VALIDATION_ERROR, f"Unknown agent '{agent}'.", field="agent")
    now = timezone.now()
    facts = prompts.AccountFacts.load(account, now=now) if account is not None else None
    # The book's tools need a caller whose book they read; propose_actions needs an account.
    offered = server_tools.definitions(user=user, account=account)
    messages = [{"role": m["role"], "content": m["content"]} for m in messages]
    prompt = _Prompt(
        user=user,
        account=account,
        agent=agent,
        source=source,
        bulk_run=bulk_run,
        task=route.task,
        system=prompts.system_prompt(agent=agent, facts=facts, now=now, context=context),
        messages=messages,
        tools=[*tools, *offered],
        server_tools=frozenset(tool["name"] for tool in offered),
        facts=facts,
        thread=thread,
        thread_existed=thread is not None,
        question=prompts.text_of(messages[-1]["content"]),
    )
    streaming = {} if stream else {"streaming": False}
    fallback = route.fallback.with_changes(**streaming) if route.fallback else None
    return _attempt_record(prompt, route.config.with_changes(**streaming), fallback, thread_key=thread_key, now=now)


def _attempt_record(
    prompt: _Prompt,
    config: gateway.LLMConfig,
    fallback: gateway.LLMConfig | None,
    *,
    thread_key: str | None = None,
    first: AnalysisRequest | None = None,
    now,
) -> _Call:
    """Record an attempt (its budget reserved), in one transaction. ``first``: the attempt this
    one falls back from; it has the thread already."""
    if not config.configured:
        raise CopilotError(
            ErrorCode.LLM_NOT_CONFIGURED, f"AI analysis is not configured: set {config.key_env} on the server."
        )
    key = cache.cache_key(config, prompt.system, prompt.messages, prompt.tools)
    cached = cache.cached_completion(key)

    def worst_case() -> Decimal:
        if cached is not None:
            return Decimal(0)  # a cached answer costs nothing
        sent = json.dumps([prompt.system, prompt.messages, prompt.tools or []], ensure_ascii=False).encode()
        price = pricing.price_for(config.model, now)
        return worst_case_usd(price, prompt_bytes=len(sent), max_tokens=config.max_tokens)

    with transaction.atomic():
        reserved = budget_reserve(prompt.user, worst_case, now=now)
        if first is None and prompt.thread is None and prompt.source not in _NO_THREAD_SOURCES:
            thread, existed = _thread_for(prompt.user, thread_key, prompt.account)
            prompt = replace(prompt, thread=thread, thread_existed=existed)
        record = AnalysisRequest.objects.create(
            thread=prompt.thread,
            account=prompt.account,
            user=prompt.user,
            source=prompt.source,
            agent=prompt.agent,
            prompt_version=prompts.PROMPT_VERSION,
            task=prompt.task,
            system_prompt=prompt.system,
            messages=prompt.messages,
            prompt=prompt.question,
            model=config.model,
            provider=config.provider,
            cache_hit=cached is not None,
            bulk_run=prompt.bulk_run,
            fallback_of=first,
            step_of=prompt.turn,
            step=prompt.step,
            correlation_id=get_guid() or "",
            reserved_usd=reserved,
        )
    _release_connection()
    return _Call(prompt, config, fallback, record, key, cached)


def _fall_back(call: _Call, error: gateway.LLMError) -> _Call | None:
    """After a failed attempt: the fallback's attempt, recorded, when the route has one for this
    failure; the failed attempt is recorded as failed either way (None: no fallback)."""
    if call.fallback is None or error.code not in routing.FALLBACK_CODES:
        return None
    _fail(call, error)
    logger.warning(
        "llm_fallback",
        request_id=call.record.pk,
        code=error.code,
        model=call.config.model,
        fallback_model=call.fallback.model,
    )
    first = call.record.fallback_of or call.record
    return _attempt_record(call.prompt, call.fallback, None, first=first, now=timezone.now())


def _is_server_call(call: _Call, tool_call: gateway.ToolCall) -> bool:
    return tool_call.name in call.prompt.server_tools


def _tools_run(
    call: _Call,
    completion: gateway.Completion,
    result: AnalysisResult,
    asked: Sequence[gateway.ToolCall],
    last_step: bool,
    step_record: Callable[[StepFinished], None] | None,
) -> StepFinished:
    """The server tools the model asked for, each answered (at the turn's last step, as not run,
    so the conversation stays whole), and the step recorded by the caller."""
    tool_results = []
    for tool_call in asked:
        if last_step:
            outcome = server_tools.not_run(f"the turn reached its limit of {settings.AGENT_MAX_STEPS} calls")
        else:
            outcome = server_tools.tool_run(
                call.prompt.user, tool_call.name, tool_call.arguments, account=call.prompt.account, request=call.record
            )
        tool_results.append(ToolResult(tool_call.id, tool_call.name, outcome.content, outcome.is_error))
    # A frontend tool's call ends the turn: the client acts on it and comes back.
    final = last_step or len(asked) < len(completion.tool_calls)
    finished = StepFinished(call.record.step, result, tuple(tool_results), final)
    if step_record is not None:
        step_record(finished)
    _release_connection()
    return finished


def _next_step(call: _Call, completion: gateway.Completion, results: Sequence[ToolResult]) -> _Call:
    """The turn's next provider call, recorded (its budget reserved): the conversation so far, the
    model's tool calls and, as data in tool_result blocks, the tools' answers."""
    said = [{"type": "text", "text": completion.text}] if completion.text else []
    called = [
        {"type": "tool_use", "id": tool.id, "name": tool.name, "input": server_tools.arguments_of(tool.arguments)}
        for tool in completion.tool_calls
    ]
    answers = [
        {"type": "tool_result", "tool_use_id": result.id, "content": result.content}
        | ({"is_error": True} if result.is_error else {})
        for result in results
    ]
    record = call.record
    prompt = replace(
        call.prompt,
        messages=[
            *call.prompt.messages,
            {"role": "assistant", "content": said + called},
            {"role": "user", "content": answers},
        ],
        thread_existed=call.prompt.thread is not None,  # a bulk run recorded for nobody has none
        step=record.step + 1,
        turn=record.step_of or record.fallback_of or record,
    )
    # The model that answered the last step answers the next (a fallback that stood in goes on).
    try:
        return _attempt_record(prompt, call.config, call.fallback, now=timezone.now())
    except CopilotError as refusal:  # a budget reached mid-turn: the error names the turn's last call
        refusal.request_id = refusal.request_id or record.pk
        raise


def _turn_result(steps: list[AnalysisResult]) -> AnalysisResult:
    """The turn's result: its last call, and the usage and cost of all its calls together."""
    last = steps[-1]
    if len(steps) == 1:
        return replace(last, steps=(last,))
    usages = [step.usage for step in steps]
    costs = [usage.cost_usd for usage in usages]
    total = TokenUsage(
        model=last.usage.model,
        input_tokens=sum(usage.input_tokens for usage in usages),
        output_tokens=sum(usage.output_tokens for usage in usages),
        cache_read_tokens=sum(usage.cache_read_tokens for usage in usages),
        cache_creation_tokens=sum(usage.cache_creation_tokens for usage in usages),
        cost_usd=None if None in costs else sum(costs, Decimal(0)),  # an unpriced call leaves the total unknown
        created_at=last.usage.created_at,
    )
    return AnalysisResult(record=last.record, usage=total, thread=last.thread, steps=tuple(steps))


def _release_connection() -> None:
    """A real model thinks for seconds: give a pooled connection (PostgreSQL) back meanwhile,
    so the calls in flight are not capped by the pool's size. Inside a caller's transaction it
    has to stay; an unpooled one (SQLite) caps nothing, and closing it costs a checkpoint."""
    if getattr(connection, "pool", None) is not None and not connection.in_atomic_block:
        connection.close()


# A bulk run's or a command's calls are recorded for their user, but are no conversation of theirs.
_NO_THREAD_SOURCES = (Source.BULK, Source.CLI)


def _thread_for(user, thread_key: str | None, account: Account | None) -> tuple[Thread | None, bool]:
    """The caller's thread and whether it already existed (a new one needs no touch later)."""
    if user is None:
        return None, False
    thread, created = conversations.thread_for_turn(user, thread_key, account, found=None)
    return thread, not created


def _succeed(
    call: _Call, completion: gateway.Completion, *, step_record: Callable[[StepFinished], None] | None = None
) -> tuple[AnalysisResult, Exception | None]:
    """The call recorded as answered. ``step_record`` given, the step is the turn's last and the
    caller's record of it is written in the same transaction; when that fails, its error comes
    back beside the result: the answer was paid for, so its record and cost stand."""
    record = call.record
    price = pricing.price_for(completion.model, record.created_at)
    counts = {
        "input_tokens": completion.input_tokens,
        "output_tokens": completion.output_tokens,
        "cache_read_tokens": completion.cache_read_tokens,
        "cache_creation_tokens": completion.cache_creation_tokens,
    }
    record.status = AnalysisRequest.Status.SUCCEEDED
    record.response = completion.text
    record.model = completion.model
    record.stop_reason = completion.stop_reason
    record.provider_request_id = completion.provider_request_id
    record.streamed = completion.streamed
    record.retries = completion.retries
    record.latency_ms = completion.latency_ms
    record.time_to_first_token_ms = completion.time_to_first_token_ms
    record.tool_calls = [
        {"id": tool.id, "name": tool.name, "arguments": tool.arguments} for tool in completion.tool_calls
    ]
    record.finished_at = timezone.now()
    record.reserved_usd = 0  # settled: the exact cost goes into the rollups below
    with transaction.atomic():
        recovery.finished_save(
            record,
            [
                "reserved_usd",
                "status",
                "error_code",
                "error_message",
                "response",
                "model",
                "stop_reason",
                "provider_request_id",
                "streamed",
                "retries",
                "latency_ms",
                "time_to_first_token_ms",
                "tool_calls",
                "finished_at",
            ],
        )
        usage = TokenUsage.objects.create(
            analysis_request=record,
            model=completion.model,
            cost_usd=pricing.cost_usd(price, **counts) if price else None,
            price=price,
            created_at=record.created_at,
            **counts,
        )
        # A thread created for this call is already current; a caller's record of the step (the
        # conversation's) touches its thread itself.
        if call.prompt.thread_existed and step_record is None:
            call.thread.save(update_fields=["updated_at"])
        result, unkept = AnalysisResult(record=record, usage=usage, thread=call.thread), None
        if step_record is not None:
            try:
                with transaction.atomic():
                    step_record(StepFinished(record.step, result, (), True))
            except Exception as error:
                unkept = error
        # Last: every call of the day updates the same rollup rows, so hold their locks briefly.
        rollups.record_finished(record, usage)
        transaction.on_commit(partial(_succeeded, call, usage, completion), robust=True)
    _release_connection()
    return result, unkept


def _succeeded(call: _Call, usage: TokenUsage, completion: gateway.Completion) -> None:
    record = call.record
    if not record.cache_hit:
        cooldown.success_record(record.provider)
    if call.cache_key and not record.cache_hit and not completion.tool_calls:
        cache.completion_store(call.cache_key, completion)
    metrics.observe(record, usage)
    logger.info(
        "glm_response_generated",
        request_id=record.pk,
        account_id=record.account.external_id if record.account else None,
        model=record.model,
        provider=record.provider,
        source=record.source,
        response_length=len(completion.text),
        latency_ms=round(completion.latency_ms, 1),
        retries=completion.retries,
        cache_hit=record.cache_hit,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cost_usd=pricing.format_usd(usage.cost_usd),
    )


def _finish_unsuccessfully(record: AnalysisRequest, status: str, code: ErrorCode, message: str, **fields) -> None:
    record.status = status
    record.error_code = code
    record.error_message = message
    record.finished_at = timezone.now()
    record.reserved_usd = 0
    for name, value in fields.items():
        setattr(record, name, value)
    with transaction.atomic():
        recovery.finished_save(
            record, ["status", "error_code", "error_message", "finished_at", "reserved_usd", *fields]
        )
        rollups.record_finished(record)
        transaction.on_commit(partial(_finished_unsuccessfully, record), robust=True)


def _finished_unsuccessfully(record: AnalysisRequest) -> None:
    metrics.observe(record)
    logger.warning(
        "real_agent_execution_failed",
        request_id=record.pk,
        account_id=record.account.external_id if record.account_id else None,
        code=record.error_code,
        error=record.error_message,
        model=record.model,
        provider=record.provider,
        source=record.source,
        retries=record.retries,
    )


def _fail(call: _Call, error: gateway.LLMError) -> CopilotError:
    if not isinstance(error, cooldown.CoolingDown):
        cooldown.failure_record(call.config.provider, error.code)
    _finish_unsuccessfully(
        call.record,
        AnalysisRequest.Status.FAILED,
        error.code,
        error.message,
        retries=error.retries,
        latency_ms=error.latency_ms,
    )
    return CopilotError(error.code, error.message, retry_after=error.retry_after, request_id=call.record.pk)


def _fail_unexpected(call: _Call) -> CopilotError:
    logger.exception("analysis_internal_error", request_id=call.record.pk)
    message = "The analysis failed unexpectedly; the error has been logged."
    _finish_unsuccessfully(call.record, AnalysisRequest.Status.FAILED, ErrorCode.INTERNAL_ERROR, message)
    return CopilotError(ErrorCode.INTERNAL_ERROR, message, request_id=call.record.pk)


def _cancel(call: _Call) -> None:
    _finish_unsuccessfully(
        call.record, AnalysisRequest.Status.CANCELLED, ErrorCode.CANCELLED, "The call was cancelled before it finished."
    )
