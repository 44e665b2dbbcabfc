import secrets

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sergas.env import key_origins
from tests.factories import LLMModelFactory, ProviderFactory
from tests.support.provider_double import ProviderDouble

# Made at run time so nothing shaped like a key is ever committed.
TEST_API_KEY = f"test-{secrets.token_hex(16)}"
SECOND_API_KEY = f"test-{secrets.token_hex(16)}"


def _running_double(api_key: str):
    double = ProviderDouble(api_key=api_key).start()
    yield double
    double.stop()


@pytest.fixture(scope="session")
def provider_double():
    yield from _running_double(TEST_API_KEY)


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


@pytest.fixture(scope="session")
def second_provider_double():
    yield from _running_double(SECOND_API_KEY)


@pytest.fixture
def claude(provider, second_provider_double, settings):
    """claude-sonnet-4-5 on a second provider (its own double and key), beside GLM-4.6 on the
    first: the model a route can switch or fall back to."""
    second_provider_double.reset()
    settings.LLM_PROVIDER_KEYS = {"CLAUDE_API_KEY": SECOND_API_KEY}
    settings.LLM_KEY_ORIGINS = key_origins(f"CLAUDE_API_KEY={second_provider_double.url}")
    anthropic = ProviderFactory(name="anthropic")
    anthropic.base_url, anthropic.api_key_env = second_provider_double.url, "CLAUDE_API_KEY"
    anthropic.save()
    return LLMModelFactory(name="claude-sonnet-4-5", provider=anthropic)


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
