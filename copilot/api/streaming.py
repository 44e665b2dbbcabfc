"""The seed's answer as server-sent events, for a request with ``"stream": true``.

``event: delta`` frames carry the text as it arrives (``{"text": ...}``); the last frame is
``event: result`` with exactly the JSON answer's body, or ``event: error`` with the error body when
the provider's stream breaks after text was sent. Nothing follows either.

Opening waits for the first text, so whatever fails before any text (the budget, the provider's
429, a timeout) is still the documented error status rather than a 200.
"""

from __future__ import annotations

import json
from contextlib import aclosing

from django.http import HttpResponse, StreamingHttpResponse

from copilot import gateway
from copilot.analysis.service import Finished
from copilot.api.errors import refusal_json
from copilot.api.serializers import CopilotResponse
from copilot.errors import CopilotError, error_body
from copilot.frontdoor.turns import OpenTurn, turn_astream


def _frame(event: str, data: dict) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


# DRF copies every declared field into each serializer it makes; an answer's shape never changes,
# so one instance writes them all (``to_representation`` keeps nothing between calls).
_SUCCESS = CopilotResponse()


def success_body(result) -> dict:
    return _SUCCESS.to_representation({"data": {"generateCopilotResponse": result}})


def _error_body(error: CopilotError) -> dict:
    return error_body(error.code, [(error.message, error.field)], request_id=error.request_id)


class AnswerStream(StreamingHttpResponse):
    def __init__(self, opened: OpenTurn):
        super().__init__(content_type="text/event-stream")
        self["Cache-Control"] = "no-cache"
        self["X-Accel-Buffering"] = "no"  # a proxy in front must not hold the frames back
        self.opened = opened

    async def open(self) -> HttpResponse:
        """This response streaming the answer, or the error's JSON answer when it fails first."""
        events = turn_astream(self.opened)
        try:
            first = await anext(events)
            while not isinstance(first, gateway.TextDelta | Finished):  # the call's preparation
                first = await anext(events)
        except CopilotError as error:
            return refusal_json(error)
        self.streaming_content = self._frames(first, events)
        return self

    async def _frames(self, first, events):
        async with aclosing(events):  # a client gone closes the analysis: its call is cancelled
            event = first
            while True:
                if isinstance(event, gateway.TextDelta):
                    yield _frame("delta", {"text": event.text})
                elif isinstance(event, Finished):
                    yield _frame("result", success_body(event.result))
                    return
                try:
                    event = await anext(events)
                except CopilotError as error:
                    yield _frame("error", _error_body(error))
                    return
