from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord


class UpdateStore(Protocol):
    """The persistence seam. Every backend passes `tests/crdt_store/test_contract.py`.

    Implementations must make `append` atomic: either every record of the batch is durable
    when it returns, or none is and it raises.
    """

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        """Durably append records (any mix of documents) in one commit; returns their seqs."""
        ...

    async def load(self, doc: str) -> StoredDoc:
        """The newest snapshot of `doc` and every log entry after it (empty if unknown)."""
        ...

    async def history(
        self, doc: str, *, after_seq: int = 0, limit: int = 1000
    ) -> list[LoggedUpdate]:
        """Log entries of `doc` with `seq > after_seq`, oldest first, at most `limit`."""
        ...

    async def put_snapshot(self, doc: str, snapshot: Snapshot) -> bool:
        """Store a snapshot unless a newer one (higher seq) exists; True if stored."""
        ...

    async def delete(self, doc: str) -> None:
        """Remove the document's log and snapshots."""
        ...
