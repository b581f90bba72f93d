from __future__ import annotations

import asyncio
import logging

from starlette.websockets import WebSocket, WebSocketState

from server.access import Grant
from server.closecodes import CloseCode

log = logging.getLogger("codesync.ws")

# Binary frames (y-websocket) or text frames (JSON signalling, ASCII: its length is its size).
Frame = bytes | str


class WebSocketPeer:
    """A peer over a Starlette websocket: `send` queues, one writer task drains.

    Nobody ever awaits a socket, so one slow client cannot stall a room or a call; a client
    whose queue outgrows `max_queued_bytes` is dropped: what is still queued for it is
    discarded and it is closed with 1013 (it re-syncs when it reconnects).
    """

    def __init__(self, websocket: WebSocket, grant: Grant, *, max_queued_bytes: int) -> None:
        self.websocket = websocket
        self.grant = grant
        self._max_queued = max_queued_bytes
        # (frame, counted against max_queued_bytes); None: close now.
        self._queue: asyncio.Queue[tuple[Frame, bool] | None] = asyncio.Queue()
        self._queued_bytes = 0
        self._close: tuple[CloseCode, str] | None = None
        self._closing = asyncio.Event()

    def send(self, frame: Frame) -> None:
        if self._close is not None:
            return
        self._queued_bytes += len(frame)
        if self._queued_bytes > self._max_queued:
            while not self._queue.empty():  # never delivered: the close frame goes next
                self._queue.get_nowait()
            self._queued_bytes = 0
            self.close(CloseCode.TRY_AGAIN_LATER, "client too slow")
            return
        self._queue.put_nowait((frame, True))

    def send_bulk(self, frame: bytes) -> None:
        """Queue a frame that does not count against the slow-client limit: the initial
        sync of a large document (bounded by the document limit) must not trip it."""
        if self._close is None:
            self._queue.put_nowait((frame, False))

    def close(self, code: CloseCode, reason: str) -> None:
        if self._close is None:
            self._close = (code, reason)
            self._queue.put_nowait(None)
            self._closing.set()

    @property
    def closing(self) -> tuple[CloseCode, str] | None:
        return self._close

    async def wait_closing(self) -> None:
        """Return once `close` was called (by anyone: the overflow, the reader, a removal)."""
        await self._closing.wait()

    async def run_writer(self) -> None:
        """Send queued frames in order until closed; then send the close frame."""
        send = self.websocket.send
        try:
            while True:
                item = await self._queue.get()
                if item is None:
                    break
                frame, counted = item
                if counted:
                    self._queued_bytes -= len(frame)
                if isinstance(frame, bytes):
                    await send({"type": "websocket.send", "bytes": frame})
                else:
                    await send({"type": "websocket.send", "text": frame})
        except Exception:  # the socket went away under us; the reader sees the disconnect
            log.debug("send failed", exc_info=True)
            return
        code, reason = self._close or (CloseCode.NORMAL, "")
        ws = self.websocket
        if (
            ws.application_state is WebSocketState.CONNECTED
            and ws.client_state is WebSocketState.CONNECTED
        ):
            try:
                await self.websocket.close(code, reason)
            except Exception:
                log.debug("close failed", exc_info=True)
