"""A user's conversations (AG-UI threads) with every message, as the REST API shows them."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from copilot.api.serializers import ThreadDetailSerializer, ThreadSerializer
from copilot.ledger.selectors import visible_threads


class ThreadListView(GenericAPIView):
    serializer_class = ThreadSerializer

    @extend_schema(
        operation_id="threads_list",
        responses=ThreadSerializer(many=True),
        summary="The user's conversations, latest first, with what each cost",
        parameters=[OpenApiParameter("account", str, description="only those about this account (its id)")],
    )
    def get(self, request):
        page = self.paginate_queryset(visible_threads(request.user, account_id=request.query_params.get("account")))
        return self.get_paginated_response(ThreadSerializer(page, many=True).data)


class ThreadDetailView(GenericAPIView):
    serializer_class = ThreadDetailSerializer

    @extend_schema(summary="One conversation with every message")
    def get(self, request, key: str):
        thread = get_object_or_404(visible_threads(request.user).prefetch_related("thread_messages"), key=key)
        return Response(ThreadDetailSerializer(thread).data)
