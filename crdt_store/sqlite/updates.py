from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from crdt_store.records import LoggedUpdate, Snapshot, StoredDoc, UpdateRecord
from crdt_store.sqlite.connection import SQLiteConnection, transaction

SCHEMA = """
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


class SQLiteUpdates:
    """Update logs and snapshots in SQLite. `seq` is the table's rowid: one counter for all
    documents, so it is unique across processes sharing the file."""

    def __init__(self, connection: SQLiteConnection) -> None:
        self._conn = connection

    async def append(self, records: Sequence[UpdateRecord]) -> list[int]:
        rows = [(r.doc, r.ts, r.author, r.update) for r in records]

        def write(db: sqlite3.Connection) -> list[int]:
            insert = "INSERT INTO updates (doc, ts, author, data) VALUES (?, ?, ?, ?)"
            return [db.execute(insert, row).lastrowid or 0 for row in rows]

        return await self._conn.run(lambda db: transaction(db, write))

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

        return await self._conn.run(read)

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

        return await self._conn.run(read)

    async def put_snapshot(self, doc: str, snapshot: Snapshot) -> bool:
        def write(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "INSERT INTO snapshots (doc, seq, ts, state) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, ts = excluded.ts,"
                " state = excluded.state WHERE excluded.seq > snapshots.seq",
                (doc, snapshot.seq, snapshot.ts, snapshot.state),
            )
            return cursor.rowcount > 0

        return await self._conn.run(write)

    async def delete(self, doc: str) -> None:
        def write(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM updates WHERE doc = ?", (doc,))
            db.execute("DELETE FROM snapshots WHERE doc = ?", (doc,))

        await self._conn.run(lambda db: transaction(db, write))
