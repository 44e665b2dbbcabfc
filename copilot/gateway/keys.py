"""Provider keys stay with their hosts.

A key lives in an environment variable; a provider row (edited in the admin) only names the
variable. So that no row can send a key to a host the operator did not approve, each variable is
bound to the origins (scheme, host and port) it may be sent to: ``ANTHROPIC_API_KEY`` to
``ANTHROPIC_BASE_URL``'s origin, ``CLAUDE_API_KEY`` to ``https://api.anthropic.com``, and whatever
``LLM_KEY_ORIGINS`` adds. A variable with no binding may be sent nowhere. The gateway checks this
before every client it builds; the routing's models check it (and that the key is set) when a
provider, a model or a route is saved.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from sergas.env import url_origin

SETTING = "LLM_KEY_ORIGINS"
SETTINGS_KEY = "ANTHROPIC_API_KEY"  # the settings provider's key, bound to ANTHROPIC_BASE_URL
DEFAULT_ORIGINS = {"CLAUDE_API_KEY": frozenset({"https://api.anthropic.com:443"})}

# Base URLs are few and parsing one is pure: remember them, the check then costs a dict lookup.
origin = lru_cache(maxsize=256)(url_origin)


def allowed_origins(key_env: str) -> frozenset[str]:
    """The origins the key in ``key_env`` may be sent to."""
    allowed = DEFAULT_ORIGINS.get(key_env, frozenset()) | settings.LLM_KEY_ORIGINS.get(key_env, frozenset())
    if key_env == SETTINGS_KEY:
        allowed |= {origin(settings.ANTHROPIC_BASE_URL)} - {None}
    return allowed


def may_send(key_env: str, base_url: str) -> bool:
    target = origin(base_url)
    return target is not None and target in allowed_origins(key_env)


def key_of(key_env: str) -> str:
    """The key the variable ``key_env`` holds on this server ('' when unset)."""
    if key_env == SETTINGS_KEY:
        return settings.ANTHROPIC_API_KEY
    return settings.LLM_PROVIDER_KEYS.get(key_env, "")


def binding_problem(key_env: str, base_url: str) -> str | None:
    """Why the key in ``key_env`` may not be sent to ``base_url``, for staff (None: it may)."""
    if may_send(key_env, base_url):
        return None
    target = origin(base_url) or base_url
    allowed = ", ".join(sorted(allowed_origins(key_env))) or "no origin"
    return (
        f"{key_env} may only be sent to {allowed}, not to {target}. To give this provider that key, "
        f"the server's {SETTING} setting must bind the origin to it ({key_env}={target})."
    )


def provider_problem(key_env: str, base_url: str) -> str | None:
    """Why a provider with this key variable and URL cannot answer a call (None: it can)."""
    if not key_of(key_env):
        return f"{key_env} is not set on the server, so this provider has no key."
    return binding_problem(key_env, base_url)
