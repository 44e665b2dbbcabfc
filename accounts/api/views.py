from django.db.models import Q
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
    HealthChangeSerializer,
    HealthChangesQuery,
    HealthSerializer,
    HealthTrendQuery,
    HealthTrendSerializer,
)
from accounts.history.selectors import (
    changed_since,
    ensure_stored,
    filter_by_health,
    health_trend,
    report_of,
    stored_health,
    with_stored_health,
)
from accounts.selectors import open_deals_of, recent_activities_of, visible_account, visible_accounts
from accounts.services import activity_log

FACTS_SHOWN = 10  # open deals and recent activities on an account's page


class AccountListView(GenericAPIView):
    serializer_class = AccountSerializer

    @extend_schema(
        parameters=[AccountListQuery],
        responses=AccountSerializer(many=True),
        operation_id="accounts_list",
        summary="Accounts with their stored health, filterable by band and signals, worst first on request",
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
        accounts = filter_by_health(
            accounts,
            bands=filters.get("health_band", ()),
            signals=filters.get("signal", ()),
            order_by_health=filters["ordering"] == "health",
        )
        page = ensure_stored(self.paginate_queryset(accounts))
        return self.get_paginated_response(AccountSerializer(page, many=True).data)


def _visible_or_404(request, external_id: str):
    account = with_stored_health(visible_accounts(request.user)).filter(external_id=external_id).first()
    if account is None:
        raise NotFound(f"No account '{external_id}'.")
    return account


class AccountDetailView(GenericAPIView):
    serializer_class = AccountDetailSerializer

    @extend_schema(summary="One account with its health signals, open deals and recent activities")
    def get(self, request, external_id: str):
        account = ensure_stored([_visible_or_404(request, external_id)])[0]
        context = {
            "open_deals": open_deals_of(account)[:FACTS_SHOWN],
            "recent_activities": recent_activities_of(account)[:FACTS_SHOWN],
        }
        return Response(AccountDetailSerializer(account, context=context).data)


class HealthTrendView(GenericAPIView):
    serializer_class = HealthTrendSerializer
    pagination_class = None

    @extend_schema(
        parameters=[HealthTrendQuery],
        responses=HealthTrendSerializer,
        operation_id="accounts_health_trend",
        summary="An account's daily health, oldest first, and the signals that appeared or cleared each day",
    )
    def get(self, request, external_id: str):
        query = HealthTrendQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        account = _visible_or_404(request, external_id)
        trend = health_trend(account, days=query.validated_data["days"])
        return Response(HealthTrendSerializer(trend).data)


class HealthChangesView(GenericAPIView):
    serializer_class = HealthChangeSerializer

    @extend_schema(
        parameters=[HealthChangesQuery],
        responses=HealthChangeSerializer(many=True),
        operation_id="accounts_health_changes",
        summary="Your accounts whose band or signals changed since a day (default: yesterday), worst change first",
    )
    def get(self, request):
        query = HealthChangesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = query.validated_data["since"]
        page = self.paginate_queryset(changed_since(visible_accounts(request.user), since))
        return self.get_paginated_response(HealthChangeSerializer(page, many=True, context={"since": since}).data)


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
        body = {"activity": activity, "health": report_of(stored_health(account))}
        return Response(LoggedActivitySerializer(body).data, status=status.HTTP_201_CREATED)
