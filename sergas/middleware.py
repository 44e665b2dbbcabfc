"""Django's own middlewares, run on the event loop under ASGI.

Django's ``MiddlewareMixin`` makes a middleware async-capable by moving each of its hooks to a
thread and back (``sync_to_async``): two hops per middleware per request, and one more for each
``process_view``. The hooks of these seven do no I/O (headers, cookies, a lazy session and user),
so under ASGI they run inline here; the one exception, a session or messages that have to be
saved, still goes to a thread, as Django would. Under WSGI (and Django's test client) they are
Django's middlewares unchanged.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Sessions
from django.core import checks
from django.middleware.clickjacking import XFrameOptionsMiddleware as _Clickjacking
from django.middleware.common import CommonMiddleware as _Common
from django.middleware.csrf import CsrfViewMiddleware as _Csrf
from django.middleware.security import SecurityMiddleware as _Security


class OnTheLoop:
    """Runs a ``MiddlewareMixin``'s hooks in the event loop's thread in async mode."""

    def __init__(self, get_response):
        super().__init__(get_response)
        view_hook = getattr(self, "process_view", None)
        if self.async_mode and view_hook is not None:
            # Django adapts a sync process_view with sync_to_async; a coroutine it awaits as is.
            async def process_view(request, view_func, view_args, view_kwargs):
                return view_hook(request, view_func, view_args, view_kwargs)

            self.process_view = process_view

    def response_needs_thread(self, request, response) -> bool:
        """Whether ``process_response`` has I/O to do this time (a save)."""
        return False

    async def __acall__(self, request):
        response = None
        if hasattr(self, "process_request"):
            response = self.process_request(request)
        response = response or await self.get_response(request)
        if hasattr(self, "process_response"):
            if self.response_needs_thread(request, response):
                return await sync_to_async(self.process_response)(request, response)
            response = self.process_response(request, response)
        return response


class SecurityMiddleware(OnTheLoop, _Security):
    pass


class SessionMiddleware(OnTheLoop, _Sessions):
    def response_needs_thread(self, request, response) -> bool:
        session = getattr(request, "session", None)
        return session is not None and (session.modified or settings.SESSION_SAVE_EVERY_REQUEST)


class CommonMiddleware(OnTheLoop, _Common):
    pass


class CsrfViewMiddleware(OnTheLoop, _Csrf):
    # Reads and sets the CSRF cookie; with CSRF_USE_SESSIONS it would read the session (I/O).
    def __init__(self, get_response):
        if settings.CSRF_USE_SESSIONS:
            raise ValueError("sergas.middleware.CsrfViewMiddleware keeps the token in a cookie, not the session.")
        super().__init__(get_response)


class AuthenticationMiddleware(OnTheLoop, _Authentication):
    pass  # request.user is lazy: the session and the user are read where the view first asks


class MessageMiddleware(OnTheLoop, _Messages):
    def response_needs_thread(self, request, response) -> bool:
        storage = getattr(request, "_messages", None)
        return storage is not None and (storage.used or storage.added_new)


class XFrameOptionsMiddleware(OnTheLoop, _Clickjacking):
    pass


# Django's deploy checks look for its own middlewares by their dotted path; these stand in for
# them (settings.SILENCED_SYSTEM_CHECKS), with the same warning when one of them is missing.
STANDS_IN_FOR = {
    "security.W001": ("sergas.middleware.SecurityMiddleware", "security headers and HTTPS redirects"),
    "security.W002": ("sergas.middleware.XFrameOptionsMiddleware", "the X-Frame-Options header"),
    "security.W003": ("sergas.middleware.CsrfViewMiddleware", "CSRF protection"),
}


@checks.register(checks.Tags.security, deploy=True)
def middleware_check(app_configs, **kwargs):
    return [
        checks.Warning(f"{path} is not in MIDDLEWARE: no {what}.", id=check_id)
        for check_id, (path, what) in STANDS_IN_FOR.items()
        if path not in settings.MIDDLEWARE
    ]
