import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from accounts.health import SIGNALS, band_names
from accounts.history.selectors import appeared_and_cleared, report_of
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
        return HealthSerializer(report_of(account.health)).data


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


class NameList(serializers.ListField):
    """Names from a repeated query parameter, a comma-separated one, or both (``?a=x&a=y,z``)."""

    def __init__(self, *, names, **kwargs):
        self.names = tuple(names)
        super().__init__(child=serializers.CharField(allow_blank=True), required=False, **kwargs)  # empty: no filter

    def to_internal_value(self, data):
        try:
            items = super().to_internal_value(data)
        except serializers.ValidationError:  # a value no name can be (a NUL, not text): one message, not one per item
            raise serializers.ValidationError(f"Use some of: {', '.join(self.names)}.") from None
        given = [part.strip() for item in items for part in item.split(",")]
        unknown = [name for name in given if name and name not in self.names]
        if unknown:
            raise serializers.ValidationError(f"Unknown: {', '.join(unknown)}. Use some of: {', '.join(self.names)}.")
        return list(dict.fromkeys(name for name in given if name))


class AccountListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Account.Status.choices, required=False)
    owner = serializers.CharField(required=False, help_text="username")
    health_band = NameList(names=band_names(), help_text="any of these bands; repeat it or separate with commas")
    signal = NameList(names=SIGNALS, help_text="every one of these signals fires; repeat it or separate with commas")
    search = serializers.CharField(required=False, max_length=200, help_text="part of the name or the id")
    ordering = serializers.ChoiceField(
        choices=[("external_id", "by id"), ("health", "worst health first")], required=False, default="external_id"
    )


# --- Health over time -----------------------------------------------------------------------

HISTORY_MAX_DAYS = 365


class HealthTrendQuery(serializers.Serializer):
    days = serializers.IntegerField(
        required=False, default=30, min_value=1, max_value=HISTORY_MAX_DAYS, help_text="days back, today included"
    )


class HealthChangesQuery(serializers.Serializer):
    since = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=f"YYYY-MM-DD, default yesterday, at most {HISTORY_MAX_DAYS} days back",
    )

    def validate_since(self, since):
        today = timezone.localdate()
        if since > today:
            raise serializers.ValidationError("A day that has not come yet has no changes.")
        if since < today - dt.timedelta(days=HISTORY_MAX_DAYS):
            raise serializers.ValidationError(f"At most {HISTORY_MAX_DAYS} days back.")
        return since

    def validate(self, attrs):
        attrs.setdefault("since", timezone.localdate() - dt.timedelta(days=1))
        return attrs


class SnapshotSerializer(serializers.Serializer):
    day = serializers.DateField()
    score = serializers.IntegerField()
    band = serializers.CharField()
    signals = serializers.ListField(child=serializers.CharField())


class SignalChangeSerializer(serializers.Serializer):
    day = serializers.DateField()
    signal = serializers.CharField()
    change = serializers.ChoiceField(choices=["appeared", "cleared"])


class HealthTrendSerializer(serializers.Serializer):
    series = SnapshotSerializer(many=True)
    changes = SignalChangeSerializer(many=True)


class HealthChangeSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    name = serializers.CharField()
    since = serializers.SerializerMethodField()
    band_before = serializers.CharField()
    band_after = serializers.CharField(source="health.band")
    score_before = serializers.IntegerField()
    score_after = serializers.IntegerField(source="health.score")
    appeared = serializers.SerializerMethodField()
    cleared = serializers.SerializerMethodField()

    def get_since(self, account) -> dt.date:
        return self.context["since"]

    def get_appeared(self, account) -> list[str]:
        return appeared_and_cleared(account.signals_before, account.health.signals)[0]

    def get_cleared(self, account) -> list[str]:
        return appeared_and_cleared(account.signals_before, account.health.signals)[1]
