"""Parts for tests of the rooms core: a peer without a socket that records what it is sent,
a hook that records updates, and a manager wired as the app wires one."""

from __future__ import annotations

from typing import Any

from pycrdt import Doc, Text

from crdt_store import GroupCommitter, UpdateStore
from server.access import Grant
from server.closecodes import CloseCode
from server.rooms import protocol as yp
from server.rooms.hooks import Hook, HookChain
from server.rooms.manager import RoomManager, RoomPolicy
from server.rooms.persistence import Persistence, Snapshots
from server.rooms.room import Peer, Room


class FakePeer:
    def __init__(self, grant: Grant | None = None, *, can_write: bool = True) -> None:
        self.grant = grant or Grant(user_id="u1", can_write=can_write)
        self.sent: list[bytes] = []
        self.closed: tuple[CloseCode, str] | None = None

    def send(self, frame: bytes) -> None:
        self.sent.append(frame)

    def close(self, code: CloseCode, reason: str) -> None:
        self.closed = (code, reason)


class Recorder(Hook):
    """A hook that keeps every update the chain reports, in order."""

    def __init__(self) -> None:
        self.updates: list[bytes] = []

    def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
        self.updates.append(update)


def stored_rooms(
    store: UpdateStore,
    policy: RoomPolicy | None = None,
    *,
    snapshot_every: int = 500,
    hooks: tuple[Hook, ...] = (),
) -> RoomManager:
    """A manager with the chain the app registers when alone (store, snapshots), then `hooks`;
    its committer is not started."""
    chain = HookChain()
    committer = GroupCommitter(store, on_commit=chain.committed)
    chain.add(Persistence(committer))
    chain.add(Snapshots(store, every=snapshot_every))
    for hook in hooks:
        chain.add(hook)
    return RoomManager(store, committer, chain, policy)


def typing(text: str, doc: Doc[Any] | None = None) -> bytes:
    """The update of inserting `text` at the start of `code` (in `doc`, or a fresh one)."""
    doc = doc or Doc()
    before = doc.get_state()
    doc.get("code", type=Text).insert(0, text)
    return doc.get_update(before)


def update_frame(update: bytes) -> bytes:
    return yp.sync_message(yp.SyncType.UPDATE, update)
