"""The GLM service module: the only code that talks to the provider.

It uses the official ``anthropic`` SDK against any Anthropic-compatible endpoint (Z.ai by
default). Clients are built once per process and configuration and reused, so connections
are pooled. Retries and backoff are the SDK's own (they honour retry-after); the SDK tells
our middleware how many retries it took. Every failure becomes an ``LLMError`` carrying one
of the documented error codes and a message that is safe to show: never a key, never the
provider's raw body.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import anthropic
import httpx2
import structlog
from anthropic.lib.streaming import MessageStreamEvent
from django.conf import settings

from copilot.errors import ErrorCode

logger = structlog.get_logger(__name__)

DEFAULT_RETRY_AFTER_SECONDS = 30


@dataclass(frozen=True)
class LLMConfig:
    api_key: str
    base_url: str
    provider: str
    model: str
    max_tokens: int
    temperature: float | None
    top_p: float | None
    timeout_seconds: float
    max_retries: int
    streaming: bool

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

    def __repr__(self) -> str:  # a config may be logged; its key never is
        return f"LLMConfig(base_url={self.base_url!r}, model={self.model!r}, provider={self.provider!r})"


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


# --- Clients, built once per process ----------------------------------------------------

_attempts: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("llm_attempts", default=None)


class RetryCounter(anthropic.Middleware):
    """Runs once per HTTP attempt inside the SDK's retry loop; remembers retries taken."""

    def _note(self, request) -> None:
        box = _attempts.get()
        if box is not None:
            box[0] = max(box[0], request.retries_taken)

    def handle(self, request, call_next):
        self._note(request)
        return call_next(request)

    async def handle_async(self, request, call_next):
        self._note(request)
        return await call_next(request)


_clients: dict[tuple, anthropic.Anthropic] = {}
_clients_lock = threading.Lock()


def _client_key(config: LLMConfig, kind: str) -> tuple:
    return (kind, config.api_key, config.base_url, config.timeout_seconds, config.max_retries)


def _timeout(config: LLMConfig) -> httpx2.Timeout:
    return httpx2.Timeout(config.timeout_seconds, connect=min(config.timeout_seconds, 10.0))


def _client_options(config: LLMConfig) -> dict:
    return {
        "api_key": config.api_key,
        "base_url": config.base_url,
        "timeout": _timeout(config),
        "max_retries": config.max_retries,
        "middleware": [RetryCounter()],
        # The SDK sends the key as a Bearer token; some compatible proxies read only x-api-key.
        "default_headers": {"x-api-key": config.api_key},
    }


def _build_client(client_class, config: LLMConfig):
    options = _client_options(config)
    if client_class is anthropic.AsyncAnthropic:
        # The SDK's aiohttp transport: about a quarter less CPU per call than httpx's own
        # (bench notes). Its session belongs to one event loop, as our async clients do.
        options["http_client"] = anthropic.DefaultAioHttpClient()
    client = client_class(**options)
    logger.info(
        "claude_sdk_client_initialized",
        base_url=config.base_url,
        model=config.model,
        provider=config.provider,
        kind=client_class.__name__,
    )
    return client


def get_client(config: LLMConfig) -> anthropic.Anthropic:
    key = _client_key(config, "sync")
    client = _clients.get(key)
    if client is None:
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = _build_client(anthropic.Anthropic, config)
    return client


# An async client's connection pool belongs to the event loop that opened it, so async
# clients are kept per loop (an ASGI process has one; commands may run several in turn).
_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple, anthropic.AsyncAnthropic]] = (
    weakref.WeakKeyDictionary()
)


def get_async_client(config: LLMConfig) -> anthropic.AsyncAnthropic:
    """The async client for the running event loop, built once per loop and configuration."""
    loop = asyncio.get_running_loop()
    key = _client_key(config, "async")
    with _clients_lock:
        clients = _async_clients.setdefault(loop, {})
        client = clients.get(key)
        if client is None:
            client = clients[key] = _build_client(anthropic.AsyncAnthropic, config)
    return client


async def aclose_clients() -> None:
    """Close the running event loop's async clients (their connections) before the loop ends."""
    with _clients_lock:
        clients = list(_async_clients.pop(asyncio.get_running_loop(), {}).values())
    for client in clients:
        await client.close()


def _forget_clients_in_child() -> None:
    """A forked process (bulk helpers, prefork workers) must not share its parent's pooled
    provider connections, nor inherit a lock another thread held."""
    global _clients_lock, _async_clients
    _clients.clear()
    _clients_lock = threading.Lock()
    _async_clients = weakref.WeakKeyDictionary()


os.register_at_fork(after_in_child=_forget_clients_in_child)


# --- Calls ----------------------------------------------------------------------------------


def request_params(config: LLMConfig, system: str, messages: Sequence[dict]) -> dict:
    params = {
        "model": config.model,
        "max_tokens": config.max_tokens,
        "system": system,
        "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
    }
    # SDK 2.x no longer types sampling parameters (recent Claude models reject them), but
    # GLM-4.6 and other compatible endpoints honour them: send them as extra body fields.
    sampling = {"temperature": config.temperature, "top_p": config.top_p}
    sampling = {name: value for name, value in sampling.items() if value is not None}
    if sampling:
        params["extra_body"] = sampling
    return params


class _Call:
    """Timing and retry bookkeeping shared by the sync and async paths."""

    def __init__(self, config: LLMConfig):
        self.config = config
        self.retries = [0]
        self.started = time.perf_counter()
        self.first_token_at: float | None = None
        self.saw_stop = False
        self._token = _attempts.set(self.retries)

    def close(self) -> None:
        _attempts.reset(self._token)

    def elapsed_ms(self, at: float | None = None) -> float:
        return ((at or time.perf_counter()) - self.started) * 1000

    def on_event(self, event: MessageStreamEvent) -> None:
        if event.type == "content_block_delta" and self.first_token_at is None:
            self.first_token_at = time.perf_counter()
        elif event.type == "message_stop":
            self.saw_stop = True

    def completion(self, message, *, streamed: bool, request_id: str | None = None) -> Completion:
        if streamed and not self.saw_stop:
            raise self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider's stream ended before the message did.")
        text = "".join(block.text for block in (message.content or []) if getattr(block, "type", "") == "text")
        if not text.strip():
            raise self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider returned no text.")
        usage = message.usage
        return Completion(
            text=text,
            model=message.model or self.config.model,
            stop_reason=message.stop_reason or "",
            input_tokens=usage.input_tokens or 0,
            output_tokens=usage.output_tokens or 0,
            cache_read_tokens=getattr(usage, "cache_read_input_tokens", None) or 0,
            cache_creation_tokens=getattr(usage, "cache_creation_input_tokens", None) or 0,
            provider_request_id=request_id or getattr(message, "_request_id", None) or "",
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
        if isinstance(exc, anthropic.APIResponseValidationError | ValueError):
            return self.error(ErrorCode.PROVIDER_BAD_RESPONSE, "The provider's answer could not be read.")
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
                f"The provider refused the API key (HTTP {status}); check ANTHROPIC_API_KEY.",
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


def complete(config: LLMConfig, *, system: str, messages: Sequence[dict]) -> Completion:
    """One provider call (streamed when enabled). Raises ``LLMError``."""
    if not config.configured:
        raise LLMError(ErrorCode.LLM_NOT_CONFIGURED, "No ANTHROPIC_API_KEY is configured.")
    call = _Call(config)
    try:
        client = get_client(config)
        params = request_params(config, system, messages)
        if config.streaming:
            with client.messages.stream(**params) as stream:
                for event in stream:
                    call.on_event(event)
                return call.completion(stream.get_final_message(), streamed=True, request_id=stream.request_id)
        return call.completion(client.messages.create(**params), streamed=False)
    except Exception as exc:
        raise call.translate(exc) from exc
    finally:
        call.close()


async def acomplete(config: LLMConfig, *, system: str, messages: Sequence[dict]) -> Completion:
    """The async twin of ``complete`` on the shared async client."""
    if not config.configured:
        raise LLMError(ErrorCode.LLM_NOT_CONFIGURED, "No ANTHROPIC_API_KEY is configured.")
    call = _Call(config)
    try:
        client = get_async_client(config)
        params = request_params(config, system, messages)
        if config.streaming:
            async with client.messages.stream(**params) as stream:
                async for event in stream:
                    call.on_event(event)
                return call.completion(await stream.get_final_message(), streamed=True, request_id=stream.request_id)
        return call.completion(await client.messages.create(**params), streamed=False)
    except Exception as exc:
        raise call.translate(exc) from exc
    finally:
        call.close()
