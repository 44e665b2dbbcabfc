"""The API's serializers: input validation (limits read from settings at request time), and the
output serializers that render every response and are its OpenAPI schema."""

from __future__ import annotations

from rest_framework import serializers

from copilot.analysis.prompts import AGENTS, DEFAULT_AGENT
from copilot.errors import ErrorCode
from copilot.frontdoor import limits
from copilot.ledger.pricing import format_usd
from copilot.models import DEFAULT_TASK, AnalysisRequest, Task, Thread, ThreadMessage, TokenUsage


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers and other non-strings instead of coercing them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MessageSerializer(serializers.Serializer):
    role = StrictCharField()
    content = StrictCharField(trim_whitespace=False)

    def validate_role(self, role: str) -> str:
        if role == "system":
            raise serializers.ValidationError(
                "The 'system' role is not accepted: the system prompt is set by the server."
            )
        if role not in ("user", "assistant"):
            raise serializers.ValidationError(f"Unknown role '{role}'; use 'user' or 'assistant'.")
        return role

    def validate_content(self, content: str) -> str:
        if not content.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return content  # its length is the front door's (copilot.frontdoor.limits), as for every entry


class CopilotRequestSerializer(serializers.Serializer):
    agent = StrictCharField(required=False, default=DEFAULT_AGENT)
    account_id = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=64)
    operationName = StrictCharField(required=False)
    thread_id = serializers.RegexField(
        limits.ID_PATTERN, required=False, allow_null=True, error_messages={"invalid": limits.ID_RULE}
    )
    messages = MessageSerializer(many=True, allow_empty=False)
    task = serializers.ChoiceField(
        choices=Task.choices,
        required=False,
        default=DEFAULT_TASK,
        help_text="Which route answers: its model, and its fallback when the model's provider is in trouble.",
    )
    stream = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Answer as server-sent events (`delta` frames, then `result`) when the server allows "
        "streaming (ENABLE_GLM_STREAMING); otherwise the JSON answer.",
    )

    def validate_agent(self, agent: str) -> str:
        if agent not in AGENTS:
            raise serializers.ValidationError(f"Unknown agent '{agent}'; available: {', '.join(sorted(AGENTS))}.")
        return agent

    def validate_operationName(self, name: str) -> str:
        if name != "generateCopilotResponse":
            raise serializers.ValidationError("Only 'generateCopilotResponse' is supported.")
        return name

    def validate_messages(self, messages: list[dict]) -> list[dict]:
        if messages[-1]["role"] != "user":
            raise serializers.ValidationError("The last message must come from the user.")
        return messages  # how many, and how long: the front door's


# --- output ------------------------------------------------------------------------------


class UsageSerializer(serializers.ModelSerializer):
    cost_usd = serializers.SerializerMethodField(help_text="Exact cost in USD; null when the model has no price.")
    priced = serializers.BooleanField(source="is_priced", read_only=True)

    class Meta:
        model = TokenUsage
        fields = [
            "model",
            "input_tokens",
            "output_tokens",
            "cache_read_tokens",
            "cache_creation_tokens",
            "cost_usd",
            "priced",
        ]

    def get_cost_usd(self, usage) -> str | None:
        return format_usd(usage.cost_usd)


class AnalysisSerializer(serializers.ModelSerializer):
    account_id = serializers.CharField(source="account.external_id", default=None, read_only=True)
    user = serializers.CharField(source="user.username", default=None, read_only=True)
    thread_id = serializers.CharField(source="thread.key", default=None, read_only=True)
    usage = UsageSerializer(read_only=True, default=None)

    class Meta:
        model = AnalysisRequest
        fields = [
            "id",
            "created_at",
            "finished_at",
            "status",
            "error_code",
            "error_message",
            "source",
            "agent",
            "account_id",
            "user",
            "thread_id",
            "prompt",
            "response",
            "model",
            "provider",
            "latency_ms",
            "time_to_first_token_ms",
            "retries",
            "cache_hit",
            "correlation_id",
            "task",
            "fallback_of",
            "usage",
        ]


class AnalysisListSerializer(AnalysisSerializer):
    class Meta(AnalysisSerializer.Meta):
        fields = [name for name in AnalysisSerializer.Meta.fields if name not in ("response",)]


class UsageCounts(serializers.Serializer):
    inputTokens = serializers.IntegerField(source="input_tokens")
    outputTokens = serializers.IntegerField(source="output_tokens")
    cacheReadTokens = serializers.IntegerField(source="cache_read_tokens")
    cacheCreationTokens = serializers.IntegerField(source="cache_creation_tokens")


class FallbackFrom(serializers.Serializer):
    model = serializers.CharField()
    provider = serializers.CharField()
    requestId = serializers.CharField(source="pk")
    code = serializers.ChoiceField(source="error_code", choices=ErrorCode.choices, help_text="Why it did not answer.")


class GenerateCopilotResponse(serializers.Serializer):
    """An ``AnalysisResult`` as the seed's generateCopilotResponse."""

    response = serializers.CharField(source="record.response", help_text="The model's text, nothing invented.")
    threadId = serializers.CharField(source="thread.key", allow_null=True)
    timestamp = serializers.DateTimeField(source="record.finished_at")
    model = serializers.CharField(source="record.model")
    agent = serializers.SerializerMethodField()
    requestId = serializers.CharField(source="record.pk")
    accountId = serializers.CharField(source="record.account.external_id", allow_null=True)
    usage = UsageCounts()
    costUsd = serializers.SerializerMethodField(help_text="Exact cost in USD; null when the model has no price.")
    task = serializers.CharField(source="record.task")
    fallbackFrom = FallbackFrom(
        source="record.fallback_of",
        allow_null=True,
        help_text="The first attempt, when the route's fallback answered instead; else null.",
    )

    def get_agent(self, result) -> str:
        return f"real_{result.record.agent}"

    def get_costUsd(self, result) -> str | None:
        return format_usd(result.usage.cost_usd)


class CopilotData(serializers.Serializer):
    generateCopilotResponse = GenerateCopilotResponse()


class CopilotResponse(serializers.Serializer):
    data = CopilotData()


class ErrorExtensions(serializers.Serializer):
    code = serializers.ChoiceField(choices=ErrorCode.choices)
    requestId = serializers.CharField(allow_null=True, help_text="The recorded call, when a provider call was made.")
    field = serializers.CharField(required=False, help_text="The input at fault, e.g. `messages[0].content`.")


class ErrorEntry(serializers.Serializer):
    message = serializers.CharField()
    extensions = ErrorExtensions()


class ErrorResponse(serializers.Serializer):
    data = serializers.JSONField(allow_null=True, help_text="Always null.")
    errors = ErrorEntry(many=True)


class HealthChecks(serializers.Serializer):
    database = serializers.CharField()
    llm = serializers.ChoiceField(choices=["configured", "not_configured"])


class ServiceHealth(serializers.Serializer):
    status = serializers.ChoiceField(choices=["healthy", "degraded", "unhealthy"])
    service = serializers.CharField()
    model = serializers.CharField()
    provider = serializers.CharField()
    timestamp = serializers.DateTimeField()
    checks = HealthChecks()


class UsageRow(serializers.Serializer):
    key = serializers.CharField(allow_null=True)  # a day, model, account id or username
    requests = serializers.IntegerField()
    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()
    cache_read_tokens = serializers.IntegerField()
    cache_creation_tokens = serializers.IntegerField()
    cost_usd = serializers.SerializerMethodField()
    unpriced_requests = serializers.IntegerField()

    def get_cost_usd(self, row) -> str | None:
        return format_usd(row["cost_usd"])


class UsageSummary(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    groupBy = serializers.CharField()
    rows = UsageRow(many=True)


class ThreadMessageSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="message_id")
    request_id = serializers.IntegerField(source="analysis_request_id", allow_null=True)

    class Meta:
        model = ThreadMessage
        fields = ["id", "role", "content", "tool_calls", "tool_call_id", "request_id", "created_at"]


class ThreadSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="key")
    account_id = serializers.CharField(source="account.external_id", default=None, read_only=True)
    title = serializers.CharField(allow_null=True, help_text="The conversation's first question.")
    calls = serializers.IntegerField(help_text="Provider calls made in it.")
    message_count = serializers.IntegerField(help_text="Messages the user and the assistant wrote in it.")
    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()
    cost_usd = serializers.SerializerMethodField(help_text="Exact cost of its priced calls; null when none is.")

    class Meta:
        model = Thread
        fields = [
            "id",
            "account_id",
            "title",
            "created_at",
            "updated_at",
            "message_count",
            "calls",
            "input_tokens",
            "output_tokens",
            "cost_usd",
        ]

    def get_cost_usd(self, thread) -> str | None:
        return format_usd(thread.cost_usd)


class ThreadDetailSerializer(ThreadSerializer):
    messages = ThreadMessageSerializer(source="thread_messages", many=True, read_only=True)

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "messages"]
