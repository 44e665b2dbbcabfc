"""Render any failure of the CopilotKit endpoint as the contract's error body.

``{"data": null, "errors": [{"message": ..., "extensions": {"code": ..., "requestId": ..., "field": ...}}]}``
Never a traceback, never a raw exception string.
"""

from __future__ import annotations

import structlog
from rest_framework import exceptions
from rest_framework.response import Response

from copilot.errors import HTTP_STATUS, CopilotError, ErrorCode, error_body
from sergas.jsonbody import BodyError, as_body_error

logger = structlog.get_logger(__name__)


def error_response(
    code: ErrorCode,
    problems: list[tuple[str, str | None]],
    *,
    request_id: int | None = None,
    retry_after: int | None = None,
    status: int | None = None,
) -> Response:
    body = error_body(code, problems, request_id=request_id)
    response = Response(body, status=status or HTTP_STATUS[code])
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def flatten_validation(detail, path: str = "") -> list[tuple[str, str | None]]:
    """DRF's nested error detail as (message, field path) pairs: ``messages[1].content``."""
    if isinstance(detail, dict):
        problems = []
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                problems += flatten_validation(value, path)
            elif isinstance(key, int):  # DRF keys errors of list items by index
                problems += flatten_validation(value, f"{path}[{key}]")
            else:
                problems += flatten_validation(value, f"{path}.{key}" if path else str(key))
        return problems
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [(_with_field(str(item), path), path or None) for item in detail]
        problems = []
        for index, item in enumerate(detail):
            if item:
                problems += flatten_validation(item, f"{path}[{index}]")
        return problems
    return [(_with_field(str(detail), path), path or None)]


def _with_field(message: str, path: str) -> str:
    return f"{path}: {message}" if path else message


def copilot_exception_response(exc: Exception) -> Response:
    exc = as_body_error(exc)
    if isinstance(exc, CopilotError):
        return error_response(
            exc.code, [(exc.message, exc.field)], request_id=exc.request_id, retry_after=exc.retry_after
        )
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = error_response(ErrorCode.UNAUTHENTICATED, [(str(exc.detail), None)])
        response["WWW-Authenticate"] = 'Token realm="api"'
        return response
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, int(exc.wait or 1))
        return error_response(
            ErrorCode.RATE_LIMITED,
            [(f"Too many requests; try again in {wait} seconds.", None)],
            retry_after=wait,
        )
    if isinstance(exc, exceptions.PermissionDenied):
        return error_response(ErrorCode.PERMISSION_DENIED, [(str(exc.detail), None)])
    if isinstance(exc, BodyError):
        return copilot_exception_response(CopilotError.from_body(exc))
    if isinstance(exc, exceptions.ParseError):
        return error_response(ErrorCode.VALIDATION_ERROR, [("The request body is not valid JSON.", None)])
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return error_response(
            ErrorCode.VALIDATION_ERROR, [("Send a JSON body with Content-Type: application/json.", None)]
        )
    if isinstance(exc, exceptions.ValidationError):
        return error_response(ErrorCode.VALIDATION_ERROR, flatten_validation(exc.detail))
    if isinstance(exc, exceptions.APIException) and exc.status_code < 500:
        return error_response(ErrorCode.VALIDATION_ERROR, [(str(exc.detail), None)], status=exc.status_code)
    logger.exception("copilotkit_unhandled_error")
    return error_response(ErrorCode.INTERNAL_ERROR, [("Internal error; it has been logged.", None)])
