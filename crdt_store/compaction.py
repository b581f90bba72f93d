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


async def compact(store: UpdateStore, doc: str, *, settle_s: float = 0.0) -> Snapshot | None:
    """Fold the log tail into a new snapshot, read from the store itself.

    Working from the stored log (not a live room) keeps this correct when several processes
    append to one document: the snapshot covers exactly the entries up to its seq. Only
    entries older than `settle_s` are folded: with some backends (MongoDB) seqs are reserved
    before the write lands, so a younger entry may still have a lower-seq one in flight.
    The log is kept; playback reads it.
    """
    stored = await store.load(doc)
    cutoff = time.time() - settle_s
    settled = 0
    while settled < len(stored.tail) and stored.tail[settled].ts <= cutoff:
        settled += 1
    if settled == 0:
        return stored.snapshot
    folded = StoredDoc(stored.snapshot, stored.tail[:settled])
    state = rebuild(folded).get_update()
    snapshot = Snapshot(seq=folded.last_seq, ts=time.time(), state=state)
    await store.put_snapshot(doc, snapshot)
    return snapshot
