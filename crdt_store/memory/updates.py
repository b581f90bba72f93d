from __future__ import annotations

from collections.abc import Sequence

from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord


class MemoryUpdates:
    """Update logs kept in this process: the test double, and part of `memory://`."""

    def __init__(self) -> None:
        self._logs: dict[str, list[LoggedUpdate]] = {}
        self._snapshots: dict[str, Snapshot] = {}
        self._seq = 0

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        seqs = []
        for record in records:
            self._seq += 1
            entry = LoggedUpdate(self._seq, record.ts, record.author, bytes(record.update))
            self._logs.setdefault(record.doc, []).append(entry)
            seqs.append(self._seq)
        return seqs

    async def load(self, doc: str) -> StoredDoc:
        snapshot = self._snapshots.get(doc)
        after = snapshot.seq if snapshot else 0
        return StoredDoc(snapshot, [e for e in self._logs.get(doc, []) if e.seq > after])

    async def history(
        self, doc: str, *, after_seq: int = 0, limit: int = 1000
    ) -> list[LoggedUpdate]:
        return [e for e in self._logs.get(doc, []) if e.seq > after_seq][:limit]

    async def put_snapshot(self, doc: str, snapshot: Snapshot) -> bool:
        current = self._snapshots.get(doc)
        if current is not None and current.seq >= snapshot.seq:
            return False
        self._snapshots[doc] = snapshot
        return True

    async def delete(self, doc: str) -> None:
        self._logs.pop(doc, None)
        self._snapshots.pop(doc, None)
