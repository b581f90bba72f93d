"""The behaviour every store backend must have; runs once per backend."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pycrdt import Doc, Text

from crdt_store import Snapshot, UpdateRecord, UpdateStore
from crdt_store.compaction import compact, rebuild
from tests.crdt_store.conftest import PERSISTENT


def typed(*texts: str) -> tuple[list[bytes], str]:
    """Updates that type `texts` one after another, and the resulting text."""
    doc: Doc[Any] = Doc()
    code = doc.get("code", type=Text)
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(event.update))
    for text in texts:
        code += text
    return updates, str(code)


def records(doc: str, updates: list[bytes], author: str | None = None) -> list[UpdateRecord]:
    return [UpdateRecord(doc, u, 1_700_000_000.0 + i, author) for i, u in enumerate(updates)]


def text_of(updates: list[bytes]) -> str:
    doc: Doc[Any] = Doc()
    for update in updates:
        doc.apply_update(update)
    return str(doc.get("code", type=Text))


async def test_unknown_document_loads_empty(store: UpdateStore) -> None:
    stored = await store.load("nobody/code")
    assert stored.snapshot is None
    assert stored.tail == []
    assert stored.last_seq == 0
    assert await store.history("nobody/code") == []


async def test_append_then_load_returns_every_update_in_order(store: UpdateStore) -> None:
    updates, text = typed("a", "b", "c")
    seqs = await store.append(records("s/code", updates, "u1"))
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    stored = await store.load("s/code")
    assert [e.update for e in stored.tail] == updates
    assert [e.seq for e in stored.tail] == seqs
    assert all(e.author == "u1" for e in stored.tail)
    assert text_of(stored.updates()) == text == "abc"


async def test_documents_are_kept_apart(store: UpdateStore) -> None:
    one, _ = typed("one")
    two, _ = typed("two")
    await store.append(records("a/code", one) + records("b/code", two))
    assert text_of((await store.load("a/code")).updates()) == "one"
    assert text_of((await store.load("b/code")).updates()) == "two"


async def test_seq_grows_within_a_document_across_appends(store: UpdateStore) -> None:
    updates, _ = typed(*"abcdef")
    first = await store.append(records("s/code", updates[:3]))
    second = await store.append(records("s/code", updates[3:]))
    assert max(first) < min(second)


async def test_history_keeps_timestamps_authors_and_pages(store: UpdateStore) -> None:
    updates, _ = typed(*"abcde")
    await store.append(
        [UpdateRecord("s/code", u, 100.0 + i, f"user{i % 2}") for i, u in enumerate(updates)]
    )
    page1 = await store.history("s/code", limit=2)
    page2 = await store.history("s/code", after_seq=page1[-1].seq, limit=10)
    entries = page1 + page2
    assert [e.update for e in entries] == updates
    assert [e.ts for e in entries] == [100.0, 101.0, 102.0, 103.0, 104.0]
    assert [e.author for e in entries] == ["user0", "user1", "user0", "user1", "user0"]


async def test_snapshot_bounds_the_load_but_history_keeps_everything(store: UpdateStore) -> None:
    updates, _ = typed(*"abcdef")
    seqs = await store.append(records("s/code", updates))
    state = rebuild(await store.load("s/code")).get_update()
    assert await store.put_snapshot("s/code", Snapshot(seq=seqs[3], ts=5.0, state=state))
    stored = await store.load("s/code")
    assert stored.snapshot is not None and stored.snapshot.seq == seqs[3]
    assert [e.seq for e in stored.tail] == seqs[4:]
    assert text_of(stored.updates()) == "abcdef"
    assert len(await store.history("s/code")) == 6


async def test_an_older_snapshot_never_replaces_a_newer_one(store: UpdateStore) -> None:
    updates, _ = typed(*"abc")
    seqs = await store.append(records("s/code", updates))
    newer = Snapshot(seq=seqs[2], ts=2.0, state=rebuild(await store.load("s/code")).get_update())
    assert await store.put_snapshot("s/code", newer)
    assert not await store.put_snapshot("s/code", Snapshot(seq=seqs[0], ts=3.0, state=b"\0\0"))
    stored = await store.load("s/code")
    assert stored.snapshot == newer


async def test_compact_folds_the_tail_and_keeps_the_text(store: UpdateStore) -> None:
    updates, text = typed(*"hello world")
    await store.append(records("s/code", updates))
    snapshot = await compact(store, "s/code")
    assert snapshot is not None
    stored = await store.load("s/code")
    assert stored.tail == []
    assert text_of(stored.updates()) == text
    more, _ = typed("!")
    await store.append(records("s/code", more))
    assert len((await store.load("s/code")).tail) == 1


async def test_delete_removes_log_and_snapshot(store: UpdateStore) -> None:
    updates, _ = typed(*"abc")
    await store.append(records("s/code", updates) + records("keep/code", updates))
    await compact(store, "s/code")
    await store.delete("s/code")
    assert (await store.load("s/code")).snapshot is None
    assert await store.history("s/code") == []
    assert len(await store.history("keep/code")) == 3


async def test_concurrent_appends_are_all_kept(store: UpdateStore) -> None:
    updates, _ = typed(*"x" * 50)
    await asyncio.gather(*(store.append(records(f"d{i}/code", updates)) for i in range(10)))
    for i in range(10):
        assert len((await store.load(f"d{i}/code")).tail) == 50


async def test_binary_updates_survive_byte_for_byte(store: UpdateStore) -> None:
    blob = bytes(range(256)) * 4
    await store.append([UpdateRecord("s/code", blob, 1.0, None)])
    assert (await store.history("s/code"))[0].update == blob


@pytest.mark.parametrize("backend", PERSISTENT, indirect=True)
async def test_data_survives_reopening(make_backend: Any) -> None:
    updates, _ = typed(*"persist")
    first = make_backend()
    await first.open()
    await first.updates.append(records("s/code", updates))
    await first.close()
    second = make_backend()
    await second.open()
    assert text_of((await second.updates.load("s/code")).updates()) == "persist"
    await second.close()


async def test_compact_leaves_entries_younger_than_the_settle_time(store: UpdateStore) -> None:
    import time

    updates, _ = typed(*"abcd")
    now = time.time()
    await store.append(
        [
            UpdateRecord("s/code", u, now - 100 if i < 2 else now, None)
            for i, u in enumerate(updates)
        ]
    )
    snapshot = await compact(store, "s/code", settle_s=30)
    assert snapshot is not None
    stored = await store.load("s/code")
    assert len(stored.tail) == 2
    assert text_of(stored.updates()) == "abcd"
