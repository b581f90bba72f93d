"""`/signal/{session_id}`: JSON signalling for the built-in WebRTC video.

The server is a relay with rules: only participants of a session connect, a message goes
only to a peer of the same session, and a removed participant's socket is closed.

Client → server: {"type": "signal", "to": <peer id>, "data": {...}} (offer/answer/ICE),
                 {"type": "state", "data": {...}} (muted, camera off…), broadcast.
Server → client: {"type": "welcome", "peer_id", "peers": [...], "ice_servers": [...]},
                 {"type": "peer-joined", "peer": {...}}, {"type": "peer-left", "peer_id"},
                 {"type": "signal", "from", "data"}, {"type": "state", "from", "data"}.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from server.closecodes import CloseCode
from server.rooms.access import Authorizer, Denied, Grant, JoinRequest
from server.ws.limits import SocketCounter
from server.ws.yjs import SESSION_ID

log = logging.getLogger("codesync.signal")

MAX_SIGNAL_BYTES = 64 * 1024


@dataclass(eq=False)
class SignalPeer:
    peer_id: str
    grant: Grant
    websocket: WebSocket

    def describe(self) -> dict[str, Any]:
        return {
            "peer_id": self.peer_id,
            "user_id": self.grant.user_id,
            "name": self.grant.name,
            "role": self.grant.role,
        }


class SignalHub:
    def __init__(
        self,
        authorizer: Authorizer,
        sockets: SocketCounter,
        ice_servers: tuple[Mapping[str, object], ...],
    ) -> None:
        self.authorizer = authorizer
        self.sockets = sockets
        self.ice_servers = [dict(server) for server in ice_servers]
        self.sessions: dict[str, dict[str, SignalPeer]] = {}
        self._closing: set[asyncio.Task[None]] = set()

    async def handle(self, websocket: WebSocket) -> None:
        await websocket.accept()
        session_id = websocket.path_params["session_id"]
        if not SESSION_ID.fullmatch(session_id):
            await websocket.close(CloseCode.NOT_FOUND, "unknown session")
            return
        client = websocket.client
        request = JoinRequest(
            session_id=session_id,
            doc="code",  # signalling is open to whoever may see the code
            token=websocket.query_params.get("token"),
            cookies=websocket.cookies,
            client=f"{client.host}:{client.port}" if client else None,
            origin=websocket.headers.get("origin"),
            host=websocket.headers.get("host"),
        )
        try:
            grant = await self.authorizer.authorize(request)
        except Denied as denied:
            await websocket.close(denied.code, denied.reason)
            return
        address = client.host if client else "unknown"
        if refusal := self.sockets.acquire(session_id, address):
            await websocket.close(CloseCode.FORBIDDEN, refusal)
            return
        peer = SignalPeer(secrets.token_urlsafe(8), grant, websocket)
        peers = self.sessions.setdefault(session_id, {})
        try:
            await self._send(
                peer,
                {
                    "type": "welcome",
                    "peer_id": peer.peer_id,
                    "peers": [p.describe() for p in peers.values()],
                    "ice_servers": self.ice_servers,
                },
            )
            peers[peer.peer_id] = peer
            await self._broadcast(peers, peer, {"type": "peer-joined", "peer": peer.describe()})
            await self._relay(peers, peer)
        except WebSocketDisconnect:
            pass
        finally:
            peers.pop(peer.peer_id, None)
            if not peers:
                self.sessions.pop(session_id, None)
            self.sockets.release(session_id, address)
            await self._broadcast(peers, peer, {"type": "peer-left", "peer_id": peer.peer_id})

    async def _relay(self, peers: dict[str, SignalPeer], peer: SignalPeer) -> None:
        while True:
            message = await peer.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            raw = message.get("text")
            if raw is None or len(raw) > MAX_SIGNAL_BYTES:
                code = CloseCode.MALFORMED if raw is None else CloseCode.TOO_LARGE
                await peer.websocket.close(code, "signalling messages are JSON text ≤ 64 KiB")
                return
            try:
                parsed = json.loads(raw)
                kind = parsed["type"]
                data = parsed["data"]
                if not isinstance(data, dict) or kind not in ("signal", "state"):
                    raise ValueError(kind)
            except (ValueError, KeyError, TypeError):
                await peer.websocket.close(CloseCode.MALFORMED, "malformed signalling message")
                return
            if kind == "state":
                await self._broadcast(
                    peers, peer, {"type": "state", "from": peer.peer_id, "data": data}
                )
                continue
            target = peers.get(parsed.get("to")) if isinstance(parsed.get("to"), str) else None
            if target is not None and target is not peer:
                await self._send(target, {"type": "signal", "from": peer.peer_id, "data": data})

    async def _broadcast(
        self, peers: dict[str, SignalPeer], sender: SignalPeer, message: dict[str, Any]
    ) -> None:
        for other in list(peers.values()):
            if other is not sender:
                await self._send(other, message)

    @staticmethod
    async def _send(peer: SignalPeer, message: dict[str, Any]) -> None:
        try:
            await peer.websocket.send_text(json.dumps(message))
        except Exception:  # the target is going away; its own loop cleans up
            log.debug("signal send failed", exc_info=True)

    def disconnect(
        self, matches: Callable[[Grant], bool], session_id: str | None, code: CloseCode, reason: str
    ) -> int:
        """Close the matching signalling sockets of one session, or of all (their media
        stops): a removed participant's, or those of a sign-in that logged out."""
        sessions = [self.sessions.get(session_id, {})] if session_id else self.sessions.values()
        targets = [p for peers in sessions for p in peers.values() if matches(p.grant)]
        for peer in targets:
            task = asyncio.create_task(self._close(peer, code, reason))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        return len(targets)

    @staticmethod
    async def _close(peer: SignalPeer, code: CloseCode, reason: str) -> None:
        try:
            await peer.websocket.close(code, reason)
        except Exception:
            log.debug("signal close failed", exc_info=True)
