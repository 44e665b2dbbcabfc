from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class CopilotRateThrottle(UserRateThrottle):
    """Per-user limit on AI calls, shared across processes through the cache (CACHE_URL)."""

    scope = "copilot"

    def get_rate(self):
        # Read at request time: DRF's class-level rates are fixed at import.
        return settings.COPILOT_RATE_LIMIT
