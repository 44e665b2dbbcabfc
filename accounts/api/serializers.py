from rest_framework import serializers

from accounts.models import Account


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


class AccountListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Account.Status.choices, required=False)
    owner = serializers.CharField(required=False, help_text="username")
    health_band = serializers.CharField(required=False)

    def validate_health_band(self, band: str) -> str:
        from accounts.health import band_names

        if band not in band_names():
            raise serializers.ValidationError(f"Use one of: {', '.join(band_names())}.")
        return band
