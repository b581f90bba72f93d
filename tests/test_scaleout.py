"""Several server processes share rooms through a real Redis on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import StartServer
from tests.js.yclient import NodeYClient
from tests.support.apiclient import ApiClient, host_with_session
from tests.support.multiclient import Client, assert_counts, type_letters, wait_all_equal
from tests.support.serverproc import ChildServer
from tests.support.services import RedisServer
from tests.support.ywsclient import YClient

N = 40


# Requested first by each test, so that it is torn down last: after the servers using it.
@pytest.fixture
async def redis_url(tmp_path: Path) -> AsyncIterator[str]:
    server = await RedisServer(tmp_path / "redis").start()
    try:
        yield server.url
    finally:
        await server.stop()


@pytest.fixture
async def pool() -> AsyncIterator[list[Client]]:
    made: list[Client] = []
    yield made
    for client in made:
        await (client.aclose() if isinstance(client, NodeYClient) else client.close())


async def py_client(pool: list[Client], url: str, name: str) -> YClient:
    client = YClient(url, name=name)
    pool.append(client)
    await client.connect()
    await client.wait_synced()
    return client


async def node_client(
    pool: list[Client], server: ChildServer, room: str, token: str
) -> NodeYClient:
    client = NodeYClient()
    pool.append(client)
    await client.start(f"ws://127.0.0.1:{server.port}/yjs", room, name="node",
                       options={"params": {"token": token}})  # fmt: skip
    await client.wait_synced()
    return client


async def test_two_processes_share_rooms_and_survive_kill_9(
    redis_url: str,
    child_server: Callable[..., ChildServer],
    tmp_path: Path,
    pool: list[Client],
    database_url: str,  # the processes share one SQLite file, or one FerretDB database
) -> None:
    env = {"CODESYNC_REDIS_URL": redis_url}
    a = await child_server(data_dir=tmp_path, env=env).start()
    b = await child_server(data_dir=tmp_path, env=env).start()
    host, sid = await host_with_session(a.http_url)
    try:
        health = await host.ok("GET", "/api/health")
        assert health["redis"] is True
        assert health["store"] == ("mongodb" if database_url else "sqlite")

        def url(server: ChildServer, token: str) -> str:
            return f"{server.room_url(sid)}?token={token}"

        token = await host.room_token(sid)
        on_a = [await py_client(pool, url(a, token), "a1"),
                await node_client(pool, a, f"{sid}/code", token)]  # fmt: skip
        on_b = [await py_client(pool, url(b, token), "b1"),
                await node_client(pool, b, f"{sid}/code", token)]  # fmt: skip
        editors: list[Client] = [*on_a, *on_b]
        await asyncio.gather(
            *(type_letters(c, "abcd"[i], N, seed=i) for i, c in enumerate(editors))
        )
        text = await wait_all_equal(editors, 4 * N)
        assert_counts(text, {"abcd"[i]: N for i in range(4)})

        # Awareness crosses processes.
        a1, b1 = on_a[0], on_b[0]
        assert isinstance(a1, YClient) and isinstance(b1, YClient)
        a1.set_awareness({"cursor": "Ada on A"})
        await b1.wait_for(lambda c: {"cursor": "Ada on A"} in c.awareness.values())

        # Late joiners on either side get everything.
        late_a = await py_client(pool, url(a, token), "late-a")
        late_b = await py_client(pool, url(b, token), "late-b")
        assert str(late_a.text) == str(late_b.text) == text

        # Every update was stored exactly once (by the process that received it). Clients see
        # an update before it is durable: on FerretDB a commit can take a while under load.
        for _ in range(100):
            history = await host.ok("GET", f"/api/sessions/{sid}/history")
            if len(history["entries"]) >= 4 * N:
                break
            await asyncio.sleep(0.1)
        assert len(history["entries"]) == 4 * N

        # kill -9 of A: its clients move to B and lose nothing, even edits made meanwhile.
        assert await a.kill() == -9
        await a1.wait_closed()
        a1.insert(0, "e")  # typed while the server was gone
        a1.url = url(b, token)
        await a1.connect()
        await a1.wait_synced()
        survivors: list[Client] = [a1, *on_b, late_b]
        text = await wait_all_equal(survivors, 4 * N + 1)
        assert_counts(text, {"a": N, "b": N, "c": N, "d": N, "e": 1})
    finally:
        await host.aclose()


async def test_presence_of_a_dead_process_disappears(
    redis_url: str, start_server: StartServer, tmp_path: Path, pool: list[Client]
) -> None:
    shared: dict[str, Any] = {"data_dir": tmp_path / "shared", "redis_url": redis_url,
                              "remote_awareness_ttl_s": 1.0}  # fmt: skip
    a = await start_server(**shared)
    b = await start_server(**shared)
    host = ApiClient(a.http_url)
    try:
        await host.signup()
        sid = (await host.create_session())["id"]
        token = await host.room_token(sid)
        on_a = await py_client(pool, f"{a.room_url(sid)}?token={token}", "a")
        on_b = await py_client(pool, f"{b.room_url(sid)}?token={token}", "b")
        on_a.set_awareness({"user": {"name": "Ghost?"}})
        await on_b.wait_for(lambda c: len(c.awareness) == 1)
        metrics = (await host.http.get(f"{b.http_url}/metrics")).text
        assert 'codesync_redis_messages_total{direction="subscribe"}' in metrics
        assert 'codesync_redis_lag_seconds_count{direction="publish"}' in metrics
        # Process A "dies": its link to Redis goes without a goodbye, then its sockets.
        fanout = a.app.state.manager.fanout
        fanout.publish = lambda *args: None
        fanout.publish_control = lambda *args: None
        await a.stop()
        await on_b.wait_for(lambda c: not c.awareness, timeout=10)
    finally:
        await host.aclose()
