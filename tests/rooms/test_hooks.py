"""server.rooms.hooks: the chain's order, refusals before an update is applied, and the life
events (load, commit, unload, disconnect, close) as the manager reports them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest
from pycrdt import Doc, Text

from crdt_store import UpdateRecord
from crdt_store.committer import CommitStats
from crdt_store.memory.updates import MemoryUpdates
from server.access import Grant
from server.closecodes import CloseCode
from server.rooms.hooks import GrantMatch, Hook, HookChain, Loaded
from server.rooms.manager import RoomManager, RoomPolicy
from server.rooms.room import Peer, Room, RoomFault
from server.rooms.updates import UpdateRefused
from tests.rooms.fakes import FakePeer, stored_rooms, typing, update_frame


class Journal(Hook):
    """Writes every event it sees into a shared list, tagged with its name."""

    def __init__(self, name: str, journal: list[tuple[str, str, Any]]) -> None:
        self.name = name
        self.journal = journal

    def on_load(self, room: Room, loaded: Loaded) -> None:
        self.journal.append((self.name, "load", loaded))

    def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
        self.journal.append((self.name, "change", origin))

    def on_commit(self, stats: CommitStats) -> None:
        self.journal.append((self.name, "commit", dict(stats.last_seqs)))

    def on_unload(self, room: Room) -> None:
        self.journal.append((self.name, "unload", room.key))

    def on_disconnect(
        self, matches: GrantMatch, session_id: str | None, code: CloseCode, reason: str
    ) -> int:
        self.journal.append((self.name, "disconnect", (session_id, code)))
        return 2

    async def on_close(self) -> None:
        self.journal.append((self.name, "close", None))


class NoLongLines(Hook):
    """Refuses any update carrying a line longer than `limit` characters."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def before_update(self, room: Room, update: bytes, origin: Peer) -> None:
        probe: Doc[Any] = Doc()
        probe.apply_update(room.doc.get_update())
        probe.apply_update(update)
        if any(len(line) > self.limit for line in str(probe.get("code", type=Text)).split("\n")):
            raise UpdateRefused(f"a line is longer than {self.limit} characters")


@pytest.fixture
def store() -> MemoryUpdates:
    return MemoryUpdates()


@pytest.fixture
def journal() -> list[tuple[str, str, Any]]:
    return []


@pytest.fixture
async def manager(
    store: MemoryUpdates, journal: list[tuple[str, str, Any]]
) -> AsyncIterator[RoomManager]:
    rooms = stored_rooms(
        store,
        RoomPolicy(unload_after_s=0.01),
        hooks=(Journal("first", journal), NoLongLines(10), Journal("second", journal)),
    )
    rooms.committer.start()
    yield rooms
    await rooms.aclose()
    await rooms.committer.aclose()


async def test_hooks_run_in_the_order_they_were_registered(
    manager: RoomManager, journal: list[tuple[str, str, Any]]
) -> None:
    peer = FakePeer()
    room = await manager.join("s/code", peer)
    room.receive(peer, update_frame(typing("ok")))
    assert journal == [
        ("first", "load", Loaded(entries=0, last_seq=0)),
        ("second", "load", Loaded(entries=0, last_seq=0)),
        ("first", "change", peer),
        ("second", "change", peer),
    ]


async def test_a_refused_update_changes_nothing_anywhere(
    manager: RoomManager, store: MemoryUpdates, journal: list[tuple[str, str, Any]]
) -> None:
    writer, reader = FakePeer(), FakePeer()
    room = await manager.join("s/code", writer)
    await manager.join("s/code", reader)
    sent_before = list(reader.sent)
    with pytest.raises(UpdateRefused, match="longer than 10"):
        room.receive(writer, update_frame(typing("x" * 11)))
    assert str(room.doc.get("code", type=Text)) == ""
    assert reader.sent == sent_before
    assert [event for _, event, _ in journal] == ["load", "load"]
    room.receive(writer, update_frame(typing("short")))  # the next acceptable one goes through
    await manager.committer.flush()
    stored: Doc[Any] = Doc()
    for entry in await store.history("s/code"):
        stored.apply_update(entry.update)
    assert str(stored.get("code", type=Text)) == "short"


async def test_a_check_that_fails_refuses_the_update(store: MemoryUpdates) -> None:
    class Broken(Hook):
        def before_update(self, room: Room, update: bytes, origin: Peer) -> None:
            raise KeyError("a bug in the check")

    rooms = stored_rooms(store, hooks=(Broken(),))
    rooms.committer.start()
    peer = FakePeer()
    room = await rooms.join("s/code", peer)
    with pytest.raises(RoomFault):
        room.receive(peer, update_frame(typing("sneaky")))
    assert str(room.doc.get("code", type=Text)) == ""
    await rooms.aclose()
    await rooms.committer.aclose()
    assert await store.history("s/code") == []


async def test_load_commit_unload_and_close_reach_every_hook(
    manager: RoomManager, store: MemoryUpdates, journal: list[tuple[str, str, Any]]
) -> None:
    await store.append([UpdateRecord("s/code", typing("stored"), 1.0, None)])
    peer = FakePeer()
    room = await manager.join("s/code", peer)
    assert journal[0] == ("first", "load", Loaded(entries=1, last_seq=1))
    room.receive(peer, update_frame(typing("+")))
    await manager.committer.flush()
    assert ("first", "commit", {"s/code": 2}) in journal
    manager.leave(room, peer)
    with anyio.fail_after(5):  # the unload timer fires, the queue drains, then it reports
        while ("second", "unload", "s/code") not in journal:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    await manager.aclose()
    assert journal[-2:] == [("first", "close", None), ("second", "close", None)]


async def test_disconnects_reach_the_hooks_that_hold_connections(
    manager: RoomManager, journal: list[tuple[str, str, Any]]
) -> None:
    mine = FakePeer(Grant(user_id="cand"))
    other = FakePeer(Grant(user_id="host"))
    await manager.join("s/code", mine)
    await manager.join("s/code", other)
    journal.clear()
    closed = manager.disconnect_user("s", "cand", CloseCode.FORBIDDEN, "removed")
    assert closed == 1 + 2 + 2  # the room's peer, then what each Journal reports
    assert mine.closed == (CloseCode.FORBIDDEN, "removed") and other.closed is None
    assert journal == [
        ("first", "disconnect", ("s", CloseCode.FORBIDDEN)),
        ("second", "disconnect", ("s", CloseCode.FORBIDDEN)),
    ]
    journal.clear()
    manager.close_session("s", CloseCode.NOT_FOUND, "session deleted")
    assert other.closed == (CloseCode.NOT_FOUND, "session deleted")
    assert [entry[2] for entry in journal] == [("s", CloseCode.NOT_FOUND)] * 2


def test_the_chain_names_its_hooks() -> None:
    assert repr(HookChain([NoLongLines(1), Hook()])) == "HookChain(NoLongLines, Hook)"
