from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from crdt_store.mongo import counters
from crdt_store.mongo.documents import SnapshotDoc, UpdateDoc
from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord

log = logging.getLogger("codesync.store")


def _counter(doc: str) -> str:
    return f"log:{doc}"


def _entry(row: UpdateDoc) -> LoggedUpdate:
    return LoggedUpdate(row.seq, row.ts, row.author, bytes(row.data))


class MongoUpdates:
    """Update logs and snapshots in MongoDB.

    `seq` comes from a per-document counter: each append reserves one block per document
    with a single `$inc`, so appenders in any number of processes never share a seq and a
    document's seqs grow with every append. The entries are then written with one ordered
    `insert_many`. Without transactions that write is not atomic: if it fails part-way, the
    entries already written are deleted again before the error is raised (the reserved seqs
    become a gap). Only if the process dies in that window does a prefix of the batch stay;
    the committer then appends the whole batch again, and the repeated entries are harmless
    because applying a Yjs update twice changes nothing (playback shows them twice).

    Seq order is reservation order, not commit order: while another process's append to
    the same document is in flight, a reader can see seq N+1 before N arrives. A snapshot at
    seq S must therefore come from a state known to hold every entry up to S (a room's live
    document at its own committed seq does, in one process); `compaction.compact`, which
    reads the store, can miss such an in-flight entry when processes share a document.
    """

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        if not records:
            return []
        counts: dict[str, int] = {}
        for record in records:
            counts[record.doc] = counts.get(record.doc, 0) + 1
        reserved = await asyncio.gather(
            *(counters.reserve(_counter(d), n) for d, n in counts.items())
        )
        blocks = {doc: iter(block) for doc, block in zip(counts, reserved, strict=True)}
        # Ids chosen here, so a failed write can undo exactly its own entries.
        rows = [
            UpdateDoc(
                id=PydanticObjectId(),
                doc=r.doc,
                seq=next(blocks[r.doc]),
                ts=r.ts,
                author=r.author,
                data=r.update,
            )
            for r in records
        ]
        try:
            await UpdateDoc.insert_many(rows, ordered=True)
        except BaseException:
            try:
                ids = [row.id for row in rows]
                await UpdateDoc.get_pymongo_collection().delete_many({"_id": {"$in": ids}})
            except Exception:
                log.exception("could not undo a failed append of %d updates", len(rows))
            raise
        return [row.seq for row in rows]

    async def load(self, doc: str) -> StoredDoc:
        # The snapshot first: a newer one written meanwhile only makes the tail longer than
        # needed, never incomplete.
        found = await SnapshotDoc.get(doc)
        snapshot = Snapshot(found.seq, found.ts, bytes(found.state)) if found else None
        return StoredDoc(snapshot, await self._entries(doc, snapshot.seq if snapshot else 0))

    async def history(
        self, doc: str, *, after_seq: int = 0, limit: int = 1000
    ) -> list[LoggedUpdate]:
        return await self._entries(doc, after_seq, limit) if limit > 0 else []

    async def _entries(
        self, doc: str, after_seq: int, limit: int | None = None
    ) -> list[LoggedUpdate]:
        query = UpdateDoc.find({"doc": doc, "seq": {"$gt": after_seq}}).sort("+seq")
        if limit is not None:
            query = query.limit(limit)
        return [_entry(row) for row in await query.to_list()]

    async def put_snapshot(self, doc: str, snapshot: Snapshot) -> bool:
        # Matches only an older snapshot (or none, by upserting). A newer or equal one makes
        # the upsert collide with its `_id`: that is the "not stored" answer.
        try:
            result = await SnapshotDoc.get_pymongo_collection().update_one(
                {"_id": doc, "seq": {"$lt": snapshot.seq}},
                {"$set": {"seq": snapshot.seq, "ts": snapshot.ts, "state": snapshot.state}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False
        return result.matched_count > 0 or result.upserted_id is not None

    async def delete(self, doc: str) -> None:
        # The counter stays, so a document written again continues above its old seqs.
        await UpdateDoc.find({"doc": doc}).delete()
        await SnapshotDoc.find({"_id": doc}).delete()
