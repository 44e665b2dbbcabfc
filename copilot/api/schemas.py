"""Output serializers: they render analyses and document every response in the OpenAPI schema."""

from __future__ import annotations

from rest_framework import serializers

from copilot.models import AnalysisRequest, TokenUsage
from copilot.pricing import format_usd


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
            "usage",
        ]


class AnalysisListSerializer(AnalysisSerializer):
    class Meta(AnalysisSerializer.Meta):
        fields = [name for name in AnalysisSerializer.Meta.fields if name not in ("response",)]


class UsageCounts(serializers.Serializer):
    inputTokens = serializers.IntegerField()
    outputTokens = serializers.IntegerField()
    cacheReadTokens = serializers.IntegerField()
    cacheCreationTokens = serializers.IntegerField()


class GenerateCopilotResponse(serializers.Serializer):
    response = serializers.CharField(help_text="The model's text, nothing invented.")
    threadId = serializers.CharField()
    timestamp = serializers.DateTimeField()
    model = serializers.CharField()
    agent = serializers.CharField()
    requestId = serializers.CharField()
    accountId = serializers.CharField(allow_null=True)
    usage = UsageCounts()
    costUsd = serializers.CharField(allow_null=True)


class CopilotData(serializers.Serializer):
    generateCopilotResponse = GenerateCopilotResponse()


class CopilotResponse(serializers.Serializer):
    data = CopilotData()


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
    key = serializers.CharField(allow_null=True)
    requests = serializers.IntegerField()
    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()
    cache_read_tokens = serializers.IntegerField()
    cache_creation_tokens = serializers.IntegerField()
    cost_usd = serializers.CharField(allow_null=True)
    unpriced_requests = serializers.IntegerField()


class UsageSummary(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    groupBy = serializers.CharField()
    rows = UsageRow(many=True)
