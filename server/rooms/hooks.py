"""Optional observers of room life, composed by the manager (metrics, fan-out, logs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from server.rooms.room import Peer, Room


class RoomHook(Protocol):
    """All methods are called synchronously; an exception is logged and never reaches the room."""

    def room_loaded(self, room: Room) -> None: ...

    def room_unloaded(self, room: Room) -> None: ...

    def updated(self, room: Room, update: bytes, origin: Peer | None) -> None: ...


class NoHook:
    """A hook that does nothing; subclass-free base for hooks that need only one method."""

    def room_loaded(self, room: Room) -> None:
        pass

    def room_unloaded(self, room: Room) -> None:
        pass

    def updated(self, room: Room, update: bytes, origin: Peer | None) -> None:
        pass
