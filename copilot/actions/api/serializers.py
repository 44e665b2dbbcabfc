"""The recommendations API's shapes: what a recommendation reads as, and each route's input."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from rest_framework import serializers

from accounts.api.serializers import HealthSerializer
from copilot.models import Recommendation

# What the managers' app offers as dismiss reasons (any other text is accepted as well).
DISMISS_REASONS = ("Not relevant", "Already done", "Wrong timing", "Facts are wrong", "Not my call")


class RecommendationSerializer(serializers.ModelSerializer):
    account = serializers.CharField(source="account.external_id", read_only=True, help_text="The account's id.")
    account_name = serializers.CharField(source="account.name", read_only=True)
    analysis_request = serializers.IntegerField(
        source="analysis_request_id", read_only=True, allow_null=True, help_text="The call that proposed it."
    )
    activity = serializers.IntegerField(
        source="activity_id", read_only=True, allow_null=True, help_text="The activity logged when it was done."
    )
    proposed_for = serializers.CharField(source="proposed_for.username", default=None, read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", default=None, read_only=True)
    expires_at = serializers.SerializerMethodField(help_text="When a proposal nobody acts on expires (else null).")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "account",
            "account_name",
            "title",
            "kind",
            "priority",
            "due_on",
            "rationale",
            "status",
            "dismiss_reason",
            "done_note",
            "activity",
            "analysis_request",
            "proposed_for",
            "decided_by",
            "decided_at",
            "accepted_at",
            "expired_at",
            "expires_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_expires_at(self, recommendation) -> dt.datetime | None:
        if recommendation.status != Recommendation.Status.PROPOSED:
            return None
        return recommendation.created_at + dt.timedelta(days=settings.RECOMMENDATION_TTL_DAYS)


class DoneSerializer(RecommendationSerializer):
    health = serializers.SerializerMethodField(help_text="The account's health after the logged activity.")

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "health"]
        read_only_fields = fields

    def get_health(self, recommendation) -> HealthSerializer:
        return HealthSerializer(self.context["health"]).data


class RecommendationListQuery(serializers.Serializer):
    account = serializers.CharField(required=False, max_length=64, help_text="Only this account's (its id).")
    status = serializers.ChoiceField(choices=Recommendation.Status.choices, required=False)


class DismissInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300,
        help_text="Why the action is not taken: one of " + ", ".join(f"'{r}'" for r in DISMISS_REASONS) + ", or text.",
    )


class DoneInput(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="What was done; added to the activity's subject."
    )


class TransitionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=Recommendation.Status.choices, help_text="The recommendation's status.")
    requested = serializers.ChoiceField(choices=Recommendation.Status.choices, help_text="The status asked for.")
