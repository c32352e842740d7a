"""The database router: reads where the request is bound, writes to the
primary (the scheme: ``publicity.replicas``)."""

import contextvars

from django.db import DEFAULT_DB_ALIAS, connections

# The alias this request reads from (None outside a request: the primary).
bound = contextvars.ContextVar("replicas_bound", default=None)
# Whether this request wrote (through the ORM).
wrote = contextvars.ContextVar("replicas_wrote", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = bound.get()
        if alias is None or alias == DEFAULT_DB_ALIAS or wrote.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        if bound.get() is not None:
            wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every database holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
