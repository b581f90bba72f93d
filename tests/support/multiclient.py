"""Shared moves of the multi-client tests: letters typed at random places, then checks."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from typing import Any

import anyio
from pycrdt import Text

from tests.js.yclient import NodeYClient
from tests.support.ywsclient import YClient

Client = YClient | NodeYClient


async def type_letters(client: Client, letter: str, count: int, seed: int) -> None:
    """`count` single-letter inserts at random positions, each its own update."""
    if isinstance(client, NodeYClient):
        await client.insert_random(count, seed, letter, interval_ms=1)
        return
    rng = random.Random(seed)
    for _ in range(count):
        client.insert(rng.randint(0, len(str(client.text))), letter)
        await asyncio.sleep(0.001)


async def text_of(client: Client) -> str:
    return await client.text() if isinstance(client, NodeYClient) else str(client.text)


async def wait_all_equal(clients: list[Client], length: int, timeout: float = 30) -> str:
    """Wait until every client holds the same text of `length` characters; return it."""
    texts: list[str] = []
    with anyio.fail_after(timeout):
        while True:
            texts = [await text_of(c) for c in clients]
            if all(len(t) == length for t in texts) and len(set(texts)) == 1:
                return texts[0]
            await asyncio.sleep(0.05)


def server_text(server: Any, room: str = "s1/code") -> str:
    return str(server.app.state.manager.rooms[room].doc.get("code", type=Text))


def assert_counts(text: str, expected: dict[str, int]) -> None:
    """Every insert present exactly once: nothing lost, nothing doubled."""
    assert Counter(text) == Counter(expected)
