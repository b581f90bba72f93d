from __future__ import annotations

import json
import sqlite3
from typing import Any

from crdt_store.directory import Conflict
from crdt_store.problems import Problem
from crdt_store.sqlite.connection import SQLiteConnection, transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS problems (
    id TEXT PRIMARY KEY,
    owner_id TEXT,
    created_at REAL NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS problems_by_owner ON problems (owner_id, created_at);
"""


def _encode(problem: Problem) -> str:
    return json.dumps(
        {
            "title": problem.title,
            "difficulty": problem.difficulty,
            "tags": problem.tags,
            "statement": problem.statement,
            "updated_at": problem.updated_at,
            "starter_code": problem.starter_code,
            "function_name": problem.function_name,
            "tests": problem.tests,
        }
    )


def _decode(row: tuple[Any, ...]) -> Problem:
    problem_id, owner_id, created_at, body = row
    data = json.loads(body)
    return Problem(
        id=problem_id,
        owner_id=owner_id,
        created_at=created_at,
        title=data["title"],
        difficulty=data["difficulty"],
        tags=tuple(data["tags"]),
        statement=data["statement"],
        updated_at=data["updated_at"],
        starter_code=data["starter_code"],
        function_name=data["function_name"],
        tests=tuple(data["tests"]),
    )


class SQLiteProblems:
    """Problems as one JSON body per row: they are read whole and never queried inside."""

    def __init__(self, connection: SQLiteConnection) -> None:
        self._conn = connection

    async def create_problem(self, problem: Problem) -> None:
        row = (problem.id, problem.owner_id, problem.created_at, _encode(problem))

        def write(db: sqlite3.Connection) -> None:
            try:
                db.execute("INSERT INTO problems VALUES (?, ?, ?, ?)", row)
            except sqlite3.IntegrityError:
                raise Conflict("problem exists") from None

        await self._conn.run(lambda db: transaction(db, write))

    async def get_problem(self, problem_id: str) -> Problem | None:
        def read(db: sqlite3.Connection) -> Problem | None:
            row = db.execute("SELECT * FROM problems WHERE id = ?", (problem_id,)).fetchone()
            return _decode(row) if row else None

        return await self._conn.run(read)

    async def problems_of(self, owner_id: str) -> list[Problem]:
        def read(db: sqlite3.Connection) -> list[Problem]:
            rows = db.execute(
                "SELECT * FROM problems WHERE owner_id = ? ORDER BY created_at DESC, id DESC",
                (owner_id,),
            ).fetchall()
            return [_decode(row) for row in rows]

        return await self._conn.run(read)

    async def update_problem(self, problem: Problem) -> bool:
        def write(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE problems SET body = ? WHERE id = ?", (_encode(problem), problem.id)
            )
            return cursor.rowcount > 0

        return await self._conn.run(lambda db: transaction(db, write))

    async def delete_problem(self, problem_id: str) -> bool:
        def write(db: sqlite3.Connection) -> bool:
            return db.execute("DELETE FROM problems WHERE id = ?", (problem_id,)).rowcount > 0

        return await self._conn.run(lambda db: transaction(db, write))
