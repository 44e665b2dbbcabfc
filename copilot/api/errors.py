"""Render a refusal of the seed endpoint as the contract's error body.

``{"data": null, "errors": [{"message": ..., "extensions": {"code": ..., "requestId": ..., "field": ...}}]}``
Never a traceback, never a raw exception string.
"""

from __future__ import annotations

from django.http import JsonResponse

from copilot.errors import HTTP_STATUS, CopilotError, ErrorCode, error_body


def error_json(
    code: ErrorCode,
    problems: list[tuple[str, str | None]],
    *,
    request_id: int | None = None,
    retry_after: int | None = None,
) -> JsonResponse:
    response = JsonResponse(error_body(code, problems, request_id=request_id), status=HTTP_STATUS[code])
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    if code == ErrorCode.UNAUTHENTICATED:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response


def refusal_json(error: CopilotError) -> JsonResponse:
    return error_json(
        error.code, [(error.message, error.field)], request_id=error.request_id, retry_after=error.retry_after
    )


def invalid_json(detail) -> JsonResponse:
    """A serializer's errors, every one with its field."""
    return error_json(ErrorCode.VALIDATION_ERROR, flatten_validation(detail))


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
