"""The recommendations API: list and read the caller's, accept, dismiss, done. Thin: validate, call
a service, render. Another manager's recommendation is a 404 on every route."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.history.selectors import report_of, stored_health
from copilot.actions import selectors, services
from copilot.actions.api.serializers import (
    DismissInput,
    DoneInput,
    DoneSerializer,
    RecommendationListQuery,
    RecommendationSerializer,
    TransitionConflictSerializer,
)
from copilot.models import Recommendation


class TransitionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self, refusal: services.TransitionRefused):
        super().__init__()
        self.detail = {"detail": str(refusal), "status": refusal.current, "requested": refusal.wanted}


def _visible(request) -> object:
    recommendations = selectors.visible_recommendations(request.user)
    services.recommendations_expire(recommendations=recommendations)  # stale proposals read as expired
    return recommendations


def _visible_or_404(request, pk: int) -> Recommendation:
    recommendation = _visible(request).filter(pk=pk).first()
    if recommendation is None:
        raise NotFound(f"No recommendation {pk}.")
    return recommendation


def _decidable_or_error(request, pk: int) -> Recommendation:
    recommendation = _visible_or_404(request, pk)
    if not selectors.may_decide(request.user, recommendation):
        raise PermissionDenied("Only the account's owner may accept, dismiss or do its actions.")
    return recommendation


def _transition(service, recommendation, **arguments) -> Recommendation:
    try:
        return service(recommendation, **arguments)
    except services.TransitionRefused as refusal:
        raise TransitionConflict(refusal) from None


CONFLICT = {409: TransitionConflictSerializer}


class RecommendationListView(GenericAPIView):
    serializer_class = RecommendationSerializer

    @extend_schema(
        parameters=[RecommendationListQuery],
        responses=RecommendationSerializer(many=True),
        operation_id="recommendations_list",
        summary="The next-best actions on your accounts, by due date; filter by account and status",
    )
    def get(self, request):
        query = RecommendationListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.filtered(_visible(request), **query.validated_data))
        return self.get_paginated_response(RecommendationSerializer(page, many=True).data)


class RecommendationDetailView(GenericAPIView):
    serializer_class = RecommendationSerializer

    @extend_schema(summary="One recommendation")
    def get(self, request, pk: int):
        return Response(RecommendationSerializer(_visible_or_404(request, pk)).data)


class RecommendationAcceptView(GenericAPIView):
    serializer_class = RecommendationSerializer

    @extend_schema(request=None, responses={200: RecommendationSerializer, **CONFLICT}, summary="Accept a proposal")
    def post(self, request, pk: int):
        recommendation = _decidable_or_error(request, pk)
        accepted = _transition(services.recommendation_accept, recommendation, user=request.user)
        return Response(RecommendationSerializer(accepted).data)


class RecommendationDismissView(GenericAPIView):
    serializer_class = DismissInput

    @extend_schema(
        request=DismissInput,
        responses={200: RecommendationSerializer, **CONFLICT},
        summary="Dismiss a proposed or accepted action, saying why",
    )
    def post(self, request, pk: int):
        recommendation = _decidable_or_error(request, pk)
        given = DismissInput(data=request.data)
        given.is_valid(raise_exception=True)
        dismissed = _transition(
            services.recommendation_dismiss, recommendation, user=request.user, reason=given.validated_data["reason"]
        )
        return Response(RecommendationSerializer(dismissed).data)


class RecommendationDoneView(GenericAPIView):
    serializer_class = DoneInput

    @extend_schema(
        request=DoneInput,
        responses={200: DoneSerializer, **CONFLICT},
        summary="Mark an action done: logs an activity of its kind on the account and answers the new health",
    )
    def post(self, request, pk: int):
        recommendation = _decidable_or_error(request, pk)
        given = DoneInput(data=request.data)
        given.is_valid(raise_exception=True)
        done = _transition(
            services.recommendation_done, recommendation, user=request.user, note=given.validated_data.get("note", "")
        )
        context = {"health": report_of(stored_health(done.account))}
        return Response(DoneSerializer(done, context=context).data)
