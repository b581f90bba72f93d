"""Concurrent editors (pycrdt and real Node yjs + y-websocket) converge on every insert."""

from __future__ import annotations

import asyncio
import string
from collections.abc import AsyncIterator

import pytest

from tests.js.yclient import NodeYClient
from tests.support.multiclient import (
    Client,
    assert_counts,
    server_text,
    type_letters,
    wait_all_equal,
)
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

INSERTS = 60


@pytest.fixture
async def pool() -> AsyncIterator[list[Client]]:
    made: list[Client] = []
    yield made
    for client in made:
        if isinstance(client, NodeYClient):
            await client.aclose()
        else:
            await client.close()


async def join(server: InProcessServer, pool: list[Client], kind: str, name: str) -> Client:
    client: Client
    if kind == "node":
        client = NodeYClient()
        pool.append(client)
        await client.start(f"{server.ws_url}/yjs", "s1/code", name=name)
        await client.wait_synced()
    else:
        client = YClient(server.room_url(), name=name)
        pool.append(client)
        await client.connect()
        await client.wait_synced()
    return client


@pytest.mark.parametrize("count", [2, 3, 4, 5])
async def test_concurrent_random_inserts_converge_everywhere(
    server: InProcessServer, pool: list[Client], count: int
) -> None:
    kinds = ["py" if i % 2 == 0 else "node" for i in range(count)]
    editors = [await join(server, pool, kind, f"e{i}") for i, kind in enumerate(kinds)]
    letters = string.ascii_lowercase[:count]
    await asyncio.gather(
        *(
            type_letters(c, letter, INSERTS, seed=i)
            for i, (c, letter) in enumerate(zip(editors, letters, strict=True))
        )
    )
    total = count * INSERTS
    text = await wait_all_equal(editors, total)
    assert_counts(text, dict.fromkeys(letters, INSERTS))
    assert server_text(server) == text
    late_py = await join(server, pool, "py", "late-py")
    late_node = await join(server, pool, "node", "late-node")
    assert await wait_all_equal([late_py, late_node], total) == text
