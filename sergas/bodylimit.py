"""An ASGI guard in front of Django: a request body over the limit is answered 413 at once.

Django reads a request's whole body before any middleware or view sees the request, so a client
announcing ``Content-Length: 10000000000`` would hold its connection (and a disk's worth of spool
file) until the body came. Here a declared length over the limit is refused before a byte of the
body is read, and a body sent without a length (chunked) is refused as soon as it passes the limit;
Django then sees a client that went away. The limit is Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
the one ``sergas.jsonbody`` applies, and the answer its documented PAYLOAD_TOO_LARGE body.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings


def _declared_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP server refuses such a request before it gets here
    return None


def _refusal(limit: int, size: int | None) -> tuple[list[tuple[bytes, bytes]], bytes]:
    from copilot.errors import ErrorCode, error_body  # after Django is set up

    told = f" ({size:,} bytes)" if size is not None else ""
    message = f"The request body{told} is larger than the limit of {limit:,} bytes."
    # The top-level message is the one CopilotKit shows; the rest is the API's error body.
    body = json.dumps({"message": message, **error_body(ErrorCode.PAYLOAD_TOO_LARGE, [(message, None)])}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", uuid.uuid4().hex.encode()),
        (b"connection", b"close"),  # the rest of the body is never read
    ]
    return headers, body


async def _refuse(send, limit: int, size: int | None) -> None:
    headers, body = _refusal(limit, size)
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimitGuard:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE if scope["type"] == "http" else None
        if limit is None:  # not HTTP, or no limit configured
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit, declared)
            return
        received = 0
        refused = False

        async def counted_receive():
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    await _refuse(send, limit, None)
                    return {"type": "http.disconnect"}  # Django stops reading and answers nothing
            return message

        async def guarded_send(message):
            if not refused:
                await send(message)

        await self.app(scope, counted_receive, guarded_send)
