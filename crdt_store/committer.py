from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from crdt_store.records import UpdateRecord
from crdt_store.store import UpdateStore

log = logging.getLogger("codesync.store")

# A failed commit is retried with these pauses (then the last one, forever): an edit is only
# ever dropped when the process dies, never because the database hiccuped.
_RETRY_BACKOFF_S = (0.05, 0.2, 1.0, 5.0)
# Upper bound on records per transaction, so one commit never holds the write lock for long.
_MAX_BATCH = 10_000
# How long the first update of a commit may wait for company (see GroupCommitter).
DEFAULT_WINDOW_S = 0.005


@dataclass(frozen=True, slots=True)
class CommitStats:
    records: int
    docs: frozenset[str]
    seconds: float
    oldest_wait: float
    last_seqs: dict[str, int]


class GroupCommitter:
    """Makes updates durable in as few commits as possible without delaying any of them.

    `append` never waits. A single task commits whatever is queued; updates that arrive
    while a commit is in flight form the next one. A commit starts at most `window_s` after
    the first update it carries arrived, so a burst of keystrokes from many rooms shares one
    transaction (and one hop to the database thread) instead of paying for each; under
    heavy load a commit carries hundreds. Durable within `window_s` + one commit.
    """

    def __init__(
        self,
        store: UpdateStore,
        *,
        on_commit: Callable[[CommitStats], None] | None = None,
        window_s: float = DEFAULT_WINDOW_S,
    ) -> None:
        self.store = store
        self.window_s = window_s
        self._on_commit = on_commit
        self._queue: list[UpdateRecord] = []
        self._in_flight: list[UpdateRecord] = []
        self._enqueued = 0  # records ever queued
        self._committed = 0  # records ever committed, in queue order
        self._wake = asyncio.Event()
        self._progress = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="group-commit")

    def append(self, doc: str, update: bytes, author: str | None = None) -> None:
        if self._closing:
            raise RuntimeError("the committer is closed")
        self._queue.append(UpdateRecord(doc, update, time.time(), author))
        self._enqueued += 1
        self._wake.set()

    def pending(self, doc: str) -> list[bytes]:
        """Queued, not yet committed updates of `doc`: a room that loads now must apply them."""
        return [r.update for r in self._in_flight + self._queue if r.doc == doc]

    @property
    def backlog(self) -> int:
        return self._enqueued - self._committed

    async def flush(self) -> None:
        """Wait until every update appended before this call is durable."""
        target = self._enqueued
        async with self._progress:
            await self._progress.wait_for(lambda: self._committed >= target)

    async def aclose(self) -> None:
        """Commit everything queued, then stop."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            if not self._queue:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                if self.window_s and not self._closing:
                    await asyncio.sleep(self.window_s)
                continue
            batch, self._queue = self._queue[:_MAX_BATCH], self._queue[_MAX_BATCH:]
            self._in_flight = batch
            started = time.perf_counter()
            seqs = await self._commit(batch)
            elapsed = time.perf_counter() - started
            self._in_flight = []
            self._committed += len(batch)
            async with self._progress:
                self._progress.notify_all()
            if self._on_commit is not None:
                last: dict[str, int] = {}
                for record, seq in zip(batch, seqs, strict=True):
                    last[record.doc] = seq
                self._on_commit(
                    CommitStats(
                        records=len(batch),
                        docs=frozenset(last),
                        seconds=elapsed,
                        oldest_wait=time.time() - batch[0].ts,
                        last_seqs=last,
                    )
                )

    async def _commit(self, batch: list[UpdateRecord]) -> list[int]:
        attempt = 0
        while True:
            try:
                return await self.store.append(batch)
            except Exception:
                pause = _RETRY_BACKOFF_S[min(attempt, len(_RETRY_BACKOFF_S) - 1)]
                log.exception("commit of %d updates failed; retrying in %.2fs", len(batch), pause)
                attempt += 1
                await asyncio.sleep(pause)
