"""The recommendations API: list and read the caller's, accept, dismiss, done. Thin: validate, call
a service, render. Another manager's recommendation is a 404 on every route."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
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


# A manager's decision on a recommendation: ``service`` called with the caller and the fields of
# ``input_serializer`` (none: no body), answered with ``output_serializer``. One subclass a route,
# each with its own schema (a comment, not a docstring: drf-spectacular would publish a docstring).
class RecommendationDecideView(GenericAPIView):
    service = None
    input_serializer = None
    output_serializer = RecommendationSerializer

    def get_serializer_class(self):
        return self.input_serializer or self.output_serializer

    def output_context(self, recommendation: Recommendation) -> dict:
        return {}

    def post(self, request, pk: int):
        recommendation = _decidable_or_error(request, pk)
        arguments = {}
        if self.input_serializer is not None:
            given = self.input_serializer(data=request.data)
            given.is_valid(raise_exception=True)
            arguments = given.validated_data
        decided = _transition(self.service, recommendation, user=request.user, **arguments)
        return Response(self.output_serializer(decided, context=self.output_context(decided)).data)


@extend_schema_view(
    post=extend_schema(request=None, responses={200: RecommendationSerializer, **CONFLICT}, summary="Accept a proposal")
)
class RecommendationAcceptView(RecommendationDecideView):
    service = staticmethod(services.recommendation_accept)


@extend_schema_view(
    post=extend_schema(
        request=DismissInput,
        responses={200: RecommendationSerializer, **CONFLICT},
        summary="Dismiss a proposed or accepted action, saying why",
    )
)
class RecommendationDismissView(RecommendationDecideView):
    service = staticmethod(services.recommendation_dismiss)
    input_serializer = DismissInput


@extend_schema_view(
    post=extend_schema(
        request=DoneInput,
        responses={200: DoneSerializer, **CONFLICT},
        summary="Mark an action done: logs an activity of its kind on the account and answers the new health",
    )
)
class RecommendationDoneView(RecommendationDecideView):
    service = staticmethod(services.recommendation_done)
    input_serializer = DoneInput
    output_serializer = DoneSerializer

    def output_context(self, recommendation: Recommendation) -> dict:
        return {"health": report_of(stored_health(recommendation.account))}
