"""HTTP manners shared by the entries: which methods a route takes."""

from __future__ import annotations

import functools

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from copilot.errors import ErrorCode, error_body


def allowing(*methods: str):
    """The async view for its methods only: OPTIONS says which (204 with Allow); any other method
    is a 405 with Allow and the error body (a top-level ``message`` too, the one CopilotKit shows).
    CORS preflights are answered by the middleware before a view is reached."""
    allow = ", ".join((*methods, "OPTIONS"))

    def decorate(handler):
        @csrf_exempt  # header-authenticated; a session is CSRF-checked by the guard's authentication
        @functools.wraps(handler)
        async def view(request, *args, **kwargs):
            if request.method in methods:
                return await handler(request, *args, **kwargs)
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
            else:
                message = f"Method {request.method} is not allowed here; use {methods[0]}."
                body = {"message": message, **error_body(ErrorCode.VALIDATION_ERROR, [(message, None)])}
                response = JsonResponse(body, status=405)
            response["Allow"] = allow
            return response

        return view

    return decorate
