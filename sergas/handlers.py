"""Django's ASGI and WSGI handlers, with static files answered in front of the middleware chain.

Under ASGI, Django runs each hook of each of its middlewares in a worker thread of its own:
``MiddlewareMixin`` is async-capable, so every ``process_request``, ``process_view`` and
``process_response`` is one round trip between the event loop and a thread, 17 of them for a
request through our middleware. Every view here is sync, so the ASGI handler builds the chain in
sync mode, as a WSGI server would, and a request crosses into a worker thread once. An async
view, should one be added, still works: Django runs it from the sync chain, with a hop back.

Static files are answered first by ServeStatic's middleware. It is async-only: in the chain it
would cost two more crossings per request; in front of it, under ASGI, it runs on the event loop.
Both entry points share this, so ``MIDDLEWARE`` does not list it.
"""

from __future__ import annotations

from asgiref.sync import async_to_sync, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIHandler
from servestatic.middleware import ServeStaticMiddleware


class _StaticFilesFirst(BaseHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        self._static_files = ServeStaticMiddleware(self._chain_response_from_thread)

    async def _chain_response_from_thread(self, request):
        # Thread-sensitive, as every sync view is under Django's own handler: the request's
        # database connection belongs to its thread.
        return await sync_to_async(super().get_response, thread_sensitive=True)(request)


class SyncChainASGIHandler(_StaticFilesFirst, ASGIHandler):
    async def get_response_async(self, request):
        return await self._static_files(request)


class StaticFilesWSGIHandler(_StaticFilesFirst, WSGIHandler):
    def get_response(self, request):
        return async_to_sync(self._static_files)(request)
