"""Django's ASGI handler, with request threads kept rather than started per request, and a
shared thread for the requests for async views.

Django runs each request inside a fresh ``ThreadSensitiveContext``: the request's sync code (a
sync view, a signal's receivers, ``response.close()``) runs on one thread of its own, which
asgiref starts for the request and stops after it. Here:

- A request for an async view (the front door: ``POST /copilotkit``, the AG-UI endpoints) runs
  its sync code on a shared thread (``FRONT_DOOR_THREADS`` of them, one by default, taken in
  turn). Its sync code is short database steps, each a transaction of its own, so they can take
  turns on one thread and its connection; spreading them over a thread per request in flight
  costs more CPU in handing the GIL between threads (the README's "Lean calls" figures). A step
  that waits (a lock, a slow query) holds up the steps queued behind it on its thread. Django's
  request-start and request-end steps run there too, so its connection is checked and, on
  PostgreSQL, handed back to the pool as usual.
- A request for a sync view (the admin, the staff pages, DRF's API) may run long, so it keeps a
  thread of its own: it takes an idle one (already running) and gives it back when answered. A
  thread's database connections stay open for its next request and are closed when it is stopped.
"""

from __future__ import annotations

import itertools

import django
from asgiref.sync import SyncToAsync, ThreadSensitiveContext, iscoroutinefunction
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.db import connections
from django.urls import get_resolver

# Sync views' threads kept idle beyond this are stopped: a burst of slow requests does not keep them.
MAX_IDLE_THREADS = 32


class ReusingASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        self._idle: list[ThreadSensitiveContext] = []
        self._shared = itertools.cycle([ThreadSensitiveContext() for _ in range(max(1, settings.FRONT_DOOR_THREADS))])

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        shared = _for_async_view(scope)
        context = next(self._shared) if shared else self._idle.pop() if self._idle else ThreadSensitiveContext()
        token = SyncToAsync.thread_sensitive_context.set(context)
        try:
            await self.handle(scope, receive, send)
        finally:
            SyncToAsync.thread_sensitive_context.reset(token)
            if not shared:
                self._give_back(context)

    def _give_back(self, context: ThreadSensitiveContext) -> None:
        if len(self._idle) < MAX_IDLE_THREADS:
            self._idle.append(context)
            return
        executor = SyncToAsync.context_to_thread_executor.pop(context, None)
        if executor is not None:
            executor.submit(connections.close_all)  # its thread's own, kept between requests
            executor.shutdown(wait=False)


def _for_async_view(scope) -> bool:
    """Whether the request's URL is an async view's (Django resolves it again to serve it, and
    answers and logs any trouble in resolving it then)."""
    path = scope["path"].removeprefix(scope.get("root_path", "")) or "/"
    try:
        return iscoroutinefunction(get_resolver().resolve(path).func)
    except Exception:  # Resolver404 among others
        return False


def get_asgi_application() -> ReusingASGIHandler:
    """``django.core.asgi.get_asgi_application`` with this handler."""
    django.setup(set_prefix=False)
    return ReusingASGIHandler()
