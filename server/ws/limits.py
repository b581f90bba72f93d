"""Caps shared by the websocket endpoints: open sockets per session and per address, and a
token bucket for what one connection may send per second."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
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


@dataclass
class TokenBucket:
    """`rate` tokens a second, at most `capacity` saved up; `take` says whether they were there."""

    rate: float
    capacity: float
    clock: Callable[[], float] = time.monotonic
    _tokens: float = field(init=False)
    _stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self._tokens = self.capacity
        self._stamp = self.clock()

    def take(self, amount: float = 1.0) -> bool:
        now = self.clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens < amount:
            return False
        self._tokens -= amount
        return True
