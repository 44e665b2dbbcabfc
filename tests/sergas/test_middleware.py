"""Under ASGI, Django's own middlewares do their work on the event loop: no thread per hook; a
session or messages that must be saved still go to a thread; under WSGI they are Django's."""

import asyncio
import threading

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string

from sergas import middleware

PROJECT_MIDDLEWARES = [import_string(path) for path in settings.MIDDLEWARE if path.startswith("sergas.middleware.")]


def threads_seen(middleware_class, request, *, respond=None) -> tuple[set[str], HttpResponse]:
    """The threads the middleware's hooks ran on, around an async view on the loop."""
    seen = set()

    class Watched(middleware_class):
        def process_request(self, request):
            seen.add(threading.current_thread().name)
            return super().process_request(request) if hasattr(super(), "process_request") else None

        def process_response(self, request, response):
            seen.add(threading.current_thread().name)
            return super().process_response(request, response) if hasattr(super(), "process_response") else response

    async def view(request):
        return (respond or (lambda request: HttpResponse("ok")))(request)

    async def serve():
        return await Watched(view)(request)

    return seen, asyncio.run(serve())


@pytest.mark.parametrize("middleware_class", PROJECT_MIDDLEWARES, ids=lambda cls: cls.__name__)
def test_every_hook_runs_on_the_loop(middleware_class, rf: RequestFactory):
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/copilotkit/info")
    request.session = SessionStore()  # what the session middleware before them sets
    seen, response = threads_seen(middleware_class, request)

    assert seen == {threading.current_thread().name}  # asyncio.run's loop runs in this thread
    assert response.status_code == 200


def test_the_headers_are_djangos(rf):
    _, response = threads_seen(middleware.SecurityMiddleware, rf.get("/"))
    _, framed = threads_seen(middleware.XFrameOptionsMiddleware, rf.get("/"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert framed["X-Frame-Options"] == "DENY"


@pytest.mark.django_db(transaction=True)
def test_a_modified_session_is_saved_in_a_thread(rf):
    from django.contrib.sessions.backends.db import SessionStore

    def remember(request):
        request.session["seen"] = True
        return HttpResponse("ok")

    seen, response = threads_seen(middleware.SessionMiddleware, rf.get("/"), respond=remember)

    assert len(seen) == 2  # the request on the loop, the save in a thread
    key = response.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(session_key=key).load() == {"seen": True}


def test_the_csrf_check_still_refuses_a_post_without_its_token(rf):
    async def view(request):
        return HttpResponse("ok")

    async def serve():
        csrf = middleware.CsrfViewMiddleware(view)
        request = rf.post("/", {})
        request._dont_enforce_csrf_checks = False
        refused = await csrf.process_view(request, view, (), {})
        return refused

    assert asyncio.run(serve()).status_code == 403


def test_the_deploy_check_names_a_missing_middleware(settings):
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if not path.endswith("CsrfViewMiddleware")]

    warnings = middleware.middleware_check(None)

    assert [warning.id for warning in warnings] == ["security.W003"]
