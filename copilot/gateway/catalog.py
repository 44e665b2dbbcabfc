"""The catalog a call reads (task routes, models, providers, prices, budgets): read once per
process, and again after any change to it, in whichever process the change was made.

Every save or delete of those rows writes a new token into ``CatalogVersion`` in the same
transaction; a call reads that one row (a primary-key lookup) and keeps using what it read
before while the token is the same. The token is random, never a counter: a rolled-back change
can never make an old token mean new rows. A bulk ``QuerySet.update()`` sends no signal, so
product code changes these rows with ``save()`` (as the admin does).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.db.models.signals import post_delete, post_save

from copilot.models import Budget, CatalogVersion, LLMModel, ModelPrice, Provider, TaskRoute

T = TypeVar("T")
_read: dict[str, tuple[str, object]] = {}  # name → (token, what was read)
_lock = threading.Lock()


def version() -> str | None:
    """The catalog's token (None: no row, e.g. a database just emptied by a test: read anew)."""
    table = connection.ops.quote_name(CatalogVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # noqa: S608 - a model's own table
        row = cursor.fetchone()
    return row[0] if row else None


def cached(name: str, load: Callable[[], T]) -> T:
    """``load()``'s result, read again only when the catalog has changed since it was read."""
    token = version()  # before the rows: a change committed in between is read now or next time
    if token is not None:
        with _lock:
            kept = _read.get(name)
        if kept is not None and kept[0] == token:
            return kept[1]
    value = load()
    if token is not None:
        with _lock:
            _read[name] = (token, value)
    return value


def changed(**_) -> None:
    """A catalog row was saved or deleted: every process reads the catalog again."""
    CatalogVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


for _model in (Provider, LLMModel, TaskRoute, ModelPrice, Budget):
    post_save.connect(changed, sender=_model, dispatch_uid=f"catalog-saved-{_model.__name__}")
    post_delete.connect(changed, sender=_model, dispatch_uid=f"catalog-deleted-{_model.__name__}")
