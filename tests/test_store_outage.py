"""The database goes away mid-interview: rooms go on from memory, and everything typed
meanwhile is stored, exactly once, when it returns (a child server on its own FerretDB)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Doc, Text
from pymongo import AsyncMongoClient

from tests.support.serverproc import ChildServer
from tests.support.services import FERRETDB_BINARY, FerretDB
from tests.support.ywsclient import YClient
from tests.test_durability import Interview, chars, reopen_and_read

OUTAGE_S = 8.0


@pytest.fixture
def own_ferretdb(tmp_path: Path) -> Iterator[FerretDB]:
    """A FerretDB of this test's own: it is stopped and started again (same port, same data)."""
    if not FERRETDB_BINARY.is_file():
        pytest.fail(f"FerretDB is not built ({FERRETDB_BINARY} is missing): `make ferretdb`")
    server = FerretDB(tmp_path / "ferretdb").start()
    yield server
    server.stop()


async def type_chars(client: YClient, typed: list[str], pause_s: float) -> None:
    for ch in typed:
        client.text += ch
        await asyncio.sleep(pause_s)


async def stored_log(url: str, doc: str) -> list[dict[str, Any]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
    try:
        return await client["codesync"]["updates"].find({"doc": doc}).sort("seq").to_list()
    finally:
        await client.close()


@pytest.mark.ferretdb
async def test_an_outage_of_the_store_loses_and_doubles_nothing(
    own_ferretdb: FerretDB, child_server: Callable[..., ChildServer]
) -> None:
    store_url = f"{own_ferretdb.url}codesync"
    server = await child_server(env={"CODESYNC_DATABASE_URL": store_url}).start()
    interview = await Interview.create(server)
    url = await interview.url(server)  # the token is fetched while the store is there
    writer, observer = YClient(url, name="writer"), YClient(url, name="observer")
    for client in (writer, observer):
        await client.connect()
        await client.wait_synced()
    typed = chars(300)
    doc = f"{interview.session_id}/code"

    await type_chars(writer, typed[:100], 0.005)
    await observer.wait_for(lambda c: len(str(c.text)) == 100)
    own_ferretdb.stop()
    stopped_at = time.monotonic()
    # The room works from memory: every keystroke reaches the other client at once.
    await type_chars(writer, typed[100:200], OUTAGE_S / 100)
    await observer.wait_for(lambda c: len(str(c.text)) == 200)
    assert time.monotonic() - stopped_at >= OUTAGE_S * 0.9
    own_ferretdb.start()
    await type_chars(writer, typed[200:], 0.005)
    await observer.wait_for(lambda c: len(str(c.text)) == 300)

    # The queued commits go through once the store is back (the committer's backoff: ≤ 5 s).
    deadline = time.monotonic() + 60
    while len(entries := await stored_log(store_url, doc)) < len(typed):
        assert time.monotonic() < deadline, f"only {len(entries)} of 300 updates stored"
        await asyncio.sleep(0.2)
    assert len(entries) == len(typed)  # each update exactly once
    assert len({bytes(e["data"]) for e in entries}) == len(typed)
    replay: Doc[Any] = Doc()
    for entry in entries:
        replay.apply_update(bytes(entry["data"]))
    assert str(replay.get("code", type=Text)) == "".join(typed)
    assert "commit of" in server.log_path.read_text()  # it did fail and retry

    for client in (writer, observer):
        await client.close()
    assert await server.terminate() in (0, -15)
    text = await reopen_and_read(child_server(port=server.port, env={
        "CODESYNC_DATABASE_URL": store_url}), interview)  # fmt: skip
    assert text == "".join(typed)
