"""API authentication: DRF tokens under either scheme; a logged-in session (the managers' app, the
admin) is DRF's own ``SessionAuthentication``, CSRF-checked."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication


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
