from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Several processes may open one fresh file at once (tests, scale-out): they wait for each
# other's locks instead of failing with "database is locked".
_BUSY_TIMEOUT_MS = 10_000


class SQLiteConnection:
    """One SQLite connection, used only from one dedicated thread.

    Every query of this process runs there, in order, so the event loop never blocks on
    disk and there is never more than one transaction in flight from this process.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._db: sqlite3.Connection | None = None

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def call() -> T:
            if self._db is None:
                raise RuntimeError("the SQLite store is not open")
            return work(self._db)

        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def open(self, schema: str) -> None:
        def connect() -> None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None)
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            # Schema creation under the write lock: concurrent openers of a fresh file take
            # turns instead of racing ("table already exists").
            db.execute("BEGIN IMMEDIATE")
            for statement in filter(str.strip, schema.split(";")):
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


def transaction(db: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run `work` inside BEGIN IMMEDIATE ... COMMIT, rolling back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        result = work(db)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return result
