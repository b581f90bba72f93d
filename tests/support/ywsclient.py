"""A y-websocket client for tests: a pycrdt Doc kept in sync over a real websocket.

It reconnects only when told to (`connect()` again), so tests decide when the network
comes back; edits made while disconnected are sent by the sync handshake on reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
from pycrdt import Doc, Text, TransactionEvent
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from server.rooms import protocol as yp


class YClient:
    def __init__(self, url: str, *, name: str = "py") -> None:
        self.url = url
        self.name = name
        self.doc: Doc[Any] = Doc()
        self.text = self.doc.get("code", type=Text)
        self.synced = asyncio.Event()
        self.closed = asyncio.Event()
        self.close_code: int | None = None
        self.close_reason: str = ""
        self.awareness: dict[int, Any] = {}  # other clients' states
        self._awareness_clock = 0
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()
        self._applying = False
        self._tasks: set[asyncio.Future[None]] = set()
        self.doc.observe(self._on_local_change)

    # -- connection -----------------------------------------------------------------------
    async def connect(self) -> YClient:
        self.synced.clear()
        self.closed.clear()
        self.close_code = None
        self._ws = await connect(self.url, max_size=None, open_timeout=10, ping_interval=None)
        self._reader = asyncio.create_task(self._read(self._ws))
        await self._send(self._ws, yp.sync_message(yp.SyncType.STEP1, self.doc.get_state()))
        return self

    async def wait_synced(self, timeout: float = 10) -> None:
        with anyio.fail_after(timeout):
            await self.synced.wait()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    async def abort(self) -> None:
        """Drop the TCP connection without a closing handshake (a dead network)."""
        if self._ws is not None:
            self._ws.transport.abort()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self.closed.is_set()

    async def wait_closed(self, timeout: float = 10) -> int | None:
        with anyio.fail_after(timeout):
            await self.closed.wait()
        return self.close_code

    # -- editing --------------------------------------------------------------------------
    def insert(self, index: int, text: str) -> None:
        self.text.insert(min(index, len(self.text)), text)

    def set_awareness(self, state: Any) -> None:
        self._awareness_clock += 1
        entry = yp.AwarenessEntry(self.doc.client_id, self._awareness_clock, json.dumps(state))
        self.send_nowait(yp.awareness_message([entry]))

    def send_nowait(self, frame: bytes) -> None:
        if self.connected and self._ws is not None:
            self._spawn(self._send(self._ws, frame))

    async def send_raw(self, frame: bytes | str) -> None:
        assert self._ws is not None
        await self._ws.send(frame)

    async def wait_for(self, predicate: Callable[[YClient], bool], timeout: float = 10) -> None:
        with anyio.fail_after(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self))

    async def wait_text(self, expected: str, timeout: float = 10) -> None:
        try:
            await self.wait_for(lambda c: str(c.text) == expected, timeout)
        except TimeoutError:
            raise AssertionError(f"{self.name}: {str(self.text)!r} != {expected!r}") from None

    # -- internals ------------------------------------------------------------------------
    def _on_local_change(self, event: TransactionEvent) -> None:
        if event.update != yp.EMPTY_UPDATE and not self._applying:
            self.send_nowait(yp.sync_message(yp.SyncType.UPDATE, event.update))
        self._spawn(self._notify())

    def _spawn(self, coroutine: Coroutine[None, None, None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    @staticmethod
    async def _send(ws: ClientConnection, frame: bytes) -> None:
        with contextlib.suppress(ConnectionClosed):
            await ws.send(frame)

    def _apply(self, update: bytes) -> None:
        self._applying = True
        try:
            self.doc.apply_update(update)
        finally:
            self._applying = False

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for frame in ws:
                assert isinstance(frame, bytes)
                message = yp.parse(frame)
                if isinstance(message, yp.Sync):
                    if message.kind is yp.SyncType.STEP1:
                        await ws.send(
                            yp.sync_message(yp.SyncType.STEP2, self.doc.get_update(message.payload))
                        )
                    else:
                        self._apply(message.payload)
                        if message.kind is yp.SyncType.STEP2:
                            self.synced.set()
                elif isinstance(message, yp.Awareness):
                    for entry in message.entries:
                        if entry.client_id == self.doc.client_id:
                            continue
                        state = json.loads(entry.state)
                        if state is None:
                            self.awareness.pop(entry.client_id, None)
                        else:
                            self.awareness[entry.client_id] = state
                await self._notify()
        except ConnectionClosed:
            pass
        finally:
            if ws.close_code is not None:
                self.close_code = ws.close_code
                self.close_reason = ws.close_reason or ""
            self.closed.set()
            await self._notify()
