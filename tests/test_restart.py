"""The server restarts under connected clients: they re-sync, nothing is lost or doubled."""

from __future__ import annotations

import asyncio

from tests.ferretdb import on_every_store
from tests.js.yclient import NodeYClient
from tests.support.multiclient import assert_counts, server_text, type_letters, wait_all_equal
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

pytestmark = on_every_store  # SQLite and FerretDB (tests/ferretdb.py)

N = 50


async def test_clients_stay_connected_across_a_server_restart(server: InProcessServer) -> None:
    a, b = NodeYClient(), NodeYClient()
    try:
        for client, name in ((a, "a"), (b, "b")):
            await client.start(f"{server.ws_url}/yjs", "s1/code", name=name)
            await client.wait_synced()
        await asyncio.gather(type_letters(a, "a", N, seed=1), type_letters(b, "b", N, seed=2))
        await wait_all_equal([a, b], 2 * N)

        await server.restart()  # same port, same data; both clients reconnect on their own

        await asyncio.gather(type_letters(a, "c", N, seed=3), type_letters(b, "d", N, seed=4))
        text = await wait_all_equal([a, b], 4 * N)
        assert_counts(text, {"a": N, "b": N, "c": N, "d": N})
        assert server_text(server) == text
        fresh = YClient(server.room_url(), name="fresh")
        await fresh.connect()
        await fresh.wait_synced()
        assert str(fresh.text) == text
        await fresh.close()
    finally:
        await a.aclose()
        await b.aclose()
