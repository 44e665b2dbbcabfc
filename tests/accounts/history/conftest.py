import pytest
from rest_framework.test import APIClient

from tests.copilot.conftest import token_client
from tests.factories import UserFactory


@pytest.fixture
def manager():
    return UserFactory(username="morgan")


@pytest.fixture
def api(manager) -> APIClient:
    return token_client(manager)


def stored(account):
    """The account's stored health row, read afresh."""
    from accounts.models import AccountHealth

    return AccountHealth.objects.get(pk=account.pk)
