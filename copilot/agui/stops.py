"""Stopping a run in flight (``POST …/stop/<threadId>``), in this process or another one: the
request leaves a flag in the cache, which a run looks at between the events it streams."""

from __future__ import annotations

import time

from django.core.cache import cache

CHECK_EVERY_SECONDS = 0.25
FLAG_SECONDS = 120


def _key(user_id: int, thread_id: str) -> str:
    return f"agui-stop:{user_id}:{thread_id}"


class Watch:
    def __init__(self, user_id: int, thread_id: str):
        self.key = _key(user_id, thread_id)
        cache.delete(self.key)  # a stop asked before this run began is not for it
        self.checked_at = time.monotonic()

    async def requested(self) -> bool:
        now = time.monotonic()
        if now - self.checked_at < CHECK_EVERY_SECONDS:
            return False
        self.checked_at = now
        return bool(cache.get(self.key))

    def close(self) -> None:
        cache.delete(self.key)


def watch(user_id: int, thread_id: str) -> Watch:
    return Watch(user_id, thread_id)


def stop_request(user_id: int, thread_id: str) -> None:
    cache.set(_key(user_id, thread_id), True, FLAG_SECONDS)
