"""The OpenAPI schema documents every answer an operation can give, its errors included, so that a
client (and the contract fuzzing in CI) can check each response against it. The schema and its
Swagger UI (``sergas.docs``) need authentication like the rest of the API."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

DRF_ERROR = {
    "description": "An error: `detail`, or each field at fault with its messages.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        }
    },
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in self._error_statuses():
            responses.setdefault(status, DRF_ERROR)  # an operation that documents its own keeps it
        return responses

    def _error_statuses(self) -> list[str]:
        statuses = []
        if self.method in ("POST", "PUT", "PATCH") or self._get_parameters():
            statuses.append("400")
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            statuses += ["401", "403"]
        if "{" in self.path or (self._is_list_view() and getattr(self.view, "pagination_class", None)):
            statuses.append("404")  # an unknown id, or a page past the last
        if self.method in ("POST", "PUT", "PATCH"):
            statuses += ["413", "415"]
        return statuses
