"""The one front door of every AI entry: the seed endpoint (``POST /copilotkit``, JSON or
streamed) and AG-UI runs (``/agent/<id>/run`` and the single-route form).

Each entry authenticates its caller (``guard.caller``), reads its request into a ``Turn``, and
hands it to ``turns.turn_admit``: the limits, the per-user call budget and the conversation's
record, in that order and before anything is sent to a provider. A refusal is a ``CopilotError``
the entry answers as an HTTP 4xx, before any stream starts.
"""
