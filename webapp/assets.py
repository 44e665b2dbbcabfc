"""The managers' app's built files: Vite's manifest names the hashed entry script and styles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from django.conf import settings

ENTRY = "src/main.tsx"


@dataclass(frozen=True)
class Entry:
    script: str
    styles: tuple[str, ...]
    preloads: tuple[str, ...] = ()  # the chunks the entry imports, fetched beside it rather than after it


def _read(path) -> Entry:
    manifest = json.loads(path.read_text())
    chunk = manifest[ENTRY]
    return Entry(
        script=f"app/{chunk['file']}",
        styles=tuple(f"app/{css}" for css in chunk.get("css", ())),
        preloads=tuple(f"app/{manifest[name]['file']}" for name in chunk.get("imports", ())),
    )


@cache
def _cached(path) -> Entry:
    return _read(path)


def app_entry() -> Entry:
    """The entry's static paths (under ``app/``). Read once per process, except while developing."""
    path = settings.FRONTEND_BUILD_DIR / ".vite" / "manifest.json"
    return _read(path) if settings.DEBUG else _cached(path)
