"""Everything in this process, nothing kept (`memory://`): the unit tests' double."""

from __future__ import annotations

from crdt_store.memory.directory import MemoryDirectory
from crdt_store.memory.problems import MemoryProblems
from crdt_store.memory.scorecards import MemoryScorecards
from crdt_store.memory.updates import MemoryUpdates


class MemoryBackend:
    kind = "memory"

    def __init__(self) -> None:
        self.updates = MemoryUpdates()
        self.directory = MemoryDirectory()
        self.problems = MemoryProblems()
        self.scorecards = MemoryScorecards()

    @classmethod
    def from_url(cls, url: str) -> MemoryBackend:
        return cls()

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass
