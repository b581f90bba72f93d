"""Tests for the fault-injecting TCP proxy, against a tiny loopback echo server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from tests.support.faultproxy import FaultProxy

TIMEOUT = 5.0
QUIET_WINDOW = 0.3  # how long "nothing arrives" is watched for


@dataclass
class EchoServer:
    server: asyncio.Server
    port: int
    # server-side writer of every accepted connection, in accept order
    accepted: asyncio.Queue[asyncio.StreamWriter] = field(default_factory=asyncio.Queue)
    writers: list[asyncio.StreamWriter] = field(default_factory=list)
    handlers: set[asyncio.Task[None]] = field(default_factory=set)
    disconnected: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    async def wait_disconnected(self, n: int) -> None:
        while self.disconnected < n:
            await self.changed.wait()


async def _start_echo() -> EchoServer:
    holder: list[EchoServer] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        echo = holder[0]
        task = asyncio.current_task()
        assert task is not None
        echo.handlers.add(task)
        echo.writers.append(writer)
        echo.accepted.put_nowait(writer)
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            echo.disconnected += 1
            echo.notify()
            echo.handlers.discard(task)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    echo = EchoServer(server=server, port=int(server.sockets[0].getsockname()[1]))
    holder.append(echo)
    return echo


@pytest.fixture
async def echo() -> AsyncIterator[EchoServer]:
    srv = await _start_echo()
    try:
        yield srv
    finally:
        srv.server.close()
        for w in srv.writers:
            w.close()
        if srv.handlers:
            await asyncio.gather(*srv.handlers, return_exceptions=True)
        await srv.server.wait_closed()


@pytest.fixture
async def proxy(echo: EchoServer) -> AsyncIterator[FaultProxy]:
    async with FaultProxy("127.0.0.1", echo.port) as p:
        yield p


class Client:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def recv(self, n: int) -> bytes:
        async with asyncio.timeout(TIMEOUT):
            return await self.reader.readexactly(n)

    async def echo(self, data: bytes) -> None:
        await self.send(data)
        assert await self.recv(len(data)) == data

    async def closed_by_peer(self) -> None:
        """Return once the peer closed the connection (EOF or reset); fail on data/timeout."""
        async with asyncio.timeout(TIMEOUT):
            try:
                data = await self.reader.read(65536)
            except ConnectionError:
                return
        assert data == b"", f"expected EOF/reset, got {data!r}"

    async def assert_quiet(self) -> None:
        """Nothing arrives within QUIET_WINDOW (a negative check, not synchronisation)."""
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(QUIET_WINDOW):
                data = await self.reader.read(65536)
                pytest.fail(f"unexpected data/EOF: {data!r}")

    async def aclose(self) -> None:
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()


@contextlib.asynccontextmanager
async def connect(port: int) -> AsyncIterator[Client]:
    async with asyncio.timeout(TIMEOUT):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    client = Client(reader, writer)
    try:
        yield client
    finally:
        await client.aclose()


async def test_passthrough_echo(proxy: FaultProxy, echo: EchoServer) -> None:
    assert proxy.active_connections == 0
    async with connect(proxy.port) as c:
        await c.echo(b"hello")
        await c.echo(b"x" * 200_000)  # bigger than one read chunk
        assert proxy.active_connections == 1
        async with connect(proxy.port) as c2:
            await c2.echo(b"second")
            assert proxy.active_connections == 2
        async with asyncio.timeout(TIMEOUT):
            await proxy.wait_active(1)
            await echo.wait_disconnected(1)  # client close propagated upstream
        await c.echo(b"still here")
    async with asyncio.timeout(TIMEOUT):
        await proxy.wait_active(0)
        await echo.wait_disconnected(2)


async def test_server_close_closes_client(proxy: FaultProxy, echo: EchoServer) -> None:
    async with connect(proxy.port) as c:
        await c.echo(b"hi")
        server_side = echo.accepted.get_nowait()
        server_side.close()
        await c.closed_by_peer()
        async with asyncio.timeout(TIMEOUT):
            await proxy.wait_active(0)


async def test_cut(proxy: FaultProxy, echo: EchoServer) -> None:
    async with connect(proxy.port) as c1, connect(proxy.port) as c2:
        await c1.echo(b"one")
        await c2.echo(b"two")
        assert proxy.active_connections == 2
        proxy.cut()
        assert proxy.active_connections == 0
        await c1.closed_by_peer()
        await c2.closed_by_peer()
        async with asyncio.timeout(TIMEOUT):
            await echo.wait_disconnected(2)  # upstream sides were cut too
    # new connections still work
    async with connect(proxy.port) as c3:
        await c3.echo(b"after cut")
        assert proxy.active_connections == 1


async def test_refuse(proxy: FaultProxy, echo: EchoServer) -> None:
    async with connect(proxy.port) as old:
        await old.echo(b"before")
        proxy.refuse()
        async with connect(proxy.port) as refused:
            await refused.closed_by_peer()
        assert proxy.accepted == 2
        assert proxy.active_connections == 1
        assert echo.accepted.qsize() == 1  # the refused one never reached upstream
        await old.echo(b"existing untouched")
        proxy.refuse(False)
        async with connect(proxy.port) as new:
            await new.echo(b"restored")
            assert proxy.active_connections == 2


async def test_blackhole_both_directions(proxy: FaultProxy, echo: EchoServer) -> None:
    async with connect(proxy.port) as c:
        await c.echo(b"warm-up")
        server_side = echo.accepted.get_nowait()

        proxy.blackhole()
        # client -> server dropped
        await c.send(b"lost")
        async with asyncio.timeout(TIMEOUT):
            await proxy.wait_dropped(4)
        await c.assert_quiet()
        # server -> client dropped
        server_side.write(b"push")
        await server_side.drain()
        async with asyncio.timeout(TIMEOUT):
            await proxy.wait_dropped(8)
        await c.assert_quiet()
        # new connections are blackholed too, and stay open
        async with connect(proxy.port) as c2:
            await c2.send(b"new")
            async with asyncio.timeout(TIMEOUT):
                await proxy.wait_dropped(11)
            await c2.assert_quiet()
            assert proxy.active_connections == 2

            proxy.blackhole(False)
            await c2.echo(b"c2 flows")
        assert proxy.dropped_bytes == 11

        # same connection flows again; the dropped bytes never show up
        await c.echo(b"back")
        server_side.write(b"srv")
        await server_side.drain()
        assert await c.recv(3) == b"srv"


async def test_aclose(echo: EchoServer) -> None:
    proxy = FaultProxy("127.0.0.1", echo.port)
    await proxy.start()
    port = proxy.port
    async with connect(port) as c:
        await c.echo(b"hi")
        await proxy.aclose()
        assert proxy.active_connections == 0
        await c.closed_by_peer()
    with pytest.raises(OSError):
        async with connect(port):
            pass
    async with asyncio.timeout(TIMEOUT):
        await echo.wait_disconnected(1)
    await proxy.aclose()  # idempotent


async def test_upstream_down() -> None:
    # grab a free port, then close it so nothing listens there
    srv = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    dead_port = int(srv.sockets[0].getsockname()[1])
    srv.close()
    await srv.wait_closed()
    async with FaultProxy("127.0.0.1", dead_port) as proxy, connect(proxy.port) as c:
        await c.closed_by_peer()
        assert proxy.active_connections == 0


async def test_port_before_start() -> None:
    proxy = FaultProxy("127.0.0.1", 1)
    with pytest.raises(RuntimeError):
        _ = proxy.port
