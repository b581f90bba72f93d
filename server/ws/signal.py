"""`/signal/{session_id}`: JSON signalling for the built-in WebRTC video.

The server is a relay with rules: only participants of a session connect, a message goes
only to a peer of the same session, and a removed participant's socket is closed.

Client → server: {"type": "signal", "to": <peer id>, "data": {...}} (offer/answer/ICE),
                 {"type": "state", "data": {...}} (muted, camera off…), broadcast.
Server → client: {"type": "welcome", "peer_id", "peers": [...], "ice_servers": [...]},
                 {"type": "peer-joined", "peer": {...}}, {"type": "peer-left", "peer_id"},
                 {"type": "signal", "from", "data"}, {"type": "state", "from", "data"}.

Like `/yjs`, nothing here awaits another peer's socket: every peer is a `WebSocketPeer`
with a bounded queue and its own writer task, so a peer that stops reading is dropped
(1013) instead of stalling the others. What a connection sends is bounded too: each
message in size and JSON depth, and all of them together in messages and bytes a second.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket

from server import schema
from server.access import Authorizer, Grant
from server.closecodes import CloseCode
from server.rooms.hooks import Hook
from server.ws.join import SESSION_ID, admit
from server.ws.limits import SocketCounter, TokenBucket
from server.ws.peer import WebSocketPeer

log = logging.getLogger("codesync.signal")

MAX_SIGNAL_BYTES = 64 * 1024
MAX_DATA_DEPTH = 16  # an ICE candidate or a session description is 2 levels deep


@dataclass(frozen=True)
class SignalLimits:
    max_queued_bytes: int = 4 * 1024 * 1024
    messages_per_s: float = 50.0
    message_burst: int = 200
    bytes_per_s: float = 256 * 1024
    byte_burst: int = 1024 * 1024


class SignalPeer(WebSocketPeer):
    def __init__(
        self, peer_id: str, grant: Grant, websocket: WebSocket, *, max_queued_bytes: int
    ) -> None:
        super().__init__(websocket, grant, max_queued_bytes=max_queued_bytes)
        self.peer_id = peer_id

    def describe(self) -> dict[str, Any]:
        return {
            "peer_id": self.peer_id,
            "user_id": self.grant.user_id,
            "name": self.grant.name,
            "role": self.grant.role,
        }


class BadMessage(ValueError):
    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _depth_ok(value: object) -> bool:
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_DATA_DEPTH:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


class SignalHub(Hook):
    def __init__(
        self,
        authorizer: Authorizer,
        sockets: SocketCounter,
        ice_servers: tuple[Mapping[str, object], ...],
        limits: SignalLimits | None = None,
    ) -> None:
        self.authorizer = authorizer
        self.sockets = sockets
        self.ice_servers = [dict(server) for server in ice_servers]
        self.limits = limits or SignalLimits()
        self.sessions: dict[str, dict[str, SignalPeer]] = {}

    async def handle(self, websocket: WebSocket) -> None:
        await websocket.accept()
        session_id = websocket.path_params["session_id"]
        if not SESSION_ID.fullmatch(session_id):
            await websocket.close(CloseCode.NOT_FOUND, "unknown session")
            return
        # Signalling is open to whoever may see the code.
        admitted = await admit(websocket, session_id, schema.CODE, self.authorizer, self.sockets)
        if admitted is None:
            return
        grant, address = admitted.grant, admitted.address
        peer = SignalPeer(
            secrets.token_urlsafe(8),
            grant,
            websocket,
            max_queued_bytes=self.limits.max_queued_bytes,
        )
        writer = asyncio.create_task(peer.run_writer(), name=f"signal writer {session_id}")
        peers = self.sessions.setdefault(session_id, {})
        try:
            welcome = {
                "type": "welcome",
                "peer_id": peer.peer_id,
                "peers": [p.describe() for p in peers.values()],
                "ice_servers": self.ice_servers,
            }
            peer.send(json.dumps(welcome))
            peers[peer.peer_id] = peer
            self._broadcast(peers, peer, {"type": "peer-joined", "peer": peer.describe()})
            await self._serve(peers, peer)
        finally:
            peers.pop(peer.peer_id, None)
            if not peers and self.sessions.get(session_id) is peers:
                del self.sessions[session_id]
            self._broadcast(peers, peer, {"type": "peer-left", "peer_id": peer.peer_id})
            peer.close(CloseCode.NORMAL, "")
            try:
                # A dropped peer that never reads keeps this until its socket dies; it still
                # counts against the socket caps meanwhile, and nobody else waits for it.
                await writer
            finally:
                self.sockets.release(session_id, address)

    async def _serve(self, peers: dict[str, SignalPeer], peer: SignalPeer) -> None:
        """Relay until the client leaves or the peer is closed (dropped, removed, refused)."""
        reader = asyncio.create_task(self._relay(peers, peer), name="signal reader")
        closing = asyncio.create_task(peer.wait_closing(), name="signal closing")
        try:
            await asyncio.wait((reader, closing), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reader, closing):
                task.cancel()
            await asyncio.gather(reader, closing, return_exceptions=True)
        if not reader.cancelled() and (error := reader.exception()) is not None:
            log.error("signal relay failed", exc_info=error)
            peer.close(CloseCode.INTERNAL_ERROR, "internal error")

    async def _relay(self, peers: dict[str, SignalPeer], peer: SignalPeer) -> None:
        limits = self.limits
        messages = TokenBucket(limits.messages_per_s, limits.message_burst)
        volume = TokenBucket(limits.bytes_per_s, limits.byte_burst)
        receive = peer.websocket.receive
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            try:
                raw = message.get("text")
                if raw is None:
                    raise BadMessage(CloseCode.MALFORMED, "signalling messages are JSON text")
                size = len(raw) if len(raw) > MAX_SIGNAL_BYTES else len(raw.encode())
                if size > MAX_SIGNAL_BYTES:
                    raise BadMessage(CloseCode.TOO_LARGE, "signalling messages are ≤ 64 KiB")
                if not (messages.take() and volume.take(size)):
                    raise BadMessage(CloseCode.TRY_AGAIN_LATER, "too many signalling messages")
                self._route(peers, peer, raw)
            except BadMessage as bad:
                log.warning("closing signalling socket %s: %s", peer.peer_id, bad.reason)
                peer.close(bad.code, bad.reason)
                return

    def _route(self, peers: dict[str, SignalPeer], peer: SignalPeer, raw: str) -> None:
        try:
            parsed = json.loads(raw)
            kind = parsed["type"]
            data = parsed["data"]
            if not isinstance(data, dict) or kind not in ("signal", "state"):
                raise ValueError(kind)
        except (ValueError, KeyError, TypeError, RecursionError):
            raise BadMessage(CloseCode.MALFORMED, "malformed signalling message") from None
        if not _depth_ok(data):
            raise BadMessage(CloseCode.MALFORMED, "signalling data nested too deep")
        if kind == "state":
            self._broadcast(peers, peer, {"type": "state", "from": peer.peer_id, "data": data})
            return
        to = parsed.get("to")
        target = peers.get(to) if isinstance(to, str) else None
        if target is not None and target is not peer:
            target.send(json.dumps({"type": "signal", "from": peer.peer_id, "data": data}))

    @staticmethod
    def _broadcast(
        peers: dict[str, SignalPeer], sender: SignalPeer, message: dict[str, Any]
    ) -> None:
        """Queue `message` for every peer but `sender`: never waits for any of them."""
        frame = json.dumps(message)
        for other in peers.values():
            if other is not sender:
                other.send(frame)

    def on_disconnect(
        self, matches: Callable[[Grant], bool], session_id: str | None, code: CloseCode, reason: str
    ) -> int:
        """Close the matching signalling sockets of one session, or of all (their media
        stops): a removed participant's, a deleted session's, or a signed-out login's."""
        sessions = [self.sessions.get(session_id, {})] if session_id else self.sessions.values()
        targets = [p for peers in sessions for p in peers.values() if matches(p.grant)]
        for peer in targets:
            peer.close(code, reason)
        return len(targets)
