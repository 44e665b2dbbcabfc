"""The call record through the API: analyses, an account's history, usage summaries."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import visible_account
from copilot.api.serializers import AnalysisListSerializer, AnalysisSerializer, UsageSummary
from copilot.ledger import selectors
from sergas import dates


class AnalysisDetailView(APIView):
    @extend_schema(responses=AnalysisSerializer, summary="One analysis with its usage and cost")
    def get(self, request, pk: int):
        analysis = get_object_or_404(selectors.visible_analyses(request.user), pk=pk)
        return Response(AnalysisSerializer(analysis).data)


class AccountAnalysesView(GenericAPIView):
    serializer_class = AnalysisListSerializer

    @extend_schema(responses=AnalysisListSerializer(many=True), summary="An account's analysis history, newest first")
    def get(self, request, external_id: str):
        account = visible_account(request.user, external_id)
        if account is None:
            raise Http404("No Account matches the given query.")
        analyses = selectors.visible_analyses(request.user).filter(account=account).order_by("-created_at")
        page = self.paginate_queryset(analyses)
        return self.get_paginated_response(AnalysisListSerializer(page, many=True).data)


class UsageSummaryQuery(serializers.Serializer):
    start = serializers.DateField(required=False, validators=[dates.supported], help_text="default: 30 days to end")
    end = serializers.DateField(required=False, validators=[dates.supported], help_text="default: today")
    group_by = serializers.ChoiceField(choices=list(selectors.GROUPINGS), default="day")

    def validate(self, attrs):
        try:
            attrs["start"], attrs["end"] = dates.period(
                attrs.get("start"), attrs.get("end"), today=timezone.localdate(), default_days=30, max_days=366
            )
        except dates.PeriodError as error:
            raise serializers.ValidationError({error.field: error.message}) from None
        return attrs


class UsageSummaryView(APIView):
    @extend_schema(
        parameters=[UsageSummaryQuery],
        responses=UsageSummary,
        summary="Requests, tokens and cost for a period, grouped by day, model, account or user",
    )
    def get(self, request):
        query = UsageSummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data
        rows = selectors.usage_summary(request.user, **period)
        body = {"start": period["start"], "end": period["end"], "groupBy": period["group_by"], "rows": rows}
        return Response(UsageSummary(body).data)
