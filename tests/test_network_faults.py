"""Flaky networks through a fault-injecting proxy: offline edits on both sides all survive."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import anyio
import pytest
from websockets.exceptions import InvalidMessage

from tests.js.yclient import NodeYClient
from tests.support.faultproxy import FaultProxy
from tests.support.multiclient import assert_counts, server_text, type_letters, wait_all_equal
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

N = 40


@pytest.fixture
async def proxy(server: InProcessServer) -> AsyncIterator[FaultProxy]:
    async with FaultProxy("127.0.0.1", server.port) as running:
        yield running


@pytest.fixture
async def flaky_node(proxy: FaultProxy) -> AsyncIterator[NodeYClient]:
    """A real y-websocket client (it reconnects by itself) behind the proxy."""
    client = NodeYClient()
    await client.start(f"ws://127.0.0.1:{proxy.port}/yjs", "s1/code", name="flaky")
    await client.wait_synced()
    yield client
    await client.aclose()


@pytest.fixture
async def steady(server: InProcessServer) -> AsyncIterator[YClient]:
    client = YClient(server.room_url(), name="steady")
    await client.connect()
    await client.wait_synced()
    yield client
    await client.close()


async def wait_status(client: NodeYClient, status: str) -> None:
    await client.wait_event(
        lambda e: e.get("event") == "status" and e.get("status") == status, timeout=15
    )


async def test_cut_then_refused_while_both_sides_edit(
    server: InProcessServer, proxy: FaultProxy, flaky_node: NodeYClient, steady: YClient
) -> None:
    await type_letters(flaky_node, "a", N, seed=1)
    await wait_all_equal([flaky_node, steady], N)
    proxy.refuse()
    proxy.cut()  # the line drops, and reconnect attempts fail for a while
    await wait_status(flaky_node, "disconnected")
    await asyncio.gather(
        type_letters(flaky_node, "b", N, seed=2), type_letters(steady, "c", N, seed=3)
    )
    assert await flaky_node.text() != str(steady.text)  # really apart
    proxy.refuse(False)
    text = await wait_all_equal([flaky_node, steady], 3 * N)
    assert_counts(text, {"a": N, "b": N, "c": N})
    assert server_text(server) == text


async def test_blackhole_then_reconnect_resends_what_was_swallowed(
    server: InProcessServer, proxy: FaultProxy, flaky_node: NodeYClient, steady: YClient
) -> None:
    proxy.blackhole()  # packets vanish; the socket still looks open to both ends
    await asyncio.gather(
        type_letters(flaky_node, "b", N, seed=4), type_letters(steady, "c", N, seed=5)
    )
    with anyio.fail_after(10):
        await proxy.wait_dropped(N)
    assert "b" not in server_text(server)
    # The connection is eventually declared dead (y-websocket's watchdog, or the server's
    # ping timeout); here the network heals and the dead connection is torn down.
    proxy.blackhole(False)
    proxy.cut()
    text = await wait_all_equal([flaky_node, steady], 2 * N)
    assert_counts(text, {"b": N, "c": N})
    assert server_text(server) == text


async def test_python_client_offline_edits_merge_on_reconnect(
    server: InProcessServer, proxy: FaultProxy, steady: YClient
) -> None:
    flaky = YClient(f"ws://127.0.0.1:{proxy.port}/yjs/s1/code", name="flaky-py")
    await flaky.connect()
    await flaky.wait_synced()
    try:
        proxy.cut()
        await flaky.wait_closed()
        await asyncio.gather(
            type_letters(flaky, "x", N, seed=6), type_letters(steady, "y", N, seed=7)
        )
        proxy.refuse()
        with pytest.raises((OSError, InvalidMessage)):
            await YClient(f"ws://127.0.0.1:{proxy.port}/yjs/s1/code").connect()
        proxy.refuse(False)
        await flaky.connect()  # the sync handshake carries the offline edits both ways
        text = await wait_all_equal([flaky, steady], 2 * N)
        assert_counts(text, {"x": N, "y": N})
    finally:
        await flaky.close()
