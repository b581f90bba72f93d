"""The authorize step every connection passes before it reaches a room."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from server.closecodes import CloseCode
from server.permissions import Role


@dataclass(frozen=True, slots=True)
class JoinRequest:
    session_id: str
    doc: str
    token: str | None
    cookies: Mapping[str, str]
    client: str | None  # "host:port" of the remote end, for logs and rate limits
    origin: str | None = None  # the upgrade's Origin header: whose page opened the socket
    host: str | None = None  # the upgrade's Host header: the origin the browser reached us at


@dataclass(frozen=True, slots=True)
class Grant:
    """Who a connection is and what it may do. Checked by the room on every message."""

    user_id: str | None
    name: str | None = None
    role: Role | None = None  # None: an open room (no accounts), everyone may write
    can_write: bool = True
    session_ended: bool = False
    login: str | None = None  # the sign-in the credential came from: logout closes it


class Denied(Exception):
    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Authorizer(Protocol):
    async def authorize(self, request: JoinRequest) -> Grant:
        """Return the connection's grant, or raise Denied with the close code to send."""
        ...


class OpenAccess:
    """Everyone may join and write: the default until accounts and sessions exist."""

    async def authorize(self, request: JoinRequest) -> Grant:
        return Grant(user_id=None, can_write=True)
