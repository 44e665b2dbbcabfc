"""HTTP requests by route and status, and the Prometheus text of every metric of the project.

With PROMETHEUS_MULTIPROC_DIR set, each server process counts into that directory and the text
sums all of them, so the figures hold with several workers.
"""

from __future__ import annotations

import os
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests answered, by route and status", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to the response's headers (a stream's body goes on after), by route",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()


def _count(request, response, started: float) -> None:
    match = getattr(request, "resolver_match", None)
    # The URL pattern, not the path: one series per route, whatever ids the paths carry.
    route = match.route if match is not None else "unmatched"
    method = request.method if request.method in METHODS else "other"
    HTTP_REQUESTS.labels(method=method, route=route, status=str(response.status_code)).inc()
    HTTP_DURATION.labels(method=method, route=route).observe(time.perf_counter() - started)


class HttpMetricsMiddleware:
    """Sync and async: an async view is not moved to a thread to be counted."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        _count(request, response, started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        _count(request, response, started)
        return response
