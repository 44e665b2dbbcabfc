"""The ASGI and WSGI entry points: pages and static files, with the security headers."""

import asyncio
import io
from wsgiref.util import setup_testing_defaults

import pytest

from sergas.asgi import application as asgi_application
from sergas.wsgi import application as wsgi_application

# The ASGI handler's threads keep their database connections between requests, and Django's
# request signals check a thread's connection when a request ends.
pytestmark = pytest.mark.django_db

STATIC_FILE = "/static/admin/css/base.css"
PAGE = "/admin/login/"  # rendered by the whole chain, and reads nothing from the database


def asgi_get(path: str) -> tuple[int, dict[str, str], bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    requests = [{"type": "http.request", "body": b"", "more_body": False}]
    sent = []

    async def receive():
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        sent.append(message)

    asyncio.run(asgi_application(scope, receive, send))
    start, body = sent[0], b"".join(message.get("body", b"") for message in sent[1:])
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body


def wsgi_get(path: str) -> tuple[int, dict[str, str], bytes]:
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers={k.lower(): v for k, v in headers})

    body = b"".join(wsgi_application(environ, start_response))
    return started["status"], started["headers"], body


@pytest.mark.parametrize("get", [asgi_get, wsgi_get], ids=["asgi", "wsgi"])
def test_pages_get_the_security_middlewares_headers(get):
    status, headers, _ = get(PAGE)

    assert status == 200
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("get", [asgi_get, wsgi_get], ids=["asgi", "wsgi"])
def test_static_files_are_served_with_nosniff(get):
    status, headers, body = get(STATIC_FILE)

    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert headers["x-content-type-options"] == "nosniff"
    assert b"body" in body


@pytest.mark.parametrize("get", [asgi_get, wsgi_get], ids=["asgi", "wsgi"])
def test_an_unknown_static_file_falls_through_to_django(get):
    status, headers, _ = get("/static/no-such-file.css")

    assert status == 404
    assert headers["x-frame-options"] == "DENY"  # Django's chain answered it
