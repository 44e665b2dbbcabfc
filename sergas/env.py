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
