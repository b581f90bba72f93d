"""The seam to other server processes holding the same rooms (Redis pub/sub in production).

A process subscribes to a room's channel *before* loading the room, buffers what arrives
during the load, applies it after, then asks the other holders for anything it still
lacks (QUERY with its state vector; they answer with the difference as an UPDATE). So a
room loaded on a second process misses nothing, whatever the commit timing of the first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from server.rooms.hooks import Hook

if TYPE_CHECKING:
    from server.rooms.room import Peer, Room


class Kind(Enum):
    UPDATE = b"U"  # a document update some process received from a client (and stored)
    AWARENESS = b"A"  # an awareness update
    QUERY = b"Q"  # a state vector: "send me what I lack"


RoomListener = Callable[[str, Kind, bytes, str], None]  # room key, kind, payload, origin
ControlListener = Callable[[Mapping[str, str]], None]


class Fanout(Protocol):
    process_id: str

    def attach(self, on_room: RoomListener, on_control: ControlListener) -> None: ...

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...

    async def subscribe(self, key: str) -> None:
        """Returns once the subscription is confirmed: nothing published after is missed."""
        ...

    async def unsubscribe(self, key: str) -> None: ...

    def publish(self, key: str, kind: Kind, payload: bytes) -> None:
        """Queue a message for the room's other holders (never blocks the caller)."""
        ...

    def publish_control(self, message: Mapping[str, str]) -> None:
        """Queue a message for every other process (session ended, participant removed)."""
        ...


class Publish(Hook):
    """Tells the room's other holders what changed here. Updates relayed from another
    process never reach the chain, so nothing echoes back."""

    def __init__(self, fanout: Fanout) -> None:
        self.fanout = fanout

    def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
        self.fanout.publish(room.key, Kind.UPDATE, update)

    def on_awareness(self, room: Room, payload: bytes) -> None:
        self.fanout.publish(room.key, Kind.AWARENESS, payload)
