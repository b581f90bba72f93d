from __future__ import annotations

import asyncio
from collections.abc import Sequence

import anyio

from crdt_store import GroupCommitter, UpdateRecord
from crdt_store.committer import CommitStats
from crdt_store.memory.updates import MemoryUpdates


class GatedStore(MemoryUpdates):
    """A memory store whose commits wait for the test to open a gate; can fail on demand."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []
        self.gate = asyncio.Event()
        self.entered = asyncio.Event()
        self.failures = 0

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        self.entered.set()
        await self.gate.wait()
        if self.failures:
            self.failures -= 1
            raise OSError("disk full")
        self.batches.append([r.update.decode() for r in records])
        return await super().append(records)


async def test_updates_arriving_during_a_commit_form_the_next_one() -> None:
    store = GatedStore()
    committer = GroupCommitter(store)
    committer.start()
    committer.append("d", b"1")
    with anyio.fail_after(5):
        await store.entered.wait()  # the first commit is in flight with one record
    for n in "2345":
        committer.append("d", n.encode())
    assert committer.pending("d") == [b"1", b"2", b"3", b"4", b"5"]
    store.gate.set()
    with anyio.fail_after(5):
        await committer.flush()
    assert store.batches == [["1"], ["2", "3", "4", "5"]]
    assert committer.backlog == 0
    assert committer.pending("d") == []
    await committer.aclose()


async def test_a_failed_commit_is_retried_and_nothing_is_lost() -> None:
    store = GatedStore()
    store.failures = 2
    store.gate.set()
    committer = GroupCommitter(store)
    committer.start()
    committer.append("d", b"a")
    committer.append("d", b"b")
    with anyio.fail_after(10):
        await committer.flush()
    assert [e.update for e in await store.history("d")] == [b"a", b"b"]
    await committer.aclose()


async def test_close_commits_everything_queued() -> None:
    store = GatedStore()
    committer = GroupCommitter(store)
    committer.start()
    for i in range(100):
        committer.append(f"d{i % 3}", str(i).encode())
    store.gate.set()
    with anyio.fail_after(5):
        await committer.aclose()
    counts = [len(await store.history(f"d{i}", limit=1000)) for i in range(3)]
    assert sum(counts) == 100


async def test_commit_stats_report_the_last_seq_per_document() -> None:
    seen: list[CommitStats] = []
    store = MemoryUpdates()
    committer = GroupCommitter(store, on_commit=seen.append)
    committer.start()
    committer.append("a", b"1")
    committer.append("b", b"2")
    committer.append("a", b"3")
    await committer.flush()
    await committer.aclose()
    last = {}
    for stats in seen:
        last.update(stats.last_seqs)
    assert last == {
        "a": (await store.history("a"))[-1].seq,
        "b": (await store.history("b"))[-1].seq,
    }
    assert all(stats.oldest_wait >= 0 for stats in seen)
