from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

import anyio
import pytest
from pycrdt import Doc, Text

from crdt_store import StoredDoc, UpdateRecord
from crdt_store.memory.updates import MemoryUpdates
from server.closecodes import CloseCode
from server.rooms import protocol as yp
from server.rooms.hooks import Hook
from server.rooms.manager import RoomManager, RoomPolicy, RoomUnavailable
from server.rooms.room import Peer, Room
from tests.rooms.fakes import FakePeer, stored_rooms, typing, update_frame


class SlowStore(MemoryUpdates):
    """Loads and commits wait for gates the test opens; counts loads."""

    def __init__(self) -> None:
        super().__init__()
        self.loads = 0
        self.load_gate = asyncio.Event()
        self.load_gate.set()
        self.append_gate = asyncio.Event()
        self.append_gate.set()

    async def load(self, doc: str) -> StoredDoc:
        self.loads += 1
        await self.load_gate.wait()
        return await super().load(doc)

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        await self.append_gate.wait()
        return await super().append(records)


def room_text(room: Room) -> str:
    return str(room.doc.get("code", type=Text))


@pytest.fixture
def store() -> SlowStore:
    return SlowStore()


@pytest.fixture
async def manager(store: SlowStore) -> AsyncIterator[RoomManager]:
    rooms = stored_rooms(store, RoomPolicy(unload_after_s=0.05), snapshot_every=10)
    rooms.committer.start()
    yield rooms
    await rooms.aclose()
    await rooms.committer.aclose()


async def wait_until(predicate: Any, timeout: float = 5) -> None:
    # Polls state of the manager's background tasks, which expose no event to wait on.
    with anyio.fail_after(timeout):
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def test_nobody_hears_from_a_room_before_its_state_is_loaded(
    manager: RoomManager, store: SlowStore
) -> None:
    await store.append([UpdateRecord("s/code", typing("stored"), 1.0, None)])
    store.load_gate.clear()
    peer = FakePeer()
    join = asyncio.create_task(manager.join("s/code", peer))
    await wait_until(lambda: store.loads == 1)
    assert peer.sent == []
    store.load_gate.set()
    room = await join
    assert room_text(room) == "stored"
    assert yp.parse(peer.sent[0]) == yp.Sync(yp.SyncType.STEP1, room.doc.get_state())


async def test_concurrent_first_joins_share_one_load(
    manager: RoomManager, store: SlowStore
) -> None:
    store.load_gate.clear()
    peers = [FakePeer() for _ in range(50)]
    joins = [asyncio.create_task(manager.join("s/code", p)) for p in peers]
    await wait_until(lambda: store.loads == 1)
    store.load_gate.set()
    rooms = await asyncio.gather(*joins)
    assert store.loads == 1
    assert all(room is rooms[0] for room in rooms)
    assert len(rooms[0].peers) == 50


async def test_a_failed_load_is_reported_and_retried(
    manager: RoomManager, store: SlowStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(doc: str) -> StoredDoc:
        raise OSError("disk gone")

    monkeypatch.setattr(store, "load", broken)
    with pytest.raises(RoomUnavailable):
        await manager.join("s/code", FakePeer())
    monkeypatch.undo()
    room = await manager.join("s/code", FakePeer())
    assert manager.rooms["s/code"] is room


async def test_room_unloads_after_grace_with_everything_durable(
    manager: RoomManager, store: SlowStore
) -> None:
    peer = FakePeer()
    room = await manager.join("s/code", peer)
    room.receive(peer, update_frame(typing("hello")))
    manager.leave(room, peer)
    assert "s/code" in manager.rooms  # the grace period keeps it a moment
    await wait_until(lambda: "s/code" not in manager.rooms)
    await wait_until(lambda: manager.committer.backlog == 0)
    reloaded = await manager.join("s/code", FakePeer())
    assert reloaded is not room and room_text(reloaded) == "hello"


async def test_a_join_during_the_grace_period_keeps_the_room(manager: RoomManager) -> None:
    first = FakePeer()
    room = await manager.join("s/code", first)
    manager.leave(room, first)
    again = await manager.join("s/code", FakePeer())
    await asyncio.sleep(0.15)  # three grace periods: the room must still be the same
    assert manager.rooms["s/code"] is room is again


async def test_reload_sees_updates_still_queued_for_the_store(
    manager: RoomManager, store: SlowStore
) -> None:
    store.append_gate.clear()  # commits hang: updates stay in the queue
    peer = FakePeer()
    room = await manager.join("s/code", peer)
    room.receive(peer, update_frame(typing("queued")))
    manager.leave(room, peer)
    await wait_until(lambda: "s/code" not in manager.rooms)
    assert await store.history("s/code") == []
    reloaded = await manager.join("s/code", FakePeer())
    assert room_text(reloaded) == "queued"
    store.append_gate.set()


async def test_snapshots_bound_the_log_a_load_replays(
    manager: RoomManager, store: SlowStore
) -> None:
    peer = FakePeer()
    room = await manager.join("s/code", peer)
    doc: Doc[Any] = Doc()
    for i in range(35):
        room.receive(peer, update_frame(typing(str(i % 10), doc)))
        await manager.committer.flush()
    await wait_until(lambda: store._snapshots.get("s/code") is not None)
    stored = await store.load("s/code")
    assert len(stored.tail) < 10
    assert len(await store.history("s/code", limit=100)) == 35  # the log is all kept
    fresh: Doc[Any] = Doc()
    for update in stored.updates():
        fresh.apply_update(update)
    assert str(fresh.get("code", type=Text)) == room_text(room)


async def test_read_only_writes_are_dropped_not_applied_or_stored(
    manager: RoomManager, store: SlowStore
) -> None:
    writer, reader = FakePeer(), FakePeer(can_write=False)
    room = await manager.join("s/code", writer)
    await manager.join("s/code", reader)
    writer.sent.clear()
    room.receive(reader, update_frame(typing("nope")))
    room.receive(reader, yp.sync_message(yp.SyncType.STEP2, typing("nope either")))
    assert room_text(room) == ""
    assert writer.sent == []
    assert room.dropped_writes == 2
    room.receive(reader, yp.sync_message(yp.SyncType.STEP1, b"\x00"))
    answer = yp.parse(reader.sent[-1])
    assert isinstance(answer, yp.Sync) and answer.kind is yp.SyncType.STEP2
    await manager.committer.flush()
    assert await store.history("s/code") == []


async def test_a_failing_hook_does_not_break_the_room(store: SlowStore) -> None:
    class Exploding(Hook):
        def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
            raise RuntimeError("boom")

    rooms = stored_rooms(store, hooks=(Exploding(),))
    committer = rooms.committer
    committer.start()
    a, b = FakePeer(), FakePeer()
    room = await rooms.join("s/code", a)
    await rooms.join("s/code", b)
    room.receive(a, update_frame(typing("fine")))
    assert room_text(room) == "fine"
    relayed = yp.parse(b.sent[-1])
    assert isinstance(relayed, yp.Sync) and relayed.kind is yp.SyncType.UPDATE
    await rooms.aclose()
    await committer.aclose()
    assert len(await store.history("s/code")) == 1


async def test_close_tells_every_peer_and_drains_the_queue(
    manager: RoomManager, store: SlowStore
) -> None:
    peer = FakePeer()
    room = await manager.join("s/code", peer)
    room.receive(peer, update_frame(typing("last words")))
    await manager.aclose()
    assert peer.closed == (CloseCode.SERVICE_RESTART, "server restarting")
    assert len(await store.history("s/code")) == 1
