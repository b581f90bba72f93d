"""What only the SQLite backend must show: several processes on one fresh file."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from crdt_store.sqlite import SQLiteBackend

_WRITER = """
import asyncio, sys
from crdt_store import UpdateRecord
from crdt_store.sqlite import SQLiteBackend

async def main(path, name):
    store = SQLiteBackend(__import__("pathlib").Path(path))
    await store.open()
    for i in range(200):
        await store.updates.append([UpdateRecord(f"{name}/code", bytes([i % 256]), float(i), name)])
    await store.close()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def test_processes_opening_a_fresh_file_together_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    procs = [
        await asyncio.create_subprocess_exec(sys.executable, "-c", _WRITER, str(path), f"p{i}")
        for i in range(6)
    ]
    codes = await asyncio.gather(*(p.wait() for p in procs))
    assert codes == [0] * 6
    store = SQLiteBackend(path)
    await store.open()
    try:
        for i in range(6):
            entries = await store.updates.history(f"p{i}/code", limit=1000)
            assert [e.update for e in entries] == [bytes([n]) for n in range(200)]
    finally:
        await store.close()


def test_sqlite_url_forms() -> None:
    assert SQLiteBackend.from_url("sqlite:///data/x.db").path == Path("data/x.db")
    assert SQLiteBackend.from_url("sqlite:////abs/x.db").path == Path("/abs/x.db")
