"""Single-row INSERT and UPDATE for the per-call hot path, their SQL built once per process.

``Model.save()`` and ``QuerySet.update()`` build and compile their SQL on every call: 0.15 to
0.3 ms of Python each, several times what the database needs to run it, and spent inside the
transactions that hold SQLite's write lock, so every other writer waits for it. These helpers
build each statement from the model's fields once and then only convert the values, with each
field's own ``pre_save`` and ``get_db_prep_save``, as ``save()`` does. They send no model
signals: use them only for models that have no receivers (checked by a test).
"""

from __future__ import annotations

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


def insert_row(instance: Model, *, using: str = DEFAULT_DB_ALIAS) -> Model:
    """``instance.save()`` for a new row: every concrete field, the primary key read back."""
    model = type(instance)
    connection = connections[using]
    pk_from_database = instance.pk is None
    sql, fields = _insert_sql(model, using, pk_from_database, read_pk_back=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, _insert_params(instance, fields, connection))
        if pk_from_database:
            instance.pk = cursor.fetchone()[0]
    instance._state.adding = False
    instance._state.db = using
    return instance


def insert_rows(instances: list[Model], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """``insert_row`` for many new rows of one model in one ``executemany``, their primary keys
    not read back: ``bulk_create`` spends most of its time compiling the SQL again per row."""
    if not instances:
        return
    connection = connections[using]
    sql, fields = _insert_sql(type(instances[0]), using, pk_from_database=True, read_pk_back=False)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_insert_params(instance, fields, connection) for instance in instances])


def _insert_params(instance: Model, fields: list, connection) -> list:
    return [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]


def update_row(
    instance: Model, fields: list[str], *, only_if: dict | None = None, using: str = DEFAULT_DB_ALIAS
) -> bool:
    """``instance.save(update_fields=fields)``, or, with ``only_if``, an UPDATE of the row only
    while its columns still hold those values (a claim). Returns whether the row was updated."""
    model = type(instance)
    connection = connections[using]
    condition = tuple(only_if or ())
    sql, targets = _update_sql(model, tuple(fields), condition, using)
    params = [field.get_db_prep_save(field.pre_save(instance, False), connection) for field in targets]
    params.append(model._meta.pk.get_db_prep_save(instance.pk, connection))
    params.extend(model._meta.get_field(name).get_db_prep_save(only_if[name], connection) for name in condition)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


@cache
def _insert_sql(model: type[Model], using: str, pk_from_database: bool, read_pk_back: bool) -> tuple[str, list]:
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not (pk_from_database and f.primary_key)]
    sql = (  # table and column names come from the model; every value is bound
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if pk_from_database and read_pk_back:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return sql, fields


@cache
def _update_sql(model: type[Model], names: tuple[str, ...], condition: tuple[str, ...], using: str) -> tuple[str, list]:
    quote = connections[using].ops.quote_name
    targets = [model._meta.get_field(name) for name in names]
    where = [model._meta.pk, *(model._meta.get_field(name) for name in condition)]
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in targets)} "  # noqa: S608
        f"WHERE {' AND '.join(f'{quote(f.column)} = %s' for f in where)}"
    )
    return sql, targets
