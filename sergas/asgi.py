"""The ASGI application: ``uvicorn sergas.asgi:application`` (``make run``).

Django answers HTTP behind a guard that refuses an oversized body before reading it
(``sergas.bodylimit``), with a handler that starts no thread per request (``sergas.handler``). The
ASGI lifespan's start-up (which Django does not handle) finishes the calls a killed server process
left pending and builds the provider clients of the routes (with what the SDK imports lazily),
before the first request is served: the first call pays no start-up cost.
"""

import os

import structlog
from asgiref.sync import sync_to_async
from django.db import DatabaseError

from sergas.bodylimit import BodyLimitGuard
from sergas.handler import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")

django_application = get_asgi_application()
guarded_application = BodyLimitGuard(django_application)
logger = structlog.get_logger(__name__)


def _on_startup() -> list:
    """Finish stale calls; the configurations the routes call (for their clients)."""
    from copilot.analysis.recovery import stale_calls_finish  # after Django is set up
    from copilot.gateway.routing import route_configs

    try:
        stale_calls_finish()
        return route_configs()
    except DatabaseError as error:  # not migrated yet: nothing can be pending
        logger.warning("stale_call_recovery_skipped", error=type(error).__name__)
        return []


async def _startup() -> None:
    from copilot.gateway.provider import clients_prepare

    clients_prepare(await sync_to_async(_on_startup)())


async def _lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await _startup()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def application(scope, receive, send):
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
    else:
        await guarded_application(scope, receive, send)
