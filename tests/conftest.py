import pytest
from django.core.cache import cache

from copilot import ratelimit
from tests.factories import StaffUserFactory, UserFactory
from tests.support.servers import AsgiServer


@pytest.fixture(autouse=True)
def _isolated(settings):
    """No test reaches a real provider or sees another test's cache or throttle counters."""
    settings.ANTHROPIC_API_KEY = ""
    # Factories hash a password per user; the production hasher makes that ~0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    ratelimit.storage().reset()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def asgi_server():
    """The project under a real uvicorn on 127.0.0.1 (use with a transactional database)."""
    server = AsgiServer().start()
    yield server
    server.stop()
