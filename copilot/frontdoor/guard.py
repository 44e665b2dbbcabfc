"""Who is asking, and whether their budget of calls allows one more.

The budget is one per user, shared by every entry: ``COPILOT_RATE_LIMIT`` calls (DRF's notation,
``60/min``) in any moving window of that length, whichever route they come by, counted in the
cache's backend (so across processes when CACHE_URL is Redis).
"""

from __future__ import annotations

import math
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from limits import RateLimitItem, RateLimitItemPerSecond
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from copilot.errors import CopilotError, ErrorCode
from copilot.ratelimit import limiter
from sergas import jsonbody
from sergas.authentication import TokenOrBearerAuthentication

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _authenticated_user(request):
    """The API's authentication (a token under either scheme, or a session with its CSRF check)."""
    drf_request = Request(
        request,
        parsers=[jsonbody.JSONBodyParser()],
        authenticators=[TokenOrBearerAuthentication(), SessionAuthentication()],
    )
    try:
        return drf_request.user
    except exceptions.AuthenticationFailed as failure:
        raise CopilotError(ErrorCode.UNAUTHENTICATED, str(failure.detail)) from None
    except exceptions.PermissionDenied as refused:  # the session's CSRF check
        raise CopilotError(ErrorCode.PERMISSION_DENIED, str(refused.detail)) from None
    except exceptions.APIException as invalid:  # a body the CSRF check could not read
        raise CopilotError(ErrorCode.VALIDATION_ERROR, str(invalid.detail)) from None


async def caller(request):
    """The authenticated user making ``request``; UNAUTHENTICATED otherwise."""
    user = await sync_to_async(_authenticated_user)(request)
    if user is None or not user.is_authenticated:
        raise CopilotError(ErrorCode.UNAUTHENTICATED, "Authentication credentials were not provided.")
    return user


def call_rate() -> RateLimitItem:
    """``COPILOT_RATE_LIMIT`` (``N/period``, the period's first letter s, m, h or d)."""
    number, _, period = settings.COPILOT_RATE_LIMIT.partition("/")
    return RateLimitItemPerSecond(int(number), _PERIODS[period.strip()[:1].lower()])


def call_admit(user) -> None:
    """Count one call against the user's budget; RATE_LIMITED, with when to retry, when it is spent."""
    rate, key = call_rate(), str(user.pk)
    if limiter().hit(rate, "copilot-calls", key):
        return
    reset_at, _ = limiter().get_window_stats(rate, "copilot-calls", key)
    wait = max(1, math.ceil(reset_at - time.time()))
    raise CopilotError(ErrorCode.RATE_LIMITED, f"Too many requests; try again in {wait} seconds.", retry_after=wait)
