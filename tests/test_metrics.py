from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections.abc import Awaitable, Callable

import anyio
import httpx

from server.logs import JsonFormatter
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient


def sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in /metrics")


async def test_metrics_count_rooms_connections_updates_and_commits(
    server: InProcessServer, clients: Callable[..., Awaitable[YClient]]
) -> None:
    a = await clients(server.room_url(), "a")
    b = await clients(server.room_url(), "b")
    for ch in "hello":
        a.insert(len(str(a.text)), ch)
    await b.wait_text("hello")
    await server.app.state.committer.flush()
    await a.send_raw(b"\x07")  # malformed: counted as an error
    await a.wait_closed()
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{server.http_url}/metrics")
    assert response.status_code == 200
    text = response.text
    assert sample(text, "codesync_rooms_loaded") == 1
    assert sample(text, "codesync_updates_received_total") == 5
    assert sample(text, "codesync_updates_broadcast_total") == 5
    assert sample(text, "codesync_store_committed_updates_total") == 5
    assert sample(text, "codesync_store_commit_seconds_count") >= 1
    assert sample(text, 'codesync_errors_total{kind="malformed"}') == 1
    assert sample(text, 'codesync_connections_open{endpoint="yjs"}') == 1


LIVE = ("codesync_live_rooms", "codesync_live_docs", "codesync_live_peers")


async def live_counts(server: InProcessServer) -> dict[str, float]:
    async with httpx.AsyncClient() as http:
        text = (await http.get(f"{server.http_url}/metrics")).text
    return {name: sample(text, name) for name in (*LIVE, "codesync_rooms_loaded")}


async def test_live_room_doc_and_peer_counts_fall_back_once_rooms_unload(
    server: InProcessServer, clients: Callable[..., Awaitable[YClient]]
) -> None:
    gc.collect()  # process-wide counts: earlier tests' garbage must not blur them
    before = await live_counts(server)
    made = []
    for room in ("m1", "m2", "m3"):
        for doc in ("code", "notes"):  # `code` rooms have a guard watching their document
            made.append(await clients(server.room_url(room, doc), f"{room}{doc}"))
    for client in made:
        client.insert(0, "typed")
        client.set_awareness({"user": {"name": client.name}})
    await made[-1].wait_text("typed")
    during = await live_counts(server)
    assert during["codesync_live_rooms"] >= before["codesync_live_rooms"] + 6
    assert during["codesync_live_docs"] >= before["codesync_live_docs"] + 6
    assert during["codesync_live_peers"] >= before["codesync_live_peers"] + 6
    for client in made:
        await client.close()
    with anyio.fail_after(10):  # the rooms unload 0.2 s after their last peer leaves
        while (await live_counts(server))["codesync_rooms_loaded"] > 0:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    await asyncio.sleep(0.1)  # the unloads' flush and snapshot tasks
    gc.collect()
    after = await live_counts(server)
    assert {name: after[name] for name in LIVE} == {name: before[name] for name in LIVE}


def test_json_logs_carry_the_session_id() -> None:
    record = logging.LogRecord(
        "codesync.ws", logging.WARNING, __file__, 1, "closing %s", ("x",), None
    )
    record.session_id = "abc123"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "closing x"
    assert entry["session_id"] == "abc123"
    assert entry["level"] == "warning"
