"""Caps on open sockets per session and per address, shared by every websocket endpoint."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class SocketCounter:
    per_session: int
    per_address: int
    _sessions: Counter[str] = field(default_factory=Counter)
    _addresses: Counter[str] = field(default_factory=Counter)

    def acquire(self, session_id: str, address: str) -> str | None:
        """Count a new socket, or return why it is refused."""
        if self._sessions[session_id] >= self.per_session:
            return "too many connections to this session"
        if self._addresses[address] >= self.per_address:
            return "too many connections from this address"
        self._sessions[session_id] += 1
        self._addresses[address] += 1
        return None

    def release(self, session_id: str, address: str) -> None:
        for counter, key in ((self._sessions, session_id), (self._addresses, address)):
            counter[key] -= 1
            if counter[key] <= 0:
                del counter[key]
