"""A request body over the limit is answered 413 with the documented PAYLOAD_TOO_LARGE body at
once, before it is read, on every route: over real HTTP, from a raw socket, against uvicorn."""

import json
import socket

import pytest

from copilot.models import AnalysisRequest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROUTES = ["/copilotkit", "/copilotkit/agent/orchestrator/run", "/api/accounts/ACC-1/activities/", "/admin/login/"]
# A safety net so that a server that never answers fails the test instead of hanging it.
SOCKET_TIMEOUT = 20


def exchange(server, head: str, body: bytes = b"") -> tuple[int, dict, bytes]:
    """Send a request's head and ``body`` (however much of it), then read until the server closes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=SOCKET_TIMEOUT) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head_part, _, content = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head_part.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, content


def request_head(path: str, *, length: str | None, chunked: bool = False) -> str:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    return "\n".join(lines) + "\n"


def assert_payload_too_large(status: int, headers: dict, content: bytes, limit: int) -> None:
    assert status == 413
    assert headers["content-type"] == "application/json"
    body = json.loads(content)
    problem = body["errors"][0]
    assert body["data"] is None and problem["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert f"limit of {limit:,} bytes" in problem["message"] and body["message"] == problem["message"]
    assert headers["x-request-id"]


@pytest.mark.parametrize("path", ROUTES)
def test_a_body_announced_over_the_limit_is_refused_before_it_is_read(asgi_server, settings, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
    # Two bytes of ten billion: an answer can only come from a server that does not wait for the rest.
    status, headers, content = exchange(asgi_server, request_head(path, length="10000000000"), b"{}")

    assert_payload_too_large(status, headers, content, limit=2_500_000)
    assert "10,000,000,000 bytes" in json.loads(content)["message"]
    assert headers["connection"] == "close"
    assert AnalysisRequest.objects.count() == 0


def test_the_limit_is_the_settings(asgi_server, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    status, headers, content = exchange(asgi_server, request_head("/copilotkit", length="1001"), b"x" * 1001)
    assert_payload_too_large(status, headers, content, limit=1000)

    body = json.dumps({"messages": [{"role": "user", "content": "x" * 900}]}).encode()
    status, _, content = exchange(
        asgi_server, request_head("/copilotkit", length=str(len(body))) + "Connection: close\n", body
    )
    assert status == 401  # within the limit: Django answers (no credentials)
    assert json.loads(content)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_chunked_body_is_refused_once_it_passes_the_limit(asgi_server, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    chunk = b"x" * 600
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(2))  # 1,200 bytes, and no end
    status, headers, content = exchange(asgi_server, request_head("/copilotkit", length=None, chunked=True), chunks)

    assert_payload_too_large(status, headers, content, limit=1000)
    assert AnalysisRequest.objects.count() == 0
