"""The AG-UI routes in the OpenAPI schema, so that they are documented and contract-fuzzed like the
rest of the API. These classes only describe; the async views in ``copilot.agui.views`` serve."""

from __future__ import annotations

from ag_ui.core import RunAgentInput
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from copilot.api.serializers import ErrorEntry

EVENT_STREAM = (200, "text/event-stream")


def _openapi_30(schema):
    """Pydantic's JSON Schema (2020-12) in OpenAPI 3.0's dialect: ``anyOf [X, null]`` as a nullable
    X, ``const`` as a one-value enum."""
    if isinstance(schema, list):
        return [_openapi_30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: _openapi_30(value) for key, value in schema.items()}
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if options and {"type": "null"} in options:
            rest = [option for option in options if option != {"type": "null"}]
            schema.pop(key)
            schema.update(rest[0] if len(rest) == 1 and "$ref" not in rest[0] else {key: rest})
            schema["nullable"] = True
    return schema


class RunAgentInputExtension(OpenApiSerializerExtension):
    """AG-UI's RunAgentInput, from its own pydantic model, as the clients send it (camelCase)."""

    target_class = RunAgentInput
    priority = 1  # before drf-spectacular's generic pydantic extension

    def get_name(self, auto_schema, direction):
        return "RunAgentInput"

    def map_serializer(self, auto_schema, direction):
        schema = RunAgentInput.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
        for name, definition in schema.pop("$defs", {}).items():
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=_openapi_30(definition)
            )
            auto_schema.registry.register_on_missing(component)
        return _openapi_30(schema)


class RuntimeError_(serializers.Serializer):
    message = serializers.CharField(help_text="The reason, as CopilotKit shows it.")
    data = serializers.JSONField(allow_null=True, help_text="Always null.")
    errors = ErrorEntry(many=True)

    class Meta:
        ref_name = "RuntimeError"


class AgentDescription(serializers.Serializer):
    description = serializers.CharField()


class RuntimeInfo(serializers.Serializer):
    version = serializers.CharField()
    agents = serializers.DictField(child=AgentDescription(), help_text="Keyed by agent id.")
    mode = serializers.CharField()


class Stopped(serializers.Serializer):
    stopped = serializers.BooleanField()
    threadId = serializers.CharField()


def _errors(*statuses: int) -> dict:
    return {(status, "application/json"): RuntimeError_ for status in statuses}


class InfoSchema(APIView):
    @extend_schema(
        operation_id="agui_info",
        responses={(200, "application/json"): RuntimeInfo, **_errors(401, 403)},
        summary="AG-UI runtime: the agents",
    )
    def get(self, request):  # pragma: no cover - documentation only
        raise NotImplementedError


class RunSchema(APIView):
    @extend_schema(
        operation_id="agui_run",
        request=RunAgentInput,
        responses={EVENT_STREAM: OpenApiTypes.STR, **_errors(400, 401, 403, 404, 413, 429)},
        summary="AG-UI runtime: run the agent",
        description="AG-UI events as server-sent `data:` frames. A run the front door refuses (its limits, "
        "the call budget, another user's thread, an unknown account) is the error status, before any stream.",
    )
    def post(self, request, agent_id: str):  # pragma: no cover - documentation only
        raise NotImplementedError


class ConnectSchema(APIView):
    @extend_schema(
        operation_id="agui_connect",
        request=RunAgentInput,
        responses={EVENT_STREAM: OpenApiTypes.STR, **_errors(400, 401, 403, 404, 413)},
        summary="AG-UI runtime: replay a thread",
    )
    def post(self, request, agent_id: str):  # pragma: no cover - documentation only
        raise NotImplementedError


class StopSchema(APIView):
    @extend_schema(
        operation_id="agui_stop",
        request=None,
        responses={(200, "application/json"): Stopped, **_errors(400, 401, 403, 404)},
        summary="AG-UI runtime: stop a thread's run in flight",
    )
    def post(self, request, agent_id: str, thread_id: str):  # pragma: no cover - documentation only
        raise NotImplementedError


def documented(view, schema: type[APIView]):
    """The async view, described in the schema by ``schema`` (drf-spectacular reads ``cls``)."""
    view.cls = schema
    view.initkwargs = {}
    return view
