"""Two server processes counting into one PROMETHEUS_MULTIPROC_DIR: /metrics, read from either,
sums the calls and the HTTP requests of both."""

import re

import httpx
import pytest
from rest_framework.authtoken.models import Token

from tests.copilot.conftest import TEST_API_KEY
from tests.support.processes import ROOT, project_env
from tests.support.servers import free_port, start_uvicorn_process

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCRAPE = "scrape-token-for-the-test"


def sample(text: str, name: str, **labels) -> float:
    """The sum of the samples of ``name`` whose labels include ``labels``."""
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"^{name}\{{(.*)\}} (\S+)$", line)
        if match and all(f'{key}="{value}"' in match.group(1) for key, value in labels.items()):
            total += float(match.group(2))
    return total


@pytest.fixture
def two_servers(provider, tmp_path):
    env = project_env(provider, TEST_API_KEY, PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"), METRICS_TOKEN=SCRAPE)
    servers = []
    for _ in range(2):
        port = free_port()
        servers.append((start_uvicorn_process(env, port, cwd=ROOT), f"http://127.0.0.1:{port}"))
    yield [url for _, url in servers]
    for process, _ in servers:
        process.terminate()
        process.wait(timeout=10)


def test_metrics_sum_over_two_server_processes(two_servers, user):
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    body = {"messages": [{"role": "user", "content": "Risks?"}]}
    first, second = two_servers
    for url, calls in ((first, 3), (second, 2)):
        for _ in range(calls):
            assert httpx.post(f"{url}/copilotkit", json=body, headers=headers, timeout=30).status_code == 200

    scraped = [
        httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {SCRAPE}"}, timeout=30) for url in two_servers
    ]

    assert [response.status_code for response in scraped] == [200, 200]
    for response in scraped:
        text = response.text
        assert sample(text, "glm_requests_total", status="succeeded", source="api") == 5
        assert sample(text, "glm_latency_seconds_count") == 5
        assert sample(text, "glm_tokens_total", kind="output") == 5 * 30
        assert sample(text, "http_requests_total", route="copilotkit", status="200") == 5
