"""Loading hundreds of thousands of rows into PostgreSQL fast, for ``seed_demo --products 1000000`` (issue 21).

- ``RowWriter``: rows of one model streamed through ``COPY … FROM STDIN`` in CSV, built from a template row of the
  model's own defaults (a ``Model()`` prepared once, so a new column with a default needs nothing here) with the
  given fields set. Ids are taken from the table's sequence up front (``reserve_ids``), so that child rows can
  name their parents without a ``RETURNING`` round trip.
- ``secondary_indexes_dropped``: the non-unique indexes of some tables dropped for the load and built again
  afterwards (one sort each instead of an index insertion per row), also when the load fails.

PostgreSQL only: the callers keep ``bulk_create`` for SQLite.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models


class RowWriter:
    """``add(**fields)`` a row of ``model`` (field names or attnames: ``artisan_id``); ``flush()`` sends the rows
    added so far in one COPY (the caller decides when: parents before the children that name them).
    ``with_pk``: the rows carry their primary key (from ``reserve_ids``); otherwise its sequence numbers them."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = False) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.index.update({f.name: i for i, f in enumerate(self.fields)})
        blank = model()
        self.template = [self._value(f, f.get_db_prep_save(getattr(blank, f.attname), connection)) for f in self.fields]
        self.buffer = io.StringIO()
        # Strings quoted, everything else bare, None as an empty bare field: COPY's CSV NULL.
        self.writer = csv.writer(self.buffer, quoting=csv.QUOTE_STRINGS, lineterminator="\n")
        self.pending = 0
        self.written = 0

    @staticmethod
    def _value(field: models.Field, value: Any) -> Any:
        if hasattr(value, "adapted"):  # the driver's JSON adapter, from get_db_prep_save
            value = value.adapted
        if isinstance(value, models.Model):  # a foreign key given as its object
            value = value.pk
        if value is None:
            return None
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(field, models.JSONField):
            return json.dumps(value)
        return value

    def add(self, **values: Any) -> None:
        row = list(self.template)
        for name, value in values.items():
            i = self.index[name]
            row[i] = self._value(self.fields[i], value)
        self.writer.writerow(row)
        self.pending += 1

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", self.buffer)
        self.written += self.pending
        self.pending = 0
        self.buffer.seek(0)
        self.buffer.truncate()


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys of ``model`` from its sequence, in increasing order."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


@contextlib.contextmanager
def secondary_indexes_dropped(models_: Sequence[type[models.Model]]) -> Iterator[None]:
    """Drop the indexes of these models' tables that no constraint owns (not the primary key, not a unique
    constraint), and create them again on the way out, loaded or not."""
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem TO '256MB'")
            for _name, definition in found:
                cursor.execute(definition)
