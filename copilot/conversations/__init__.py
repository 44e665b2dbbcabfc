"""Conversations: a thread's messages as every entry records them, and as the provider is sent them.

One shape (``Message``) for the seed endpoint and AG-UI runs alike, so ``/connect``,
``GET /api/threads/<id>/`` and the admin show every message whichever entry made it.
"""
