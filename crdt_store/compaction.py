from __future__ import annotations

import time

from pycrdt import Doc

from crdt_store.records import Snapshot, StoredDoc
from crdt_store.store import UpdateStore


def rebuild(stored: StoredDoc, extra: list[bytes] | None = None) -> Doc:  # type: ignore[type-arg]
    """A document holding the snapshot, the log tail and `extra` updates, in that order."""
    doc: Doc = Doc()  # type: ignore[type-arg]
    with doc.transaction():
        for update in stored.updates() + (extra or []):
            doc.apply_update(update)
    return doc


async def compact(store: UpdateStore, doc: str) -> Snapshot | None:
    """Fold the log tail into a new snapshot, read from the store itself.

    Working from the stored log (not a live room) keeps this correct when several processes
    append to one document: the snapshot covers exactly the entries up to its seq. The log
    is kept; playback reads it.
    """
    stored = await store.load(doc)
    if not stored.tail:
        return stored.snapshot
    state = rebuild(stored).get_update()
    snapshot = Snapshot(seq=stored.last_seq, ts=time.time(), state=state)
    await store.put_snapshot(doc, snapshot)
    return snapshot
