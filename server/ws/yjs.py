"""`/yjs/{session_id}/{doc}`: the y-websocket endpoint in front of the rooms core."""

from __future__ import annotations

import asyncio
import logging

from starlette.websockets import WebSocket

from server.access import Authorizer, Grant, JoinRequest
from server.closecodes import CloseCode
from server.metrics import Metrics
from server.rooms.manager import RoomManager, RoomUnavailable
from server.rooms.protocol import ProtocolError
from server.rooms.room import Room, RoomFault
from server.rooms.updates import UpdateRefused
from server.schema import DOCUMENTS
from server.ws.join import SESSION_ID, admit
from server.ws.limits import SocketCounter
from server.ws.peer import WebSocketPeer

log = logging.getLogger("codesync.ws")


class YjsEndpoint:
    def __init__(
        self,
        manager: RoomManager,
        authorizer: Authorizer,
        *,
        max_message_bytes: int,
        max_queued_bytes: int,
        sockets: SocketCounter,
        metrics: Metrics | None = None,
    ) -> None:
        self.metrics = metrics
        self.manager = manager
        self.authorizer = authorizer
        self.max_message_bytes = max_message_bytes
        self.max_queued_bytes = max_queued_bytes
        self.sockets = sockets

    async def handle(self, websocket: WebSocket) -> None:
        # Accept first, then close with a 44xx code: y-websocket retries forever when the
        # upgrade itself is refused, but stops on 4400-4499.
        await websocket.accept()
        session_id = websocket.path_params["session_id"]
        doc = websocket.path_params["doc"]
        if not SESSION_ID.fullmatch(session_id) or doc not in DOCUMENTS:
            await websocket.close(CloseCode.NOT_FOUND, "unknown session or document")
            return
        admitted = await admit(
            websocket,
            session_id,
            doc,
            self.authorizer,
            self.sockets,
            lambda denied: self._count(denied.code.name.lower()),
        )
        if admitted is None:
            return
        request, grant, address = admitted.request, admitted.grant, admitted.address
        gauge = self.metrics.connections.labels("yjs") if self.metrics else None
        if gauge is not None:
            gauge.inc()
        try:
            await self._serve(websocket, request, grant)
        finally:
            self.sockets.release(session_id, address)
            if gauge is not None:
                gauge.dec()

    async def _serve(self, websocket: WebSocket, request: JoinRequest, grant: Grant) -> None:
        key = f"{request.session_id}/{request.doc}"
        peer = WebSocketPeer(websocket, grant, max_queued_bytes=self.max_queued_bytes)
        try:
            room = await self.manager.join(key, peer)
        except RoomUnavailable:
            log.exception("room %s could not be loaded", key)
            self._count("room_load_failed")
            await websocket.close(CloseCode.TRY_AGAIN_LATER, "room unavailable, retry shortly")
            return
        writer = asyncio.create_task(peer.run_writer(), name=f"writer {key}")
        try:
            await self._read(websocket, room_key=key, peer=peer, request=request, room=room)
        finally:
            self.manager.leave(room, peer)
            peer.close(CloseCode.NORMAL, "")
            await writer

    async def _read(
        self,
        websocket: WebSocket,
        *,
        room_key: str,
        peer: WebSocketPeer,
        request: JoinRequest,
        room: Room,
    ) -> None:
        receive = websocket.receive
        limit = self.max_message_bytes
        while peer.closing is None:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            frame = message.get("bytes")
            if frame is None:
                reason = "text frames are not part of the protocol"
                self._reject(peer, request, CloseCode.MALFORMED, reason)
                return
            if len(frame) > limit:
                self._reject(
                    peer, request, CloseCode.TOO_LARGE, f"message larger than {limit} bytes"
                )
                return
            try:
                room.receive(peer, frame)
            except UpdateRefused as exc:
                code = CloseCode.TOO_LARGE if exc.too_large else CloseCode.MALFORMED
                self._reject(peer, request, code, f"refused: {exc}")
                return
            except ProtocolError as exc:
                self._reject(peer, request, CloseCode.MALFORMED, f"malformed message: {exc}")
                return
            except RoomFault:
                self._count("internal")
                peer.close(CloseCode.INTERNAL_ERROR, "internal error")
                return
            except Exception:
                log.exception("room %s failed on a message from %s", room_key, request.client)
                self._count("internal")
                peer.close(CloseCode.INTERNAL_ERROR, "internal error")
                return

    def _count(self, kind: str) -> None:
        if self.metrics is not None:
            self.metrics.errors.labels(kind).inc()

    def _reject(
        self, peer: WebSocketPeer, request: JoinRequest, code: CloseCode, reason: str
    ) -> None:
        self._count(code.name.lower())
        log.warning(
            "closing %s on %s/%s: %s",
            request.client,
            request.session_id,
            request.doc,
            reason,
            extra={"session_id": request.session_id},
        )
        peer.close(code, reason)
