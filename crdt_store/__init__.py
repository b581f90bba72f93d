"""Durable storage for collaborative documents: an append-only update log plus snapshots."""

from crdt_store.committer import GroupCommitter
from crdt_store.open import open_store
from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord
from crdt_store.store import UpdateStore

__all__ = [
    "GroupCommitter",
    "LoggedUpdate",
    "Snapshot",
    "StoredDoc",
    "UpdateRecord",
    "UpdateStore",
    "open_store",
]
