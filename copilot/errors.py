"""The API's error codes (DESIGN contract) and the exception that carries them."""

from __future__ import annotations

from django.db import models

from sergas.jsonbody import BodyError, BodyTooLarge


class ErrorCode(models.TextChoices):
    # Labels are the codes: staff see in the admin exactly what clients got in the API.
    VALIDATION_ERROR = "VALIDATION_ERROR", "VALIDATION_ERROR"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE", "PAYLOAD_TOO_LARGE"
    UNAUTHENTICATED = "UNAUTHENTICATED", "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED", "PERMISSION_DENIED"
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND", "ACCOUNT_NOT_FOUND"
    RATE_LIMITED = "RATE_LIMITED", "RATE_LIMITED"
    BUDGET_EXCEEDED = "BUDGET_EXCEEDED", "BUDGET_EXCEEDED"
    LLM_NOT_CONFIGURED = "LLM_NOT_CONFIGURED", "LLM_NOT_CONFIGURED"
    PROVIDER_AUTH_FAILED = "PROVIDER_AUTH_FAILED", "PROVIDER_AUTH_FAILED"
    PROVIDER_RATE_LIMITED = "PROVIDER_RATE_LIMITED", "PROVIDER_RATE_LIMITED"
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE", "PROVIDER_UNAVAILABLE"
    PROVIDER_TIMEOUT = "PROVIDER_TIMEOUT", "PROVIDER_TIMEOUT"
    PROVIDER_BAD_RESPONSE = "PROVIDER_BAD_RESPONSE", "PROVIDER_BAD_RESPONSE"
    # Extensions beyond the DESIGN table, for cases it does not name:
    PROVIDER_REJECTED = (
        "PROVIDER_REJECTED",
        "PROVIDER_REJECTED",
    )  # provider 4xx other than 401/403/429 (e.g. unknown model)
    CANCELLED = "CANCELLED", "CANCELLED"  # the caller went away or the run was stopped mid-call
    INTERRUPTED = "INTERRUPTED", "INTERRUPTED"  # the process making the call stopped (crash, SIGKILL)
    INTERNAL_ERROR = "INTERNAL_ERROR", "INTERNAL_ERROR"
    # The model still asked for server tools at the turn's last step (AGENT_MAX_STEPS), with no words to end on.
    AGENT_STEP_LIMIT = "AGENT_STEP_LIMIT", "AGENT_STEP_LIMIT"


HTTP_STATUS = {
    ErrorCode.VALIDATION_ERROR: 400,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.ACCOUNT_NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.BUDGET_EXCEEDED: 429,
    ErrorCode.LLM_NOT_CONFIGURED: 503,
    ErrorCode.PROVIDER_AUTH_FAILED: 502,
    ErrorCode.PROVIDER_RATE_LIMITED: 503,
    ErrorCode.PROVIDER_UNAVAILABLE: 502,
    ErrorCode.PROVIDER_TIMEOUT: 504,
    ErrorCode.PROVIDER_BAD_RESPONSE: 502,
    ErrorCode.PROVIDER_REJECTED: 502,
    ErrorCode.CANCELLED: 499,
    ErrorCode.INTERRUPTED: 503,
    ErrorCode.INTERNAL_ERROR: 500,
    ErrorCode.AGENT_STEP_LIMIT: 422,
}


class CopilotError(Exception):
    """A failure with a documented code. ``message`` is safe to show to the caller."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        field: str | None = None,
        retry_after: int | None = None,
        request_id: int | None = None,
    ):
        super().__init__(message)
        self.code = ErrorCode(code)
        self.message = message
        self.field = field
        self.retry_after = retry_after
        self.request_id = request_id

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]

    @classmethod
    def from_body(cls, error: BodyError) -> CopilotError:
        """A request body the API could not read (``sergas.jsonbody``), with its message."""
        code = ErrorCode.PAYLOAD_TOO_LARGE if isinstance(error, BodyTooLarge) else ErrorCode.VALIDATION_ERROR
        return cls(code, str(error.detail))


def error_body(code: ErrorCode, problems: list[tuple[str, str | None]], *, request_id: int | None = None) -> dict:
    """The contract's error body: ``{"data": null, "errors": [{"message", "extensions": {"code",
    "requestId", "field"?}}]}``, one entry per (message, field) problem."""
    errors = []
    for message, field in problems:
        extensions = {"code": code.value, "requestId": str(request_id) if request_id is not None else None}
        if field:
            extensions["field"] = field
        errors.append({"message": message, "extensions": extensions})
    return {"data": None, "errors": errors}
