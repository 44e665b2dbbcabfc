"""JSON request bodies read with the limits a hostile client meets: size, encoding, syntax, depth.

Every API reads its body through here: DRF views through ``JSONBodyParser``, the async AG-UI views
through ``json_object``. Each failure is a ``BodyError`` whose message names the problem, so the
caller gets a 4xx it can act on and the server logs no traceback.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# Deeper than any body this API reads; far below the interpreter's recursion limit.
MAX_DEPTH = 64


class BodyError(exceptions.ParseError):
    """A body that is not a JSON document this API can read (400)."""


class BodyTooLarge(BodyError):
    status_code = 413
    default_code = "payload_too_large"


def body_limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _too_large(size: int | None = None) -> BodyTooLarge:
    limit = body_limit()
    told = f" ({size:,} bytes)" if size is not None else ""
    return BodyTooLarge(f"The request body{told} is larger than the limit of {limit:,} bytes.")


def declared_length(meta) -> int:
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_bytes(request) -> bytes:
    """A Django request's body, refused before reading when it declares more than the limit."""
    size = declared_length(request.META)
    if size > body_limit():
        raise _too_large(size)
    try:
        return request.body
    except RequestDataTooBig:
        raise _too_large() from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _unstorable(text: str) -> bool:
    """A NUL or an unpaired surrogate: valid JSON, but no database column or UTF-8 file takes it."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


TOO_DEEP = f"The request body is nested more than {MAX_DEPTH} levels deep."
UNSTORABLE = "The request body has a string with a NUL character or an unpaired surrogate."


def _check_values(value: Any) -> None:
    """Every string storable, every container at most MAX_DEPTH deep (iteratively: no recursion)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _unstorable(item):
                raise BodyError(UNSTORABLE)
            continue
        if isinstance(item, dict):
            children = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_DEPTH:
            raise BodyError(TOO_DEEP)
        pending.extend((child, depth + 1) for child in children)


def decode(raw: bytes) -> Any:
    if len(raw) > body_limit():
        raise _too_large(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyError(f"The request body is not UTF-8 (invalid byte at position {error.start}).") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise BodyError(TOO_DEEP) from None
    except ValueError as error:  # JSONDecodeError, or NaN / Infinity
        where = f" at line {error.lineno} column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise BodyError(f"The request body is not valid JSON: {reason}{where}.") from None
    _check_values(value)
    return value


def json_object(request) -> dict:
    """A Django request's body as a JSON object; an empty body is ``{}``."""
    raw = request_bytes(request)
    if not raw:
        return {}
    if request.content_type != "application/json":
        raise BodyError("Send a JSON body with Content-Type: application/json.")
    body = decode(raw)
    if not isinstance(body, dict):
        raise BodyError(f"The request body must be a JSON object, not {_json_type(body)}.")
    return body


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


class JSONBodyParser(JSONParser):
    """DRF's JSON parser with this module's limits and messages."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:  # DRF hands over the body Django has already read (and size-checked)
            raw = stream.read(body_limit() + 1)
        except RequestDataTooBig:
            raise _too_large() from None
        return decode(raw)


def as_body_error(exc: Exception) -> Exception:
    """Django's own size check (DRF reads ``request.body`` before its parser) as this module's 413."""
    return _too_large() if isinstance(exc, RequestDataTooBig) else exc


def exception_handler(exc, context):
    """DRF's handler, with an oversized body answered as a 413 instead of an error page."""
    from rest_framework import views  # not at import: DRF's settings import this module

    return views.exception_handler(as_body_error(exc), context)
