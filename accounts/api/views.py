from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.api.serializers import AccountListQuery, AccountSerializer
from accounts.selectors import accounts_with_health, visible_accounts


class AccountListView(GenericAPIView):
    serializer_class = AccountSerializer

    @extend_schema(
        parameters=[AccountListQuery], operation_id="accounts_list", summary="Accounts with their health, filterable"
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
        pairs = [
            (account, report)
            for account, report in accounts_with_health(accounts)
            if filters.get("health_band") in (None, report.band)
        ]
        page = self.paginate_queryset(pairs)
        health = {account.pk: report.as_dict() for account, report in page}
        data = AccountSerializer([account for account, _ in page], many=True, context={"health": health}).data
        return self.get_paginated_response(data)


class AccountDetailView(GenericAPIView):
    serializer_class = AccountSerializer

    @extend_schema(summary="One account with its health signals")
    def get(self, request, external_id: str):
        accounts = visible_accounts(request.user).filter(external_id=external_id)
        account, report = next(accounts_with_health(accounts), (None, None))
        if account is None:
            get_object_or_404(accounts)  # raises the standard 404
        return Response(AccountSerializer(account, context={"health": {account.pk: report.as_dict()}}).data)
