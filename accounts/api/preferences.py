"""GET/PATCH /api/me/preferences/: the signed-in user's own settings (today: the morning brief)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.briefs.selectors import briefs_enabled
from accounts.briefs.services import preferences_update


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false, nothing else: "no" or 0 read as a choice would surprise someone."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid")


class PreferencesSerializer(serializers.Serializer):
    briefs = StrictBooleanField(help_text="email me the morning brief (on unless turned off)")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                known = ", ".join(self.fields)
                raise serializers.ValidationError(
                    {name: [f"Unknown preference; the preferences are: {known}."] for name in unknown}
                )
        return super().to_internal_value(data)


class PreferencesView(GenericAPIView):
    serializer_class = PreferencesSerializer
    pagination_class = None

    @extend_schema(
        operation_id="me_preferences_retrieve", summary="Your preferences: whether you get the morning brief"
    )
    def get(self, request):
        return Response(PreferencesSerializer({"briefs": briefs_enabled(request.user)}).data)

    @extend_schema(
        request=PreferencesSerializer,
        responses=PreferencesSerializer,
        operation_id="me_preferences_partial_update",
        summary="Turn the morning brief on or off",
    )
    def patch(self, request):
        given = PreferencesSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        preferences = preferences_update(request.user, briefs=given.validated_data["briefs"])
        return Response(PreferencesSerializer({"briefs": preferences.briefs_enabled}).data)
