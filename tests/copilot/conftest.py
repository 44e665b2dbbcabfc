import secrets

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.support.provider_double import ProviderDouble

# Made at run time so nothing shaped like a key is ever committed.
TEST_API_KEY = f"test-{secrets.token_hex(16)}"


@pytest.fixture(scope="session")
def provider_double():
    double = ProviderDouble(api_key=TEST_API_KEY).start()
    yield double
    double.stop()


@pytest.fixture
def provider(provider_double, settings):
    """Point the GLM service at the local double, as Z.ai would be configured."""
    provider_double.reset()
    settings.ANTHROPIC_API_KEY = TEST_API_KEY
    settings.ANTHROPIC_BASE_URL = provider_double.url
    settings.LLM_PROVIDER_NAME = "z.ai"
    settings.CLAUDE_MODEL = "glm-4.6"
    settings.GLM_MAX_RETRIES = 2
    settings.GLM_TIMEOUT_SECONDS = 5
    settings.GLM_TOP_P = None
    settings.ENABLE_GLM_STREAMING = True
    settings.ENABLE_GLM_CACHING = False
    settings.COPILOT_DAILY_BUDGET_USD = None
    return provider_double


def token_client(user, scheme: str = "Token") -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {token.key}")
    return client


@pytest.fixture
def api(user):
    return token_client(user)


@pytest.fixture
def staff_api(staff_user):
    return token_client(staff_user)
