"""API authentication: DRF tokens under either scheme, and the metrics scraper's bearer token; a
logged-in session (the managers' app, the admin) is DRF's own ``SessionAuthentication``, CSRF-checked.

Every credential sent in an ``Authorization`` header is read by ``credential`` alone, so a header
that cannot be read (not ASCII, several words) is a 401 wherever it is sent, never an exception.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed


def credential(request, schemes: tuple[str, ...]) -> str | None:
    """The credential of ``Authorization: <scheme> <credential>`` when the scheme is one of
    ``schemes`` (any case); ``None`` for no header or another scheme. Under one of those schemes a
    credential that is missing, several words or not printable ASCII raises ``AuthenticationFailed``."""
    scheme, _, given = get_authorization_header(request).partition(b" ")
    if scheme.decode("latin-1").lower() not in schemes:
        return None
    given = given.strip()
    if not given or b" " in given:
        raise AuthenticationFailed("Invalid Authorization header: give one credential after the scheme.")
    try:
        text = given.decode("ascii")
    except UnicodeDecodeError:
        raise AuthenticationFailed("Invalid Authorization header: the credential is not ASCII.") from None
    if not text.isprintable():
        raise AuthenticationFailed("Invalid Authorization header: the credential has a control character.")
    return text


class TokenOrBearerAuthentication(TokenAuthentication):
    """Accept ``Authorization: Token <key>`` and ``Authorization: Bearer <key>``."""

    def authenticate(self, request):
        key = credential(request, ("token", "bearer"))
        return None if key is None else self.authenticate_credentials(key)


METRICS_SCRAPER = "metrics-token"


class MetricsTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <METRICS_TOKEN>``: a scraper with no user. Any other credential
    falls through to the API's own authentication."""

    def authenticate(self, request):
        token = settings.METRICS_TOKEN
        given = credential(request, ("bearer",))
        if token and given is not None and hmac.compare_digest(given.encode(), token.encode()):
            from django.contrib.auth.models import AnonymousUser  # not at import: DRF's settings import this

            return AnonymousUser(), METRICS_SCRAPER
        return None

    def authenticate_header(self, request):
        return 'Bearer realm="metrics"'


class TokenOrBearerScheme(OpenApiAuthenticationExtension):
    target_class = "sergas.authentication.TokenOrBearerAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` or `Bearer <key>`; create one with `manage.py drf_create_token USER`.",
        }
