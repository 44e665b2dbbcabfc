"""API authentication: DRF tokens under either scheme, or a staff member's admin session."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import SessionAuthentication, TokenAuthentication


class TokenOrBearerAuthentication(TokenAuthentication):
    """Accept ``Authorization: Token <key>`` and ``Authorization: Bearer <key>``."""

    def authenticate(self, request):
        for keyword in ("Token", "Bearer"):
            self.keyword = keyword
            result = super().authenticate(request)
            if result is not None:
                return result
        self.keyword = "Token"
        return None


class StaffSessionAuthentication(SessionAuthentication):
    """A logged-in session counts for the API only when it belongs to staff."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not result[0].is_staff:
            return None
        return result


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "sergas.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "A logged-in staff member's admin session.",
        }


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
