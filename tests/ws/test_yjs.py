from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
from pycrdt import Channel, Doc, Provider, Text
from websockets.asyncio.client import ClientConnection, connect

from server.closecodes import CloseCode
from server.rooms import protocol as yp
from tests.conftest import StartServer
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

Clients = Callable[..., Awaitable[YClient]]


class WebsocketsChannel(Channel):
    """pycrdt's Channel protocol over a `websockets` client connection."""

    def __init__(self, ws: ClientConnection, path: str) -> None:
        self._ws = ws
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def __aiter__(self) -> WebsocketsChannel:
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.recv()
        except Exception:
            raise StopAsyncIteration from None

    async def send(self, message: bytes) -> None:
        await self._ws.send(message)

    async def recv(self) -> bytes:
        frame = await self._ws.recv()
        assert isinstance(frame, bytes)
        return frame


async def test_pycrdt_provider_joins_and_edits(server: InProcessServer, clients: Clients) -> None:
    observer = await clients(server.room_url())
    doc: Doc[Any] = Doc()
    text = doc.get("code", type=Text)
    async with connect(server.room_url()) as ws, Provider(doc, WebsocketsChannel(ws, "s1/code")):
        text += "from the pycrdt provider"
        await observer.wait_text("from the pycrdt provider")
    observer.insert(0, ">> ")
    late = await clients(server.room_url(), "late")
    assert str(late.text) == ">> from the pycrdt provider"


async def test_two_clients_see_each_others_edits(server: InProcessServer, clients: Clients) -> None:
    a = await clients(server.room_url(), "a")
    b = await clients(server.room_url(), "b")
    a.insert(0, "hello")
    await b.wait_text("hello")
    b.insert(5, " world")
    await a.wait_text("hello world")


async def test_rooms_are_separate(server: InProcessServer, clients: Clients) -> None:
    a = await clients(server.room_url("one"))
    b = await clients(server.room_url("two"))
    a.insert(0, "only in one")
    c = await clients(server.room_url("one"))
    assert str(c.text) == "only in one"
    assert str(b.text) == ""


@pytest.mark.parametrize(
    "path", ["/yjs/s1/nope", "/yjs/s1/Code", "/yjs/bad%20id/code", "/yjs/" + "x" * 65 + "/code"]
)
async def test_unknown_document_or_session_closes_4404(server: InProcessServer, path: str) -> None:
    client = YClient(server.ws_url + path)
    await client.connect()
    assert await client.wait_closed() == CloseCode.NOT_FOUND


async def _closed_with(client: YClient) -> int | None:
    return await client.wait_closed()


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x07",  # unknown message type
        b"\x00\x09\x00",  # unknown sync type
        b"\x00\x02\x05ab",  # length beyond the frame
        b"\x00\x02\x02\x00\x00\xff",  # trailing bytes
        b"\x00\x02\x04\xff\xff\xff\xff",  # an update pycrdt cannot decode
        b"\x00\x00\x01\xff",  # a state vector pycrdt cannot decode
        b"\x01\x05\x01\x01\x01\x01{",  # awareness state that is not JSON
        b"\x00" + b"\xff" * 12,  # an integer longer than 64 bits
    ],
)
async def test_malformed_frame_closes_4400_and_room_survives(
    server: InProcessServer, clients: Clients, frame: bytes
) -> None:
    good = await clients(server.room_url(), "good")
    good.insert(0, "kept")
    bad = await clients(server.room_url(), "bad")
    await bad.send_raw(frame)
    assert await bad.wait_closed() == CloseCode.MALFORMED
    good.insert(4, "!")
    fresh = await clients(server.room_url(), "fresh")
    assert str(fresh.text) == "kept!"


async def test_text_frame_closes_4400(server: InProcessServer, clients: Clients) -> None:
    bad = await clients(server.room_url())
    await bad.send_raw("hello")
    assert await bad.wait_closed() == CloseCode.MALFORMED


async def test_oversized_frame_closes_4413_and_changes_nothing(
    start_server: StartServer, clients: Clients
) -> None:
    server = await start_server(open_rooms=True, max_message_bytes=64 * 1024)
    writer = await clients(server.room_url(), "writer")
    writer.insert(0, "small")
    observer = await clients(server.room_url(), "observer")
    writer.insert(0, "x" * 100_000)  # one update of ~100 kB
    assert await writer.wait_closed() == CloseCode.TOO_LARGE
    fresh = await clients(server.room_url(), "fresh")
    assert str(fresh.text) == "small"
    assert str(observer.text) == "small"


async def test_many_clients_joining_a_new_room_at_once_all_sync(
    server: InProcessServer,
) -> None:
    made = [YClient(server.room_url("crowd"), name=f"c{i}") for i in range(150)]
    await asyncio.gather(*(c.connect() for c in made))
    try:
        with anyio.fail_after(30):
            await asyncio.gather(*(c.wait_synced() for c in made))
        made[0].insert(0, "hi all")
        with anyio.fail_after(30):
            await asyncio.gather(*(c.wait_text("hi all") for c in made))
    finally:
        await asyncio.gather(*(c.close() for c in made))


async def test_awareness_is_relayed_and_removed_when_a_socket_dies(
    server: InProcessServer, clients: Clients
) -> None:
    a = await clients(server.room_url(), "a")
    b = await clients(server.room_url(), "b")
    a.set_awareness({"user": {"name": "Ada"}})
    await b.wait_for(lambda c: {"user": {"name": "Ada"}} in c.awareness.values())
    late = await clients(server.room_url(), "late")
    await late.wait_for(lambda c: len(c.awareness) == 1)
    await a.abort()  # no closing handshake: the TCP connection just dies
    await b.wait_for(lambda c: not c.awareness)
    await late.wait_for(lambda c: not c.awareness)


async def test_a_client_cannot_overwrite_another_clients_awareness(
    server: InProcessServer, clients: Clients
) -> None:
    a = await clients(server.room_url(), "a")
    b = await clients(server.room_url(), "b")
    watcher = await clients(server.room_url(), "watcher")
    a.set_awareness({"user": {"name": "Ada"}})
    await watcher.wait_for(lambda c: len(c.awareness) == 1)
    forged = yp.AwarenessEntry(a.doc.client_id, 99, '{"user":{"name":"Mallory"}}')
    await b.send_raw(yp.awareness_message([forged]))
    b.set_awareness({"user": {"name": "Bob"}})
    await watcher.wait_for(lambda c: len(c.awareness) == 2)
    assert watcher.awareness[a.doc.client_id] == {"user": {"name": "Ada"}}


async def test_a_room_whose_store_fails_does_not_affect_others(
    server: InProcessServer, clients: Clients
) -> None:
    store = server.app.state.store
    real_load = store.load

    async def load(doc: str) -> Any:
        if doc.startswith("broken/"):
            raise RuntimeError("disk on fire")
        return await real_load(doc)

    store.load = load
    healthy = await clients(server.room_url("fine"), "healthy")
    broken = await clients(server.room_url("broken"), "broken", sync=False)
    assert await broken.wait_closed() == CloseCode.TRY_AGAIN_LATER
    healthy.insert(0, "still fine")
    other = await clients(server.room_url("fine"), "other")
    assert str(other.text) == "still fine"
    store.load = real_load
    retry = await clients(server.room_url("broken"), "retry")
    assert retry.synced.is_set()
