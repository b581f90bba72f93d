from __future__ import annotations

import asyncio
import logging

from starlette.websockets import WebSocket, WebSocketState

from server.closecodes import CloseCode
from server.rooms.access import Grant

log = logging.getLogger("codesync.ws")


class WebSocketPeer:
    """A room peer over a Starlette websocket: `send` queues, one writer task drains.

    The room never awaits a socket, so one slow client cannot stall a room; a client whose
    queue outgrows `max_queued_bytes` is disconnected (it re-syncs when it reconnects).
    """

    def __init__(self, websocket: WebSocket, grant: Grant, *, max_queued_bytes: int) -> None:
        self.websocket = websocket
        self.grant = grant
        self._max_queued = max_queued_bytes
        self._queue: asyncio.Queue[tuple[bytes, bool] | None] = asyncio.Queue()
        self._queued_bytes = 0
        self._close: tuple[CloseCode, str] | None = None

    def send(self, frame: bytes) -> None:
        if self._close is not None:
            return
        self._queued_bytes += len(frame)
        if self._queued_bytes > self._max_queued:
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

    @property
    def closing(self) -> tuple[CloseCode, str] | None:
        return self._close

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
                await send({"type": "websocket.send", "bytes": frame})
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
