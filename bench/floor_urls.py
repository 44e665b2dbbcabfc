"""Bench-only URLs that measure what the stack costs before the project does any work.

``bench.gateway_overhead`` serves the project with ``DJANGO_SETTINGS_MODULE=bench.floor_settings``, which
adds two endpoints in front of the project's own URLs. Both make the same SDK call as the
benchmark's direct call, through uvicorn, Django's middleware and DRF, and nothing else:

- ``POST /bench/floor/sdk``: no authentication, no database;
- ``POST /bench/floor/sdk-authenticated``: the same behind the API's token authentication.

Production never loads this module: only the bench's settings module names it.
"""

from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from bench.support import DIRECT_SYSTEM_PROMPT
from copilot import gateway


class SdkCallView(APIView):
    """The provider call alone, with the short system prompt of the direct call."""

    def post(self, request):
        config = gateway.LLMConfig.from_settings()
        messages = request.data["messages"]
        completion = gateway.run_sync(gateway.complete, config, system=DIRECT_SYSTEM_PROMPT, messages=messages)
        return Response({"response": completion.text})


class UnauthenticatedSdkCallView(SdkCallView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


urlpatterns = [
    path("bench/floor/sdk", UnauthenticatedSdkCallView.as_view()),
    path("bench/floor/sdk-authenticated", SdkCallView.as_view()),
    path("", include("sergas.urls")),
]
