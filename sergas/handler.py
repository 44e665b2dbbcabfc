"""Django's ASGI handler, with the request's thread kept rather than started per request.

Django runs each request inside a fresh ``ThreadSensitiveContext``: the request's sync code (a
sync view, a signal's receivers, ``response.close()``) runs on one thread of its own, which
asgiref starts for the request and stops after it. Here the contexts are reused: a request takes
an idle one (its thread already running) and gives it back when it is answered, so sync code
still runs on one thread per request in flight, but no thread is started per request. A thread's
database connections stay open for its next request and are closed when the thread is stopped.
"""

from __future__ import annotations

import django
from asgiref.sync import SyncToAsync, ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler
from django.db import connections

# Threads kept idle beyond this are stopped: a burst of slow requests does not keep its threads.
MAX_IDLE_THREADS = 32


class ReusingASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        self._idle: list[ThreadSensitiveContext] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        context = self._idle.pop() if self._idle else ThreadSensitiveContext()
        token = SyncToAsync.thread_sensitive_context.set(context)
        try:
            await self.handle(scope, receive, send)
        finally:
            SyncToAsync.thread_sensitive_context.reset(token)
            if len(self._idle) < MAX_IDLE_THREADS:
                self._idle.append(context)
            else:
                executor = SyncToAsync.context_to_thread_executor.pop(context, None)
                if executor is not None:
                    executor.submit(connections.close_all)  # its thread's own, kept between requests
                    executor.shutdown(wait=False)


def get_asgi_application() -> ReusingASGIHandler:
    """``django.core.asgi.get_asgi_application`` with this handler."""
    django.setup(set_prefix=False)
    return ReusingASGIHandler()
