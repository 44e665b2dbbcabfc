"""Layered settings source: process environment > .env.local > .env > defaults; any NAME may
instead come from the file that NAME_FILE names.

The files are read into a private mapping rather than into ``os.environ`` so that the
precedence can be tested without leaking values between tests or child processes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from environ.fileaware_mapping import FileAwareMapping

ENV_FILES = (".env.local", ".env")


class SecretFiles(FileAwareMapping):
    """``<NAME>_FILE`` names a file holding NAME's value (a container secret), read in preference
    to NAME itself; a file that cannot be read stops the start with the variable's name."""

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except OSError as error:
            raise ImproperlyConfigured(f"{key}_FILE names a file that cannot be read: {error.strerror}.") from None


def load_env(base_dir: Path, process_environ: Mapping[str, str] | None = None) -> environ.Env:
    """Return an ``environ.Env`` whose lookups follow the documented precedence."""
    layered = SecretFiles(env=dict(os.environ if process_environ is None else process_environ))

    class LayeredEnv(environ.Env):
        ENVIRON = layered

    # read_env never overwrites a key that is already present, so reading the more
    # specific file first gives it precedence over the less specific one.
    for name in ENV_FILES:
        path = Path(base_dir) / name
        if path.is_file():
            LayeredEnv.read_env(path, overwrite=False, parse_comments=True)
    return LayeredEnv()


KEY_VARIABLE = re.compile(r"^[A-Z][A-Z0-9_]*_API_KEY$")


def secret_value(env: environ.Env, name: str) -> str:
    """A key's value, stripped; the ``.env.example`` placeholder (``<...>``) is no key."""
    value = env.str(name, default="").strip()
    return "" if value.startswith("<") and value.endswith(">") else value


def provider_keys(env: environ.Env) -> dict[str, str]:
    """Every ``*_API_KEY`` variable that is set (directly or through its ``_FILE``), by name."""
    names = {name for name in env.ENVIRON if KEY_VARIABLE.match(name)}
    keys = {name: secret_value(env, name) for name in sorted(names)}
    return {name: value for name, value in keys.items() if value}


def provider_name_from_base_url(base_url: str) -> str:
    """``z.ai`` for Z.ai, ``anthropic`` for Anthropic, otherwise the host name."""
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "z.ai" or host.endswith(".z.ai"):
        return "z.ai"
    if host == "anthropic.com" or host.endswith(".anthropic.com"):
        return "anthropic"
    return host or "unknown"


DEFAULT_PORTS = {"https": 443, "http": 80}


def url_origin(url: str) -> str | None:
    """The origin a URL's requests go to, as ``scheme://host:port`` with the scheme and host in
    lower case and the port always written (443 and 80 by default); None when the URL names no
    origin a key could be sent to (another scheme, no host, a bad port)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port out of range or an unbalanced IPv6 bracket
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        return None
    try:
        host = host.encode("idna").decode("ascii")  # what the HTTP client resolves; idna lower-cases
    except UnicodeError:
        return None
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"{scheme}://{host}:{port or DEFAULT_PORTS[scheme]}"


def key_origins(value: str) -> dict[str, frozenset[str]]:
    """``LLM_KEY_ORIGINS``: ``VAR=origin|origin,VAR2=origin`` → the origins each key variable may
    also be sent to, normalised. An entry that is not of that shape stops the start, naming it."""
    bindings: dict[str, set[str]] = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        name, _, origins = (piece.strip() for piece in entry.partition("="))
        if not KEY_VARIABLE.match(name) or not origins:
            raise ImproperlyConfigured(
                f"LLM_KEY_ORIGINS: '{entry}' is not VAR=origin|origin with VAR a key variable ending in _API_KEY."
            )
        for origin in (piece.strip() for piece in origins.split("|")):
            parts = urlsplit(origin)
            normalised = url_origin(origin)
            # An origin only: a path would suggest that the key is bound to it, and it is not.
            if normalised is None or parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
                raise ImproperlyConfigured(
                    f"LLM_KEY_ORIGINS: '{origin}' (for {name}) is not an origin: write scheme://host[:port], "
                    "with http or https and no path."
                )
            bindings.setdefault(name, set()).add(normalised)
    return {name: frozenset(origins) for name, origins in bindings.items()}
