"""A room peer without a socket, for tests of the rooms core: it records what it is sent."""

from __future__ import annotations

from server.closecodes import CloseCode
from server.rooms.access import Grant


class FakePeer:
    def __init__(self, grant: Grant | None = None, *, can_write: bool = True) -> None:
        self.grant = grant or Grant(user_id="u1", can_write=can_write)
        self.sent: list[bytes] = []
        self.closed: tuple[CloseCode, str] | None = None

    def send(self, frame: bytes) -> None:
        self.sent.append(frame)

    def close(self, code: CloseCode, reason: str) -> None:
        self.closed = (code, reason)
