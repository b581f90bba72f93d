"""In-process sliding-window limits (login attempts, invite creation, sockets).

Per process on purpose: with several processes an attacker gets N times the budget, which
still bounds brute force; a shared limiter can move to Redis with the scale-out issue.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if not hits:
            # Forget idle keys so the table cannot grow without bound.
            del self._hits[key]
            hits = deque()
        return hits

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again (0 when it may now)."""
        hits = self._recent(key)
        if len(hits) < self.limit:
            return 0.0
        return max(0.0, hits[0] + self.window_s - self._clock())

    def hit(self, key: str) -> None:
        self._recent(key)
        self._hits.setdefault(key, deque()).append(self._clock())

    def reset(self, key: str) -> None:
        self._hits.pop(key, None)
