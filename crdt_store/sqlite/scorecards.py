from __future__ import annotations

import json
import sqlite3
from typing import Any

from crdt_store.scorecards import Scorecard
from crdt_store.sqlite.connection import SQLiteConnection, transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS scorecards (
    session_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    updated_at REAL NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, author_id)
)
"""


def _row(card: Scorecard) -> tuple[str, str, float, str]:
    body = {
        "author_name": card.author_name,
        "ratings": card.ratings,
        "notes": card.notes,
        "recommendation": card.recommendation,
        "submitted_at": card.submitted_at,
    }
    return card.session_id, card.author_id, card.updated_at, json.dumps(body)


def _card(row: tuple[Any, ...]) -> Scorecard:
    session_id, author_id, updated_at, body = row
    return Scorecard(
        session_id=session_id, author_id=author_id, updated_at=updated_at, **json.loads(body)
    )


class SQLiteScorecards:
    def __init__(self, connection: SQLiteConnection) -> None:
        self._conn = connection

    async def put_scorecard(self, card: Scorecard) -> None:
        row = _row(card)

        def write(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO scorecards VALUES (?, ?, ?, ?)", row)

        await self._conn.run(lambda db: transaction(db, write))

    async def get_scorecard(self, session_id: str, author_id: str) -> Scorecard | None:
        def read(db: sqlite3.Connection) -> Scorecard | None:
            row = db.execute(
                "SELECT * FROM scorecards WHERE session_id = ? AND author_id = ?",
                (session_id, author_id),
            ).fetchone()
            return _card(row) if row else None

        return await self._conn.run(read)

    async def scorecards_of(self, session_id: str) -> list[Scorecard]:
        def read(db: sqlite3.Connection) -> list[Scorecard]:
            rows = db.execute(
                "SELECT * FROM scorecards WHERE session_id = ? ORDER BY updated_at, author_id",
                (session_id,),
            ).fetchall()
            return [_card(row) for row in rows]

        return await self._conn.run(read)

    async def delete_scorecards(self, session_id: str) -> None:
        def write(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM scorecards WHERE session_id = ?", (session_id,))

        await self._conn.run(lambda db: transaction(db, write))
