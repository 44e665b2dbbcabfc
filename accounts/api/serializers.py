from django.utils import timezone
from rest_framework import serializers

from accounts.models import Account, Activity, Deal
from sergas import dates


class SignalSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    penalty = serializers.IntegerField()


class HealthSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    band = serializers.CharField()
    signals = SignalSerializer(many=True)


class AccountSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", default=None, read_only=True)
    health = serializers.SerializerMethodField()

    class Meta:
        model = Account
        fields = ["external_id", "name", "status", "owner", "industry", "annual_revenue", "contract_end", "health"]

    def get_health(self, account) -> HealthSerializer:
        return HealthSerializer(self.context["health"][account.pk]).data


class DealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deal
        fields = ["id", "name", "stage", "amount", "probability", "close_date", "stage_changed_at"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "kind", "subject", "occurred_at"]


class AccountDetailSerializer(AccountSerializer):
    open_deals = serializers.SerializerMethodField()
    recent_activities = serializers.SerializerMethodField()

    class Meta(AccountSerializer.Meta):
        fields = [*AccountSerializer.Meta.fields, "open_deals", "recent_activities"]

    def get_open_deals(self, account) -> DealSerializer(many=True):
        return DealSerializer(self.context["open_deals"], many=True).data

    def get_recent_activities(self, account) -> ActivitySerializer(many=True):
        return ActivitySerializer(self.context["recent_activities"], many=True).data


class ActivityInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Activity.Kind.choices)
    subject = serializers.CharField(max_length=300)
    occurred_at = serializers.DateTimeField(
        required=False, validators=[dates.supported], help_text="default: now; not in the future"
    )

    def validate_occurred_at(self, occurred_at):
        if occurred_at > timezone.now():
            raise serializers.ValidationError("An activity that has happened cannot be in the future.")
        return occurred_at


class AccountListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Account.Status.choices, required=False)
    owner = serializers.CharField(required=False, help_text="username")
    health_band = serializers.CharField(required=False)
    search = serializers.CharField(required=False, max_length=200, help_text="part of the name or the id")
    ordering = serializers.ChoiceField(
        choices=[("external_id", "by id"), ("health", "worst health first")], required=False, default="external_id"
    )

    def validate_health_band(self, band: str) -> str:
        from accounts.health import band_names

        if band not in band_names():
            raise serializers.ValidationError(f"Use one of: {', '.join(band_names())}.")
        return band
