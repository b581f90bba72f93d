from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

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


def test_json_logs_carry_the_session_id() -> None:
    record = logging.LogRecord(
        "codesync.ws", logging.WARNING, __file__, 1, "closing %s", ("x",), None
    )
    record.session_id = "abc123"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "closing x"
    assert entry["session_id"] == "abc123"
    assert entry["level"] == "warning"
