from __future__ import annotations

from typing import Protocol

from crdt_store.directory import Directory
from crdt_store.problems import ProblemStore
from crdt_store.scorecards import ScorecardStore
from crdt_store.store import UpdateStore


class Backend(Protocol):
    """One database: the documents' update logs and the directory, opened and closed together."""

    kind: str
    updates: UpdateStore
    directory: Directory
    problems: ProblemStore
    scorecards: ScorecardStore

    async def open(self) -> None: ...

    async def close(self) -> None: ...
