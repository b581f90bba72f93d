"""The embedded default backend: one SQLite file in WAL mode (`sqlite:///path`)."""

from __future__ import annotations

from pathlib import Path

from crdt_store.sqlite.connection import SQLiteConnection
from crdt_store.sqlite.directory import SCHEMA as DIRECTORY_SCHEMA
from crdt_store.sqlite.directory import SQLiteDirectory
from crdt_store.sqlite.problems import SCHEMA as PROBLEMS_SCHEMA
from crdt_store.sqlite.problems import SQLiteProblems
from crdt_store.sqlite.scorecards import SCHEMA as SCORECARDS_SCHEMA
from crdt_store.sqlite.scorecards import SQLiteScorecards
from crdt_store.sqlite.updates import SCHEMA as UPDATES_SCHEMA
from crdt_store.sqlite.updates import SQLiteUpdates


class SQLiteBackend:
    """Durable against a crash of the process (WAL, synchronous=NORMAL); an OS crash or power
    loss can lose the last commits."""

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = SQLiteConnection(path)
        self.updates = SQLiteUpdates(self._conn)
        self.directory = SQLiteDirectory(self._conn)
        self.problems = SQLiteProblems(self._conn)
        self.scorecards = SQLiteScorecards(self._conn)

    @classmethod
    def from_url(cls, url: str) -> SQLiteBackend:
        from crdt_store.open import sqlite_path

        return cls(sqlite_path(url))

    async def open(self) -> None:
        await self._conn.open(
            ";\n".join((UPDATES_SCHEMA, DIRECTORY_SCHEMA, PROBLEMS_SCHEMA, SCORECARDS_SCHEMA))
        )

    async def close(self) -> None:
        await self._conn.close()
