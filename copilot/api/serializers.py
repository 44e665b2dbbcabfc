"""Validation of CopilotKit requests. Limits come from settings at request time."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from copilot.prompts import AGENTS, DEFAULT_AGENT

THREAD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$"


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
        limit = settings.COPILOT_MAX_MESSAGE_CHARS
        if len(content) > limit:
            raise serializers.ValidationError(f"Too long: {len(content)} characters; the limit is {limit}.")
        return content


class CopilotRequestSerializer(serializers.Serializer):
    agent = StrictCharField(required=False, default=DEFAULT_AGENT)
    account_id = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=64)
    operationName = StrictCharField(required=False)
    thread_id = serializers.RegexField(
        THREAD_ID_PATTERN,
        required=False,
        allow_null=True,
        error_messages={"invalid": "Use up to 200 letters, digits, '_', '.', ':' or '-'."},
    )
    messages = MessageSerializer(many=True, allow_empty=False)

    def validate_agent(self, agent: str) -> str:
        if agent not in AGENTS:
            raise serializers.ValidationError(f"Unknown agent '{agent}'; available: {', '.join(sorted(AGENTS))}.")
        return agent

    def validate_operationName(self, name: str) -> str:
        if name != "generateCopilotResponse":
            raise serializers.ValidationError("Only 'generateCopilotResponse' is supported.")
        return name

    def validate_messages(self, messages: list[dict]) -> list[dict]:
        limit = settings.COPILOT_MAX_MESSAGES
        if len(messages) > limit:
            raise serializers.ValidationError(f"Too many messages: {len(messages)}; the limit is {limit}.")
        if messages[-1]["role"] != "user":
            raise serializers.ValidationError("The last message must come from the user.")
        return messages
