import pytest
from django.core.cache import cache

from tests.factories import StaffUserFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated(settings):
    """No test reaches a real provider or sees another test's cache or throttle counters."""
    settings.ANTHROPIC_API_KEY = ""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()
