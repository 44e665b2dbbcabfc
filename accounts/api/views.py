from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.api.serializers import (
    AccountDetailSerializer,
    AccountListQuery,
    AccountSerializer,
    ActivityInput,
    ActivitySerializer,
    HealthSerializer,
)
from accounts.selectors import (
    account_health,
    accounts_with_health,
    open_deals_of,
    recent_activities_of,
    visible_account,
    visible_accounts,
)
from accounts.services import activity_log

FACTS_SHOWN = 10  # open deals and recent activities on an account's page


class AccountListView(GenericAPIView):
    serializer_class = AccountSerializer

    @extend_schema(
        parameters=[AccountListQuery],
        responses=AccountSerializer(many=True),
        operation_id="accounts_list",
        summary="Accounts with their health, filterable",
    )
    def get(self, request):
        query = AccountListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        accounts = visible_accounts(request.user).order_by("external_id")
        if "status" in filters:
            accounts = accounts.filter(status=filters["status"])
        if "owner" in filters:
            accounts = accounts.filter(owner__username=filters["owner"])
        if "search" in filters:
            accounts = accounts.filter(
                Q(name__icontains=filters["search"]) | Q(external_id__icontains=filters["search"])
            )
        pairs = [
            (account, report)
            for account, report in accounts_with_health(accounts)
            if filters.get("health_band") in (None, report.band)
        ]
        if filters["ordering"] == "health":
            pairs.sort(key=lambda pair: (pair[1].score, pair[0].external_id))
        page = self.paginate_queryset(pairs)
        health = {account.pk: report.as_dict() for account, report in page}
        data = AccountSerializer([account for account, _ in page], many=True, context={"health": health}).data
        return self.get_paginated_response(data)


class AccountDetailView(GenericAPIView):
    serializer_class = AccountDetailSerializer

    @extend_schema(summary="One account with its health signals, open deals and recent activities")
    def get(self, request, external_id: str):
        accounts = visible_accounts(request.user).filter(external_id=external_id)
        account, report = next(accounts_with_health(accounts), (None, None))
        if account is None:
            get_object_or_404(accounts)  # raises the standard 404
        context = {
            "health": {account.pk: report.as_dict()},
            "open_deals": open_deals_of(account)[:FACTS_SHOWN],
            "recent_activities": recent_activities_of(account)[:FACTS_SHOWN],
        }
        return Response(AccountDetailSerializer(account, context=context).data)


class LoggedActivitySerializer(serializers.Serializer):
    activity = ActivitySerializer()
    health = HealthSerializer()


class ActivityCreateView(GenericAPIView):
    serializer_class = ActivityInput

    @extend_schema(
        request=ActivityInput,
        responses={201: LoggedActivitySerializer},
        summary="Log an activity on an account you own; answers with the account's new health",
    )
    def post(self, request, external_id: str):
        account = visible_account(request.user, external_id)
        if account is None:
            raise NotFound(f"No account '{external_id}'.")
        if account.owner_id != request.user.pk:
            raise PermissionDenied("Only the account's owner may log its activities.")
        given = ActivityInput(data=request.data)
        given.is_valid(raise_exception=True)
        activity = activity_log(account, **given.validated_data)
        body = {"activity": activity, "health": account_health(account).as_dict()}
        return Response(LoggedActivitySerializer(body).data, status=status.HTTP_201_CREATED)
