"""A fault-injecting TCP proxy for tests (asyncio, stdlib only).

Put it between a client and a server to simulate network faults::

    async with FaultProxy("127.0.0.1", server_port) as proxy:
        url = f"ws://127.0.0.1:{proxy.port}/yjs"
        ...
        proxy.cut()              # abort (RST) every current connection, both sides
        proxy.refuse()           # new connections are closed right after accept
        proxy.refuse(False)
        proxy.blackhole()        # bytes in both directions are read and dropped
        proxy.blackhole(False)

Besides the fault switches there are a few helpers so tests can wait on the proxy's state
instead of sleeping: ``wait_active(n)``, ``wait_dropped(nbytes)`` and ``wait_accepted(n)``
(wrap them in ``asyncio.timeout``).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import Callable
from types import TracebackType
from typing import Self

__all__ = ["FaultProxy"]

_CHUNK = 64 * 1024


def _abort(writer: asyncio.StreamWriter) -> None:
    """Abort the connection with a TCP RST (SO_LINGER 0), dropping any buffered data."""
    transport = writer.transport
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


async def _wait_closed(writer: asyncio.StreamWriter) -> None:
    # wait_closed() re-raises the connection's error (e.g. ConnectionResetError): irrelevant here.
    with contextlib.suppress(Exception):
        await writer.wait_closed()


class _Connection:
    """One proxied connection: a client side and an upstream side."""

    def __init__(self, client: asyncio.StreamWriter) -> None:
        self.client = client
        self.upstream: asyncio.StreamWriter | None = None
        self.aborted = False

    def writers(self) -> list[asyncio.StreamWriter]:
        return [w for w in (self.client, self.upstream) if w is not None]

    def close(self) -> None:
        for w in self.writers():
            w.close()

    def abort(self) -> None:
        self.aborted = True
        for w in self.writers():
            _abort(w)


class FaultProxy:
    """A loopback TCP proxy whose connections can be cut, refused or blackholed."""

    def __init__(
        self, upstream_host: str, upstream_port: int, *, listen_host: str = "127.0.0.1"
    ) -> None:
        self.upstream_host = upstream_host
        self.upstream_port = upstream_port
        self.listen_host = listen_host
        self._server: asyncio.Server | None = None
        self._port: int | None = None
        self._refuse = False
        self._blackhole = False
        self._closed = False
        self._conns: set[_Connection] = set()  # accepted, upstream connecting or connected
        self._active: set[_Connection] = set()  # both sides connected and pumping
        self._handlers: set[asyncio.Task[None]] = set()
        self._dropped = 0
        self._accepted = 0
        self._changed = asyncio.Event()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Bind a free port on ``listen_host`` and start accepting."""
        if self._server is not None:
            raise RuntimeError("FaultProxy already started")
        self._server = await asyncio.start_server(self._handle, self.listen_host, 0)
        self._port = int(self._server.sockets[0].getsockname()[1])

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FaultProxy not started")
        return self._port

    async def aclose(self) -> None:
        """Stop listening and close every connection (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self._server is not None:
            self._server.close()
        for conn in list(self._conns):
            conn.abort()
        self._conns.clear()
        self._active.clear()
        self._notify()
        handlers = list(self._handlers)
        if handlers:
            # Aborted transports make every pump see EOF/error; give them a moment, then cancel.
            _, pending = await asyncio.wait(handlers, timeout=2.0)
            for task in pending:
                task.cancel()
            await asyncio.gather(*handlers, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ faults

    def cut(self) -> None:
        """Abort (RST) every current connection on both sides; new ones are still accepted."""
        for conn in list(self._conns):
            conn.abort()
        self._conns.clear()
        self._active.clear()
        self._notify()

    def refuse(self, on: bool = True) -> None:
        """While on, new connections are closed right after accept; existing ones untouched."""
        self._refuse = on

    def blackhole(self, on: bool = True) -> None:
        """While on, bytes in both directions on every connection are read and dropped."""
        self._blackhole = on

    # ------------------------------------------------------------------ observation

    @property
    def active_connections(self) -> int:
        """Connections with both sides connected (refused ones never count)."""
        return len(self._active)

    @property
    def dropped_bytes(self) -> int:
        """Total bytes swallowed by the blackhole, both directions, all connections."""
        return self._dropped

    @property
    def accepted(self) -> int:
        """Total connections accepted, refused ones included."""
        return self._accepted

    async def wait_active(self, n: int) -> None:
        """Wait until ``active_connections == n`` (wrap in ``asyncio.timeout``)."""
        await self._wait(lambda: self.active_connections == n)

    async def wait_dropped(self, nbytes: int) -> None:
        """Wait until at least ``nbytes`` bytes have been dropped by the blackhole."""
        await self._wait(lambda: self._dropped >= nbytes)

    async def wait_accepted(self, n: int) -> None:
        """Wait until at least ``n`` connections have been accepted in total."""
        await self._wait(lambda: self._accepted >= n)

    async def _wait(self, predicate: Callable[[], bool]) -> None:
        while not predicate():
            await self._changed.wait()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ------------------------------------------------------------------ internals

    async def _handle(self, c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._accepted += 1
        self._notify()
        conn = _Connection(c_writer)
        try:
            if self._refuse or self._closed:
                c_writer.close()
                await _wait_closed(c_writer)
                return
            self._conns.add(conn)
            try:
                u_reader, u_writer = await asyncio.open_connection(
                    self.upstream_host, self.upstream_port
                )
            except OSError:
                # Upstream is down: behave like it, close the client.
                conn.abort()
                return
            conn.upstream = u_writer
            if conn.aborted:  # cut() or aclose() while we were connecting upstream
                conn.abort()
                return
            self._active.add(conn)
            self._notify()
            async with asyncio.TaskGroup() as tg:
                tg.create_task(self._pump(c_reader, u_writer, conn))
                tg.create_task(self._pump(u_reader, c_writer, conn))
        finally:
            self._conns.discard(conn)
            if conn in self._active:
                self._active.discard(conn)
                self._notify()
            conn.close()
            for w in conn.writers():
                await _wait_closed(w)
            self._handlers.discard(task)

    async def _pump(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, conn: _Connection
    ) -> None:
        try:
            while True:
                data = await reader.read(_CHUNK)
                if not data:
                    break
                if self._blackhole:
                    self._dropped += len(data)
                    self._notify()
                    continue
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            # Closing either side closes the other (and so ends the sibling pump).
            if conn.aborted:
                conn.abort()
            else:
                conn.close()
