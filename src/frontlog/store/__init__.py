"""Persistence: SQLAlchemy Core over SQLite (default) or PostgreSQL."""

from frontlog.store.db import Store, StoreError, annotation_rows

__all__ = ["Store", "StoreError", "annotation_rows"]
