"""Prometheus metrics of provider calls (names from the seed); exposed by ``sergas.metrics``."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter("glm_requests_total", "Provider calls, by outcome", ["model", "provider", "source", "status"])
LATENCY = Histogram(
    "glm_latency_seconds",
    "Provider call latency",
    ["model", "provider"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64),
)
ERRORS = Counter("glm_errors_total", "Failed provider calls, by error code", ["model", "provider", "code"])
TOKENS = Counter("glm_tokens_total", "Tokens used, by kind", ["model", "provider", "kind"])
COST = Counter("glm_cost_usd_total", "Cost in USD of priced calls", ["model", "provider"])
UNPRICED = Counter("glm_unpriced_requests_total", "Calls to models with no price", ["model", "provider"])
FALLBACKS = Counter(
    "glm_fallbacks_total", "Calls a route's fallback model took over, by why", ["model", "fallback_model", "code"]
)


def observe(record, usage=None) -> None:
    """Count one finished AnalysisRequest (and its TokenUsage, when it has one)."""
    from django.conf import settings

    if not settings.ENABLE_GLM_METRICS:
        return
    labels = {"model": record.model, "provider": record.provider}
    REQUESTS.labels(source=record.source, status=record.status, **labels).inc()
    if record.latency_ms is not None and not record.cache_hit:
        LATENCY.labels(**labels).observe(record.latency_ms / 1000)
    if record.error_code:
        ERRORS.labels(code=record.error_code, **labels).inc()
    if record.fallback_of_id is not None:  # the first attempt came with it (the service's instance)
        first = record.fallback_of
        FALLBACKS.labels(model=first.model, fallback_model=record.model, code=first.error_code).inc()
    if usage is not None:
        for kind in ("input", "output", "cache_read", "cache_creation"):
            TOKENS.labels(kind=kind, **labels).inc(getattr(usage, f"{kind}_tokens"))
        if usage.cost_usd is None:
            UNPRICED.labels(**labels).inc()
        else:
            COST.labels(**labels).inc(float(usage.cost_usd))
