"""The only code that talks to the provider.

It uses the official ``anthropic`` SDK's async client against any Anthropic-compatible endpoint
(Z.ai by default). There is one way to call the model, ``stream``: an async iterator of the
answer's text as it arrives, ending with the whole ``Completion``. ``complete`` drains it, and
``run_sync`` calls either from sync code through asgiref. Retries and backoff are the SDK's own
(they honour retry-after); the SDK tells our middleware how many retries it took. Every failure
becomes an ``LLMError`` carrying one of the documented error codes and a message that is safe to
show: never a key, never the provider's raw body.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import anthropic
import httpx2
import structlog
from asgiref.sync import SyncToAsync, async_to_sync
from django.conf import settings

from copilot.errors import ErrorCode
from copilot.gateway import keys

logger = structlog.get_logger(__name__)

DEFAULT_RETRY_AFTER_SECONDS = 30
T = TypeVar("T")


@dataclass(frozen=True)
class LLMConfig:
    api_key: str = field(repr=False)  # a config may be logged; its key never is
    base_url: str
    provider: str
    model: str
    max_tokens: int
    temperature: float | None
    top_p: float | None
    timeout_seconds: float
    max_retries: int
    streaming: bool
    key_env: str = "ANTHROPIC_API_KEY"  # where the key comes from, for messages that say what to check

    @classmethod
    def from_settings(cls) -> LLMConfig:
        return cls(
            api_key=settings.ANTHROPIC_API_KEY,
            base_url=settings.ANTHROPIC_BASE_URL,
            provider=settings.LLM_PROVIDER_NAME,
            model=settings.CLAUDE_MODEL,
            max_tokens=settings.GLM_MAX_TOKENS,
            temperature=settings.GLM_TEMPERATURE,
            top_p=settings.GLM_TOP_P,
            timeout_seconds=settings.GLM_TIMEOUT_SECONDS,
            max_retries=settings.GLM_MAX_RETRIES,
            streaming=settings.ENABLE_GLM_STREAMING,
        )

    @property
    def configured(self) -> bool:
        return bool(self.api_key)

    def with_changes(self, **changes) -> LLMConfig:
        return replace(self, **changes)


@dataclass(frozen=True)
class TextDelta:
    """A piece of the answer's text, as the provider sent it."""

    text: str


@dataclass(frozen=True)
class ToolCallStarted:
    """The model began calling a tool the caller offered."""

    id: str
    name: str


@dataclass(frozen=True)
class ToolCallArguments:
    """A piece of a tool call's JSON arguments."""

    id: str
    delta: str


@dataclass(frozen=True)
class ToolCallEnded:
    id: str


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON, as the model wrote it


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    stop_reason: str
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_creation_tokens: int
    provider_request_id: str
    retries: int
    latency_ms: float
    time_to_first_token_ms: float | None
    streamed: bool
    tool_calls: tuple[ToolCall, ...] = ()


Event = TextDelta | ToolCallStarted | ToolCallArguments | ToolCallEnded


class LLMError(Exception):
    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        retry_after: int | None = None,
        retries: int = 0,
        latency_ms: float | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.retries = retries
        self.latency_ms = latency_ms


# --- Clients: one per event loop and configuration ------------------------------------------

_attempts: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("llm_attempts", default=None)


class RetryCounter(anthropic.Middleware):
    """Runs once per HTTP attempt inside the SDK's retry loop; remembers retries taken."""

    async def handle_async(self, request, call_next):
        box = _attempts.get()
        if box is not None:
            box[0] = max(box[0], request.retries_taken)
        return await call_next(request)


# A client's connection pool belongs to the event loop that opened it, so clients are kept per
# loop: the ASGI server has one for its lifetime; a sync caller's loop lives for one call.
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple, anthropic.AsyncAnthropic]] = (
    weakref.WeakKeyDictionary()
)
_clients_lock = threading.Lock()


def get_client(config: LLMConfig) -> anthropic.AsyncAnthropic:
    """The client for the running event loop, built once per loop and configuration.

    The one place a key meets a URL: a key is never handed to a client for an origin its
    variable is not bound to (``copilot.gateway.keys``), whatever the provider row says."""
    if not keys.may_send(config.key_env, config.base_url):
        logger.warning(
            "llm_key_origin_refused",
            provider=config.provider,
            key_env=config.key_env,
            origin=keys.origin(config.base_url),
        )
        raise LLMError(
            ErrorCode.LLM_NOT_CONFIGURED,
            f"The provider {config.provider} was not asked: {config.key_env} may not be sent to its address. "
            f"The server's {keys.SETTING} setting must bind that origin to {config.key_env}.",
        )
    key = (config.api_key, config.base_url, config.timeout_seconds, config.max_retries)
    with _clients_lock:
        clients = _clients.setdefault(asyncio.get_running_loop(), {})
        client = clients.get(key)
        if client is None:
            client = clients[key] = anthropic.AsyncAnthropic(
                api_key=config.api_key,
                base_url=config.base_url,
                timeout=httpx2.Timeout(config.timeout_seconds, connect=min(config.timeout_seconds, 10.0)),
                max_retries=config.max_retries,
                middleware=[RetryCounter()],
                # The SDK sends the key as a Bearer token; some compatible proxies read only x-api-key.
                default_headers={"x-api-key": config.api_key},
                # The SDK's aiohttp transport: less CPU per call than its httpx one.
                http_client=anthropic.DefaultAioHttpClient(),
            )
            logger.info("claude_sdk_client_initialized", base_url=config.base_url, provider=config.provider)
    return client


def clients_prepare(configs: Sequence[LLMConfig]) -> None:
    """Build the clients of ``configs`` on the running loop (the server's, at start-up), with the
    SDK's resources and stream types they load lazily, so the first call pays none of it."""
    from anthropic.types import RawMessageStreamEvent  # noqa: F401  (the stream's event types)

    for config in configs:
        if config.configured and keys.may_send(config.key_env, config.base_url):
            _ = get_client(config).messages  # the resource, imported on first use


async def aclose_clients() -> None:
    """Close the running event loop's clients (their connections) before the loop ends."""
    with _clients_lock:
        clients = list(_clients.pop(asyncio.get_running_loop(), {}).values())
    for client in clients:
        await client.close()


def run_sync(function: Callable[..., Coroutine[Any, Any, T]], /, *args, **kwargs) -> T:
    """Call an async function from sync code (asgiref's ``async_to_sync``).

    Under the ASGI server it runs on the server's loop and shares its clients. Anywhere else
    (a command, a Celery worker, a test) asgiref starts a loop for the call, and the clients
    opened on that loop are closed before it ends."""
    on_server_loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None) is not None
    if on_server_loop:
        return async_to_sync(function)(*args, **kwargs)

    async def on_own_loop():
        try:
            return await function(*args, **kwargs)
        finally:
            await aclose_clients()

    return async_to_sync(on_own_loop)()


# --- Calls ----------------------------------------------------------------------------------


def request_params(config: LLMConfig, system: str, messages: Sequence[dict], tools: Sequence[dict] = ()) -> dict:
    """The Messages API request. ``messages`` and ``tools`` are in the API's own shape."""
    params = {
        "model": config.model,
        "max_tokens": config.max_tokens,
        "system": system,
        "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
    }
    if tools:
        params["tools"] = list(tools)
    # SDK 2.x no longer types sampling parameters (recent Claude models reject them), but
    # GLM-4.6 and other compatible endpoints honour them: send them as extra body fields.
    sampling = {"temperature": config.temperature, "top_p": config.top_p}
    sampling = {name: value for name, value in sampling.items() if value is not None}
    if sampling:
        params["extra_body"] = sampling
    return params


async def stream(
    config: LLMConfig, *, system: str, messages: Sequence[dict], tools: Sequence[dict] = ()
) -> AsyncIterator[Event | Completion]:
    """One provider call: the answer as it arrives (text, and the calls of ``tools`` the model
    makes), then the ``Completion``.

    Streamed from the provider when ``config.streaming``; otherwise one JSON answer, given as
    whole pieces. Raises ``LLMError``."""
    if not config.configured:
        raise LLMError(ErrorCode.LLM_NOT_CONFIGURED, f"No {config.key_env} is configured.")
    call = _Call(config)
    try:
        client = get_client(config)
        params = request_params(config, system, messages, tools)
        if config.streaming:
            # The SDK's raw event stream: its ``messages.stream()`` helper rebuilds a snapshot of
            # the whole message (pydantic models) at every event, which the server would pay
            # for each token. The answer is assembled from the events instead (``_Assembly``).
            events = await client.messages.create(**params, stream=True)
            assembly = _Assembly()
            async with events:
                async for event in events:
                    for piece in assembly.add(event):
                        call.first_token()
                        yield piece
            yield call.completion(assembly, streamed=True, request_id=events.response.headers.get("request-id"))
        else:
            message = await client.messages.create(**params)
            completion = call.completion(_Assembly.of(message), streamed=False, request_id=message._request_id)
            if completion.text:
                yield TextDelta(completion.text)
            for tool_call in completion.tool_calls:
                yield ToolCallStarted(tool_call.id, tool_call.name)
                yield ToolCallArguments(tool_call.id, tool_call.arguments)
                yield ToolCallEnded(tool_call.id)
            yield completion
    except Exception as exc:
        raise call.translate(exc) from exc
    finally:
        call.close()


class _Assembly:
    """The parts of a message a completion needs, put together from its stream's events."""

    def __init__(self):
        self.model = ""
        self.text: list[str] = []
        self.tools: dict[int, list] = {}  # block index → [id, name, argument pieces]
        self.stop_reason = ""
        self.usage: dict[str, int] = {}
        self.stopped = False

    @classmethod
    def of(cls, message) -> _Assembly:
        """A whole (non-streamed) message."""
        assembly = cls()
        assembly.model, assembly.stop_reason, assembly.stopped = message.model, message.stop_reason or "", True
        for index, block in enumerate(message.content or []):
            if block.type == "text":
                assembly.text.append(block.text)
            elif block.type == "tool_use":
                assembly.tools[index] = [block.id, block.name, [json.dumps(block.input)]]
        assembly._count(message.usage)
        return assembly

    def add(self, event) -> list[Event]:
        """Take in one stream event; returns what it adds to the answer."""
        if event.type == "message_start":
            self.model = event.message.model
            self._count(event.message.usage)
        elif event.type == "content_block_start" and event.content_block.type == "tool_use":
            block = event.content_block
            self.tools[event.index] = [block.id, block.name, []]
            return [ToolCallStarted(block.id, block.name)]
        elif event.type == "content_block_delta" and event.delta.type == "text_delta":
            self.text.append(event.delta.text)
            return [TextDelta(event.delta.text)]
        elif event.type == "content_block_delta" and event.delta.type == "input_json_delta":
            tool = self.tools[event.index]
            tool[2].append(event.delta.partial_json)
            return [ToolCallArguments(tool[0], event.delta.partial_json)] if event.delta.partial_json else []
        elif event.type == "content_block_stop" and event.index in self.tools:
            return [ToolCallEnded(self.tools[event.index][0])]
        elif event.type == "message_delta":
            self.stop_reason = event.delta.stop_reason or self.stop_reason
            self._count(event.usage)
        elif event.type == "message_stop":
            self.stopped = True
        return []

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        return tuple(ToolCall(id_, name, "".join(pieces) or "{}") for id_, name, pieces in self.tools.values())

    def _count(self, usage) -> None:
        """Usage as the API reports it: a later event's counts replace the earlier ones."""
        for name in ("input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"):
            value = getattr(usage, name, None)
            if value is not None:
                self.usage[name] = value


async def complete(
    config: LLMConfig, *, system: str, messages: Sequence[dict], tools: Sequence[dict] = ()
) -> Completion:
    """``stream`` drained: the whole ``Completion``."""
    async for event in stream(config, system=system, messages=messages, tools=tools):
        if isinstance(event, Completion):
            return event
    raise AssertionError("a provider stream always ends with its completion")


class _Call:
    """Timing, retries and fault mapping of one call."""

    def __init__(self, config: LLMConfig):
        self.config = config
        self.retries = [0]
        self.started = time.perf_counter()
        self.first_token_at: float | None = None
        self._token = _attempts.set(self.retries)

    def close(self) -> None:
        with contextlib.suppress(ValueError):  # closed from another context (an abandoned stream)
            _attempts.reset(self._token)

    def first_token(self) -> None:
        if self.first_token_at is None:
            self.first_token_at = time.perf_counter()

    def elapsed_ms(self, at: float | None = None) -> float:
        return ((at or time.perf_counter()) - self.started) * 1000

    def completion(self, message: _Assembly, *, streamed: bool, request_id: str | None) -> Completion:
        if not message.stopped:
            raise self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider's stream ended before the message did.")
        text = "".join(message.text)
        if not text.strip() and not message.tools:
            raise self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider returned no text.")
        usage = message.usage
        return Completion(
            text=text,
            model=message.model or self.config.model,
            stop_reason=message.stop_reason,
            input_tokens=usage.get("input_tokens", 0),
            output_tokens=usage.get("output_tokens", 0),
            cache_read_tokens=usage.get("cache_read_input_tokens", 0),
            cache_creation_tokens=usage.get("cache_creation_input_tokens", 0),
            provider_request_id=request_id or "",
            tool_calls=message.tool_calls,
            retries=self.retries[0],
            latency_ms=self.elapsed_ms(),
            time_to_first_token_ms=self.elapsed_ms(self.first_token_at) if self.first_token_at else None,
            streamed=streamed,
        )

    def error(self, code: ErrorCode, message: str, retry_after: int | None = None) -> LLMError:
        return LLMError(code, message, retry_after=retry_after, retries=self.retries[0], latency_ms=self.elapsed_ms())

    def translate(self, exc: BaseException) -> LLMError:
        """Map an SDK or transport exception to a documented code with a safe message."""
        if isinstance(exc, LLMError):
            return exc
        if isinstance(exc, anthropic.APITimeoutError):
            return self.error(
                ErrorCode.PROVIDER_TIMEOUT,
                f"The provider did not answer within {self.config.timeout_seconds:g} seconds.",
            )
        if isinstance(exc, anthropic.APIConnectionError):
            return self.error(ErrorCode.PROVIDER_UNAVAILABLE, "Could not connect to the provider.")
        if isinstance(exc, anthropic.APIStatusError):
            return self._status_error(exc)
        if isinstance(exc, httpx2.TransportError):
            # Raised while reading a stream that was already under way: the body was cut.
            return self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider's stream was cut off.")
        return self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider's answer could not be read.")

    def _status_error(self, exc: anthropic.APIStatusError) -> LLMError:
        status = exc.status_code
        error_type = ""
        if isinstance(exc.body, dict):
            error_type = str((exc.body.get("error") or {}).get("type") or exc.body.get("type") or "")
        if status in (401, 403):
            return self.error(
                ErrorCode.PROVIDER_AUTH_FAILED,
                f"The provider refused the API key (HTTP {status}); check {self.config.key_env}.",
            )
        if status == 429 or error_type == "rate_limit_error":
            return self.error(
                ErrorCode.PROVIDER_RATE_LIMITED,
                "The provider is rate limiting requests.",
                retry_after=_retry_after(exc.response),
            )
        if status in (408, 504):
            return self.error(ErrorCode.PROVIDER_TIMEOUT, f"The provider timed out (HTTP {status}).")
        if status >= 500 or error_type in ("overloaded_error", "api_error"):
            # A status of 200 here means the error event arrived inside an open stream.
            where = "mid-stream" if status == 200 else f"HTTP {status}"
            what = "overloaded" if status == 529 or error_type == "overloaded_error" else "unavailable"
            return self.error(ErrorCode.PROVIDER_UNAVAILABLE, f"The provider is {what} ({where}).")
        if status == 200:
            return self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider's stream reported an error.")
        return self.error(
            ErrorCode.PROVIDER_REJECTED,
            f"The provider rejected the request (HTTP {status}, {error_type or 'no detail'}).",
        )


def _retry_after(response) -> int:
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return max(1, round(float(value)))
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER_SECONDS
