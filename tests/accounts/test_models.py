from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Account
from tests.factories import AccountFactory, DealFactory

pytestmark = pytest.mark.django_db


def test_external_id_is_unique():
    AccountFactory(external_id="ACC-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(external_id="ACC-1", name="Duplicate")


def test_external_id_format_is_validated():
    account = Account(external_id="not valid!", name="Bad id")
    with pytest.raises(ValidationError) as excinfo:
        account.full_clean()
    assert "external_id" in excinfo.value.message_dict


def test_status_outside_the_choices_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(external_id="ACC-2", name="Odd", status="sleeping")


def test_revenue_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(external_id="ACC-3", name="Negative", annual_revenue=Decimal("-1"))


def test_deal_probability_cannot_exceed_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(probability=101)


def test_money_is_kept_exactly():
    account = AccountFactory(annual_revenue=Decimal("1234567.89"))
    account.refresh_from_db()
    assert account.annual_revenue == Decimal("1234567.89")
