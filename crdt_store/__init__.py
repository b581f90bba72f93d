"""Durable storage: documents' update logs and snapshots, and the directory of accounts,
sessions and invites. Backends are chosen by URL (`open_backend`)."""

from crdt_store.backend import Backend
from crdt_store.committer import GroupCommitter
from crdt_store.directory import Conflict, Directory, Invite, Participant, Session, User
from crdt_store.open import open_backend
from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord
from crdt_store.store import UpdateStore

__all__ = [
    "Backend",
    "Conflict",
    "Directory",
    "GroupCommitter",
    "Invite",
    "LoggedUpdate",
    "Participant",
    "Session",
    "Snapshot",
    "StoredDoc",
    "UpdateRecord",
    "UpdateStore",
    "User",
    "open_backend",
]
