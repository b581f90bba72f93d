"""Issue 20: rooms that unload leave nothing behind. Several cycles of fresh rooms through the
real manager and the chain the app registers; after each, no room, document or peer of that
cycle is still alive, and Python's traced memory does not grow from cycle to cycle."""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
import weakref
from collections.abc import Sequence
from typing import Any

from pycrdt import Doc

from crdt_store import Snapshot, UpdateRecord
from crdt_store.memory.updates import MemoryUpdates
from server.access import Grant
from server.metrics import Metrics, MetricsHook
from server.rooms import live
from server.rooms import protocol as yp
from server.rooms.allocator import ReturnFreedMemory, glibc_trim
from server.rooms.manager import RoomManager, RoomPolicy
from tests.rooms.fakes import FakePeer, stored_rooms, typing, update_frame
from tests.rooms.test_manager import wait_until

ROOMS = 20
PEERS = 3
CYCLES = 4
# Python memory one cycle may leave (caches warming up, allocator slack); one leaked room
# of a cycle costs more than this.
TRACED_SLACK = 48 * 1024


class Forgetful(MemoryUpdates):
    """A store that numbers updates and snapshots but keeps none: what a store holds is
    data, not a leak, and each cycle's rooms are fresh (nothing to load)."""

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        self._seq += len(records)
        return list(range(self._seq - len(records) + 1, self._seq + 1))

    async def put_snapshot(self, doc: str, snapshot: Snapshot) -> bool:
        return True


async def cycle(manager: RoomManager, n: int) -> list[weakref.ref[Any]]:
    """Fill ROOMS fresh rooms with typing and awareness, then leave them to unload; returns
    weak references to every room, document and peer it made."""
    made: list[weakref.ref[Any]] = []
    for r in range(ROOMS):
        key = f"c{n}r{r}/{'code' if r % 2 else 'notes'}"
        peers = [FakePeer(Grant(user_id=f"u{p}", can_write=True)) for p in range(PEERS)]
        for peer in peers:
            room = await manager.join(key, peer)
        writer: Doc[Any] = Doc()
        for i, peer in enumerate(peers):
            room.receive(peer, update_frame(typing(f"{i}" * 50, writer)))
            state = f'{{"user":{{"name":"p{i}"}},"cursor":{i}}}'
            room.receive(peer, yp.awareness_message([yp.AwarenessEntry(100 + i, 1, state)]))
        made += [weakref.ref(room), weakref.ref(room.doc), *map(weakref.ref, peers)]
        for peer in peers:
            manager.leave(room, peer)
        del room, peers, peer, writer
    await wait_until(lambda: not manager.rooms and not manager._background)
    return made


async def test_unloaded_rooms_free_their_rooms_documents_and_peers() -> None:
    store = Forgetful()
    manager = stored_rooms(
        store, RoomPolicy(unload_after_s=0.01), snapshot_every=10, hooks=(MetricsHook(Metrics()),)
    )
    manager.committer.start()
    gc.collect()
    baseline = len(live.rooms), len(live.docs)
    tracemalloc.start()
    try:
        traced = []
        for n in range(CYCLES):
            made = await cycle(manager, n)
            await manager.committer.flush()
            await asyncio.sleep(0)  # snapshot tasks spawned by the unloads
            gc.collect()
            alive = [ref() for ref in made if ref() is not None]
            assert alive == [], f"cycle {n}: {len(alive)} objects outlived their rooms"
            assert (len(live.rooms), len(live.docs)) <= baseline
            traced.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
        await manager.aclose()
        await manager.committer.aclose()
    # The first cycle warms caches up; from the second on nothing may accumulate.
    assert traced[-1] - traced[1] < TRACED_SLACK, traced


async def test_the_heap_is_trimmed_once_after_a_wave_of_unloads() -> None:
    calls: list[float] = []
    trimmer = ReturnFreedMemory(lambda: calls.append(time.monotonic()), quiet_s=0.2)
    manager = stored_rooms(Forgetful(), RoomPolicy(unload_after_s=0.01), hooks=(trimmer,))
    manager.committer.start()
    try:
        await cycle(manager, 0)
        await wait_until(lambda: trimmer.trims == 1)
        await asyncio.sleep(0.3)
        assert len(calls) == 1  # twenty unloads, one trim
    finally:
        await manager.aclose()
        await manager.committer.aclose()


def test_glibc_trim_is_found_and_runs_here() -> None:
    trim = glibc_trim()  # the CI image is Debian: glibc
    assert trim is not None
    trim()
