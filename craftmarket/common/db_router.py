"""The database router for read replicas (craftmarket.common.replicas says when a replica may serve a read).

Every write goes to ``default``. A read goes to a replica only for a model of ``REPLICA_READ_APPS`` (never the user
model: sessions and sign-ins stay on the primary), during a marked catalogue read, outside every atomic block —
so ``select_for_update``, the stock check and all of checkout, which run in transactions, read the primary.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

from craftmarket.common import replicas


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if replicas.current() is None:
            return None
        meta = model._meta
        if meta.app_label not in settings.REPLICA_READ_APPS or meta.label == settings.AUTH_USER_MODEL:
            return None
        if connections["default"].in_atomic_block:
            return None
        return replicas.replica_for_read()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: a product read from a replica may point at an artisan from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas replay the primary's schema; they are never migrated themselves.
        return False if db.startswith("replica") else None
