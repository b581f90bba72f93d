"""The hooks that keep rooms durable: every update into the store's log, and snapshots that
bound how much of the log a load replays."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from typing import TYPE_CHECKING

from crdt_store import GroupCommitter, Snapshot, UpdateStore
from crdt_store.committer import CommitStats
from crdt_store.compaction import compact
from server.rooms.hooks import Hook, Loaded

if TYPE_CHECKING:
    from server.rooms.room import Peer, Room

log = logging.getLogger("codesync.rooms")

# Log entries younger than this are left out of a compaction (see crdt_store.compaction).
_SETTLE_S = 30.0


class Persistence(Hook):
    """Queues every update applied here for the store (the committer makes it durable within
    its window). First in the chain: what later hooks see is already on its way to disk."""

    def __init__(self, committer: GroupCommitter) -> None:
        self.committer = committer

    def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
        author = origin.grant.user_id if origin is not None else None
        self.committer.append(room.key, update, author)


class Snapshots(Hook):
    """Writes a snapshot of a room every `every` log entries and when it unloads.

    Alone, a process knows that its live document covers every committed entry, so it writes
    the document as of the committed seq. With other processes appending to the same log
    (`shared`), only the log says what a snapshot up to some seq holds: it compacts instead.
    """

    def __init__(self, store: UpdateStore, *, every: int, shared: bool = False) -> None:
        self.store = store
        self.every = every
        self.shared = shared
        self._rooms: dict[str, Room] = {}
        self._since: dict[Room, int] = {}  # log entries since the last snapshot
        self._committed_seq: dict[Room, int] = {}
        self._background: set[asyncio.Task[None]] = set()

    def on_load(self, room: Room, loaded: Loaded) -> None:
        self._rooms[room.key] = room
        self._since[room] = loaded.entries
        self._committed_seq[room] = loaded.last_seq
        if loaded.entries >= self.every:
            self._snapshot_soon(room)

    def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
        self._since[room] = self._since.get(room, 0) + 1

    def on_commit(self, stats: CommitStats) -> None:
        for key, seq in stats.last_seqs.items():
            room = self._rooms.get(key)
            if room is None:
                continue  # not (or no longer) held here
            self._committed_seq[room] = seq
            if self._since.get(room, 0) >= self.every:
                self._snapshot_soon(room)

    def on_unload(self, room: Room) -> None:
        if self._since.get(room, 0):
            self._snapshot_soon(room)
        if self._rooms.get(room.key) is room:  # a newer room of the same key stays
            del self._rooms[room.key]
        self._since.pop(room, None)
        self._committed_seq.pop(room, None)

    async def on_close(self) -> None:
        for room in list(self._rooms.values()):
            if self._since.get(room):
                self._snapshot_soon(room)
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    def _snapshot_soon(self, room: Room) -> None:
        if self.shared:
            self._since[room] = 0
            self._spawn(self._compact(room.key))
            return
        # Every committed entry of this room's document was applied to `room.doc` before it
        # was queued, so the live document covers all entries up to the committed seq.
        seq = self._committed_seq.get(room, 0)
        if seq == 0:
            return
        snapshot = Snapshot(seq=seq, ts=time.time(), state=room.doc.get_update())
        self._since[room] = 0
        self._spawn(self._put_snapshot(room, snapshot))

    async def _compact(self, key: str) -> None:
        try:
            await compact(self.store, key, settle_s=_SETTLE_S)
        except Exception:
            log.exception("compaction of %s failed; the log still holds every update", key)

    async def _put_snapshot(self, room: Room, snapshot: Snapshot) -> None:
        try:
            await self.store.put_snapshot(room.key, snapshot)
        except Exception:
            log.exception("snapshot of %s failed; the log still holds every update", room.key)
            if room in self._since:
                self._since[room] = self.every  # try again at the next commit

    def _spawn(self, coroutine: Coroutine[None, None, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
