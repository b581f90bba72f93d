from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from beanie import PydanticObjectId
from pymongo.errors import BulkWriteError, DuplicateKeyError

from crdt_store.mongo import counters
from crdt_store.mongo.documents import SnapshotDoc, UpdateDoc
from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord

log = logging.getLogger("codesync.store")

# Appends that find a reserved seq taken try again with a new block, this many times in all.
_APPEND_ATTEMPTS = 20
_DUPLICATE_KEY = 11000


def _only_duplicate_seqs(error: BulkWriteError) -> bool:
    write_errors = error.details.get("writeErrors", [])
    return bool(write_errors) and all(e.get("code") == _DUPLICATE_KEY for e in write_errors)


def _counter(doc: str) -> str:
    return f"log:{doc}"


def _entry(row: UpdateDoc) -> LoggedUpdate:
    return LoggedUpdate(row.seq, row.ts, row.author, bytes(row.data))


async def _newest_seq(doc: str) -> int:
    newest = await UpdateDoc.get_pymongo_collection().find_one(
        {"doc": doc}, {"seq": 1}, sort=[("seq", -1)]
    )
    return int(newest["seq"]) if newest else 0


class MongoUpdates:
    """Update logs and snapshots in MongoDB.

    `seq` comes from a per-document counter: each append reserves one block per document
    with a single `$inc`, so appenders in any number of processes never share a seq and a
    document's seqs grow with every append. The entries are then written with one ordered
    `insert_many`. Without transactions that write is not atomic: if it fails part-way, the
    entries already written are deleted again before the error is raised (the reserved seqs
    become a gap); if the server is gone, before the next append instead (an insert whose
    answer was lost may have landed). Only if the process dies in that window does a prefix
    of the batch stay;
    the committer then appends the whole batch again, and the repeated entries are harmless
    because applying a Yjs update twice changes nothing (playback shows them twice).

    On FerretDB 1.24 (the test server) `$inc` is not atomic: concurrent appenders can be
    handed one block, and the counter can fall behind. The unique (doc, seq) index refuses
    a second writer of a seq, which looks up the newest entry and retries above it; and a
    block never starts at or below the newest seq this process wrote. So seqs stay distinct
    and grow with each process's own appends there too. (The look-up is not done on every
    append: FerretDB scans the whole collection to sort, ~20 ms at a few hundred entries.)

    Seq order is reservation order, not commit order: while another process's append to
    the same document is in flight, a reader can see seq N+1 before N arrives. A snapshot at
    seq S must therefore come from a state known to hold every entry up to S (a room's live
    document at its own committed seq does, in one process); `compaction.compact`, which
    reads the store, can miss such an in-flight entry when processes share a document.
    """

    def __init__(self) -> None:
        # The newest seq known per document (written by this process, or looked up after a
        # collision); a few bytes per document the process has written to.
        self._newest: dict[str, int] = {}
        # Entries of failed appends whose undo failed too (the server was gone): they may
        # have been written after all. Deleted before any other append, so that the
        # committer's retry of the batch leaves each update in the log exactly once.
        self._undo: list[PydanticObjectId] = []

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        if not records:
            return []
        if self._undo:
            await self._delete_entries(self._undo)  # raises while the server is still gone
            self._undo = []
        attempt = 1
        while True:
            try:
                seqs = await self._append_once(records)
            except DuplicateKeyError:
                # A reserved seq was taken already: by an entry restored without its counter,
                # or, on servers whose `$inc` is not atomic (FerretDB 1.24), by another
                # appender handed the same block. Our own entries are undone; a fresh
                # reservation lies above the block. The unique (doc, seq) index is the guard.
                if attempt == _APPEND_ATTEMPTS:
                    raise
                attempt += 1
                for doc in {r.doc for r in records}:
                    self._known(doc, await _newest_seq(doc))
                continue
            for record, seq in zip(records, seqs, strict=True):
                self._known(record.doc, seq)
            return seqs

    def _known(self, doc: str, seq: int) -> None:
        self._newest[doc] = max(self._newest.get(doc, 0), seq)

    async def _reserve(self, doc: str, count: int) -> range:
        """`count` seqs for `doc` from its counter, but above the newest seq known here."""
        block = await counters.reserve(_counter(doc), count)
        newest = self._newest.get(doc, 0)
        if block.start > newest:
            return block  # always on MongoDB, unless a log was restored without its counter
        # The counter is behind the log ($incs lost on FerretDB, or a restored log): continue
        # above it (the unique index catches a concurrent appender) and move the counter up.
        await counters.raise_to(_counter(doc), newest + count)
        return range(newest + 1, newest + count + 1)

    async def _append_once(self, records: Sequence[UpdateRecord]) -> list[int]:
        counts: dict[str, int] = {}
        for record in records:
            counts[record.doc] = counts.get(record.doc, 0) + 1
        reserved = await asyncio.gather(*(self._reserve(d, n) for d, n in counts.items()))
        blocks = {doc: iter(block) for doc, block in zip(counts, reserved, strict=True)}
        # Ids chosen here, so a failed write can undo exactly its own entries.
        ids = [PydanticObjectId() for _ in records]
        rows = [
            UpdateDoc(
                id=ids[i],
                doc=r.doc,
                seq=next(blocks[r.doc]),
                ts=r.ts,
                author=r.author,
                data=r.update,
            )
            for i, r in enumerate(records)
        ]
        try:
            await UpdateDoc.insert_many(rows, ordered=True)
        except BaseException as error:
            try:
                await self._delete_entries(ids)
            except Exception:
                log.warning("could not undo a failed append of %d updates yet", len(rows))
                self._undo.extend(ids)
            if isinstance(error, BulkWriteError) and _only_duplicate_seqs(error):
                raise DuplicateKeyError(str(error), _DUPLICATE_KEY) from error
            raise
        return [row.seq for row in rows]

    async def _delete_entries(self, ids: list[PydanticObjectId]) -> None:
        await UpdateDoc.get_pymongo_collection().delete_many({"_id": {"$in": ids}})

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
        self._newest.pop(doc, None)
        await UpdateDoc.find({"doc": doc}).delete()
        await SnapshotDoc.find({"_id": doc}).delete()
