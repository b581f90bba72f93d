from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from crdt_store.open import sqlite_path
from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    ts REAL NOT NULL,
    author TEXT,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc, seq);
CREATE TABLE IF NOT EXISTS snapshots (
    doc TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    ts REAL NOT NULL,
    state BLOB NOT NULL
);
"""

# Several processes may open one fresh file at once (tests, scale-out): they wait for each
# other's locks instead of failing with "database is locked".
_BUSY_TIMEOUT_MS = 10_000


class SQLiteStore:
    """The embedded default: one SQLite file in WAL mode, one connection, one writer thread.

    All work runs on a single dedicated thread, so the event loop never blocks on disk and
    there is never more than one transaction in flight from this process. A commit is
    durable against a crash of the process (WAL, synchronous=NORMAL); use a filesystem
    with a battery-backed cache if power loss must not lose the last commits.
    """

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")
        self._db: sqlite3.Connection | None = None

    @classmethod
    def from_url(cls, url: str) -> SQLiteStore:
        return cls(sqlite_path(url))

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def call() -> T:
            if self._db is None:
                raise RuntimeError("the SQLite store is not open")
            return work(self._db)

        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def open(self) -> None:
        def connect() -> None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("BEGIN IMMEDIATE")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            db.execute("COMMIT")
            self._db = db

        await asyncio.get_running_loop().run_in_executor(self._executor, connect)

    async def close(self) -> None:
        def disconnect() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await asyncio.get_running_loop().run_in_executor(self._executor, disconnect)
        self._executor.shutdown(wait=True)

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        rows = [(r.doc, r.ts, r.author, r.update) for r in records]

        def write(db: sqlite3.Connection) -> list[int]:
            db.execute("BEGIN IMMEDIATE")
            try:
                seqs = [
                    db.execute(
                        "INSERT INTO updates (doc, ts, author, data) VALUES (?, ?, ?, ?)", row
                    ).lastrowid
                    or 0
                    for row in rows
                ]
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return seqs

        return await self._run(write)

    async def load(self, doc: str) -> StoredDoc:
        def read(db: sqlite3.Connection) -> StoredDoc:
            # One read transaction, so the snapshot and the tail are consistent.
            db.execute("BEGIN")
            try:
                row = db.execute(
                    "SELECT seq, ts, state FROM snapshots WHERE doc = ?", (doc,)
                ).fetchone()
                snapshot = Snapshot(row[0], row[1], row[2]) if row else None
                tail = db.execute(
                    "SELECT seq, ts, author, data FROM updates WHERE doc = ? AND seq > ?"
                    " ORDER BY seq",
                    (doc, snapshot.seq if snapshot else 0),
                ).fetchall()
            finally:
                db.execute("COMMIT")
            return StoredDoc(snapshot, [LoggedUpdate(*entry) for entry in tail])

        return await self._run(read)

    async def history(
        self, doc: str, *, after_seq: int = 0, limit: int = 1000
    ) -> list[LoggedUpdate]:
        def read(db: sqlite3.Connection) -> list[LoggedUpdate]:
            rows = db.execute(
                "SELECT seq, ts, author, data FROM updates WHERE doc = ? AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (doc, after_seq, limit),
            ).fetchall()
            return [LoggedUpdate(*row) for row in rows]

        return await self._run(read)

    async def put_snapshot(self, doc: str, snapshot: Snapshot) -> bool:
        def write(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "INSERT INTO snapshots (doc, seq, ts, state) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, ts = excluded.ts,"
                " state = excluded.state WHERE excluded.seq > snapshots.seq",
                (doc, snapshot.seq, snapshot.ts, snapshot.state),
            )
            return cursor.rowcount > 0

        return await self._run(write)

    async def delete(self, doc: str) -> None:
        def write(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM updates WHERE doc = ?", (doc,))
            db.execute("DELETE FROM snapshots WHERE doc = ?", (doc,))
            db.execute("COMMIT")

        await self._run(write)
