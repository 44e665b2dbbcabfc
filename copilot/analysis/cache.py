"""The exact-match response cache (``ENABLE_GLM_CACHING``): the same request, the same answer."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache

from copilot import gateway

PREFIX = "glm-response:v1:"


def cache_key(config: gateway.LLMConfig, system: str, messages: list[dict], tools=()) -> str | None:
    if not settings.ENABLE_GLM_CACHING:
        return None
    params = gateway.request_params(config, system, messages, tools)
    return PREFIX + hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def cached_completion(key: str | None) -> gateway.Completion | None:
    """A stored answer, as a completion that cost nothing this time: no tokens, no round trip."""
    hit = cache.get(key) if key else None
    if hit is None:
        return None
    return gateway.Completion(
        text=hit["text"],
        model=hit["model"],
        stop_reason=hit["stop_reason"],
        input_tokens=0,
        output_tokens=0,
        cache_read_tokens=0,
        cache_creation_tokens=0,
        provider_request_id="",
        retries=0,
        latency_ms=0.0,
        time_to_first_token_ms=None,
        streamed=False,
    )


def completion_store(key: str, completion: gateway.Completion) -> None:
    answer = {"text": completion.text, "model": completion.model, "stop_reason": completion.stop_reason}
    cache.set(key, answer, settings.GLM_CACHE_TTL_SECONDS)
