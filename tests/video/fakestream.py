"""A loopback stand-in for Stream's API (live Stream is not reachable from here).

It answers three kinds of callers, each as far as our product uses it:

- our server (getstream and stream-chat, server tokens): upsert users, get-or-create the call
  and the channel, members, kick/block, end — recorded, answered with the top-level fields
  the SDKs read;
- the browser's Stream Chat (stream-chat-react): the `/connect` websocket, channel query,
  sending messages (delivered as `message.new` to every member's socket), read and typing
  events;
- the browser's video SDK: the coordinator websocket (`/video/connect`, `connection.ok`
  after the auth message), the location hint and `POST /video/call/{type}/{id}/join`. Its
  answer names an SFU here that refuses the websocket: media through Stream's SFU is not
  emulated, so the browser's join ends in its "cannot connect" state.

Every user token is verified with the API secret (HS256 only) and must name the user it
connects as; anything else is refused the way Stream refuses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

KEY, SECRET = "test-key", "stream-secret-of-a-decent-length-0123456789"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


@dataclass
class Recorded:
    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: Any


@dataclass
class FakeStream:
    api_key: str = KEY
    secret: str = SECRET
    fail: bool = False  # server calls answer 500
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    # Browser connections that authenticated: (product, user id).
    connected: list[tuple[str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why browser connections were refused
    joins: list[tuple[str, str]] = field(default_factory=list)  # (call cid, user id)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by channel cid
    names: dict[str, str] = field(default_factory=dict)  # user id -> name, as upserted
    _chat_sockets: list[tuple[str, WebSocket]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [r.path.split("?")[0] for r in self.requests]

    # -- tokens -------------------------------------------------------------------------

    def user_of(self, token: str | None) -> str | None:
        """The user a browser token is for, or None (recorded in `refused`)."""
        try:
            claims = jwt.decode(token or "", self.secret, algorithms=["HS256"])
        except jwt.PyJWTError as error:
            self.refused.append(f"token: {error}")
            return None
        user = claims.get("user_id")
        if not isinstance(user, str):
            self.refused.append("token without user_id")
            return None
        return user

    def _user(self, user_id: str) -> dict[str, Any]:
        return {
            "id": user_id,
            "name": self.names.get(user_id, user_id),
            "role": "user",
            "teams": [],
            "custom": {},
            "language": "",
            "created_at": _now(),
            "updated_at": _now(),
            "online": True,
            "banned": False,
        }

    def _me(self, user_id: str) -> dict[str, Any]:
        """The connected user as Stream's `health.check` / `connection.ok` carry it."""
        return {
            **self._user(user_id),
            "mutes": [],
            "channel_mutes": [],
            "devices": [],
            "unread_count": 0,
            "total_unread_count": 0,
            "unread_channels": 0,
        }

    # -- the app ------------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                WebSocketRoute("/connect", self._chat_socket),
                WebSocketRoute("/video/connect", self._video_socket),
                WebSocketRoute("/sfu/ws", self._sfu_socket),
                Route("/location-hint", self._hint, methods=["GET", "HEAD"]),
                Route(
                    "/{path:path}", self._http, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]
                ),
            ],
            middleware=[
                Middleware(
                    CORSMiddleware,
                    allow_origins=["*"],
                    allow_methods=["*"],
                    allow_headers=["*"],
                    expose_headers=["x-amz-cf-pop"],
                )
            ],
        )

    async def _hint(self, request: Request) -> Response:
        return Response(headers={"x-amz-cf-pop": "TST1-P1"})

    async def _http(self, request: Request) -> Response:
        raw = await request.body()
        body = json.loads(raw or b"{}")
        path = request.url.path
        self.requests.append(
            Recorded(request.method, f"{path}?{request.url.query}", dict(request.headers), body)
        )
        if request.query_params.get("api_key") != self.api_key:
            return _error(401, 2, "api_key not valid")
        if path == "/video/call_client_event" and "authorization" not in request.headers:
            # The video SDK's telemetry, sent before the user is connected.
            return JSONResponse({"duration": "1ms"}, status_code=201)
        token = request.headers.get("authorization")
        claims = _claims(token, self.secret)
        if claims is None:
            return _error(401, 5, "JWTAuth error: signature is not valid")
        user = claims.get("user_id")
        if claims.get("server") or user is None:  # stream-chat's server token; getstream's is {}
            return self._server_call(path, body)
        if not isinstance(user, str):
            return _error(401, 5, "JWTAuth error: user_id is not a string")
        return await self._browser_call(request.method, path, body, user)

    def _server_call(self, path: str, body: Any) -> Response:
        if self.fail:
            return _error(500, 16, "internal error")
        users = body.get("users")  # both SDKs upsert {id: user}
        if isinstance(users, dict):
            self.names |= {uid: user.get("name", uid) for uid, user in users.items()}
        return JSONResponse(
            {
                "duration": "1ms",
                "users": {},
                "members": [],
                "created": True,
                "own_capabilities": [],
                "membership_deletion_task_id": "",
            },
            status_code=201,
        )

    # -- browser: chat -------------------------------------------------------------------

    async def _browser_call(self, method: str, path: str, body: Any, user: str) -> Response:
        parts = path.strip("/").split("/")
        if parts[0] == "channels" and len(parts) == 4:
            _, kind, channel_id, action = parts
            cid = f"{kind}:{channel_id}"
            if action == "query":
                return JSONResponse(self._channel_state(kind, channel_id, user))
            if action == "message":
                return JSONResponse(await self._post_message(cid, body, user), status_code=201)
            if action in ("read", "event", "stop-watching"):
                event = {"type": body.get("event", {}).get("type", action), "cid": cid}
                return JSONResponse({"event": event, "duration": "1ms"}, status_code=201)
        if parts[:2] == ["video", "call"] and len(parts) >= 4:
            cid = f"{parts[2]}:{parts[3]}"
            if len(parts) == 5 and parts[4] == "join":
                self.joins.append((cid, user))
                return JSONResponse(self._join_answer(parts[2], parts[3], user), status_code=201)
            if len(parts) == 4 and method == "GET":
                return JSONResponse(self._call_answer(parts[2], parts[3], user))
        return JSONResponse({"duration": "1ms"}, status_code=201)

    def _channel_state(self, kind: str, channel_id: str, user: str) -> dict[str, Any]:
        cid = f"{kind}:{channel_id}"
        members = [
            {
                "user_id": uid,
                "user": self._user(uid),
                "role": "member",
                "channel_role": "channel_member",
                "created_at": _now(),
                "updated_at": _now(),
            }
            for uid in self.names
        ]
        return {
            "channel": {
                "id": channel_id,
                "type": kind,
                "cid": cid,
                "name": "Interview",
                "created_at": _now(),
                "updated_at": _now(),
                "created_by": self._user(user),
                "frozen": False,
                "disabled": False,
                "member_count": len(members),
                "config": {
                    "name": kind,
                    "typing_events": True,
                    "read_events": True,
                    "connect_events": True,
                    "reactions": False,
                    "replies": False,
                    "uploads": False,
                    "url_enrichment": False,
                    "max_message_length": 5000,
                    "commands": [],
                },
                "own_capabilities": ["send-message", "read-events", "typing-events"],
            },
            "messages": list(self.messages.get(cid, [])),
            "pinned_messages": [],
            "members": members,
            "read": [],
            "watchers": [],
            "watcher_count": len(members),
            "duration": "1ms",
        }

    async def _post_message(self, cid: str, body: Any, user: str) -> dict[str, Any]:
        sent = body.get("message", {})
        message = {
            "id": sent.get("id") or secrets.token_hex(8),
            "text": str(sent.get("text", "")),
            "html": f"<p>{sent.get('text', '')}</p>",
            "type": "regular",
            "user": self._user(user),
            "cid": cid,
            "attachments": [],
            "mentioned_users": [],
            "latest_reactions": [],
            "own_reactions": [],
            "reaction_counts": {},
            "reply_count": 0,
            "created_at": _now(),
            "updated_at": _now(),
            "status": "received",
        }
        self.messages.setdefault(cid, []).append(message)
        kind, _, channel_id = cid.partition(":")
        event = {
            "type": "message.new",
            "cid": cid,
            "channel_id": channel_id,
            "channel_type": kind,
            "message": message,
            "user": message["user"],
            "created_at": _now(),
            "watcher_count": len(self.names),
        }
        for _, ws in list(self._chat_sockets):
            await _send_quietly(ws, event)
        return {"message": message, "duration": "1ms"}

    async def _chat_socket(self, ws: WebSocket) -> None:
        payload = json.loads(ws.query_params.get("json") or "{}")
        user = self.user_of(ws.query_params.get("authorization"))
        await ws.accept()
        if ws.query_params.get("api_key") != self.api_key or user is None:
            await ws.send_json(
                {"error": {"code": 5, "message": "JWTAuth error", "StatusCode": 401}}
            )
            await ws.close(1000)
            return
        if payload.get("user_id") != user:
            self.refused.append(f"chat token for {user} used as {payload.get('user_id')}")
            await ws.send_json(
                {"error": {"code": 5, "message": "token user mismatch", "StatusCode": 401}}
            )
            await ws.close(1000)
            return
        self.connected.append(("chat", user))
        entry = (user, ws)
        self._chat_sockets.append(entry)
        health = {"type": "health.check", "cid": "*", "me": self._me(user), "created_at": _now()}
        try:
            await ws.send_json({**health, "connection_id": secrets.token_hex(8)})
            while True:
                await ws.receive_text()  # the client's health checks
                await ws.send_json({**health, "connection_id": "alive"})
        except WebSocketDisconnect:
            pass
        finally:
            self._chat_sockets.remove(entry)

    # -- browser: video ------------------------------------------------------------------

    async def _video_socket(self, ws: WebSocket) -> None:
        await ws.accept()
        try:
            auth = json.loads(await ws.receive_text())
            user = self.user_of(auth.get("token"))
            claimed = (auth.get("user_details") or {}).get("id")
            if ws.query_params.get("api_key") != self.api_key or user is None or claimed != user:
                self.refused.append(f"video connect as {claimed} with a token for {user}")
                error = {"code": 5, "message": "JWTAuth error", "StatusCode": 401}
                await ws.send_json({"type": "connection.error", "error": error})
                await ws.close(1000)
                return
            self.connected.append(("video", user))
            await ws.send_json(
                {
                    "type": "connection.ok",
                    "connection_id": secrets.token_hex(8),
                    "me": self._me(user),
                    "created_at": _now(),
                }
            )
            while True:
                await ws.receive_text()
                await ws.send_json(
                    {"type": "health.check", "connection_id": "alive", "created_at": _now()}
                )
        except WebSocketDisconnect:
            pass

    async def _sfu_socket(self, ws: WebSocket) -> None:
        await ws.close(1011)  # no media server here

    def _call_answer(self, kind: str, call_id: str, user: str) -> dict[str, Any]:
        call = {
            "id": call_id,
            "type": kind,
            "cid": f"{kind}:{call_id}",
            "created_by": self._user(user),
            "created_at": _now(),
            "updated_at": _now(),
            "current_session_id": "",
            "custom": {},
            "backstage": False,
            "blocked_user_ids": [],
            "recording": False,
            "transcribing": False,
            "captioning": False,
            "translating": False,
            "egress": {"broadcasting": False, "hls": None, "rtmps": []},
            "ingress": {"rtmp": {"address": ""}},
            "session": None,
            "thumbnails": None,
            "settings": _CALL_SETTINGS,
        }
        members = [
            {
                "user_id": uid,
                "user": self._user(uid),
                "role": "call_member",
                "custom": {},
                "created_at": _now(),
                "updated_at": _now(),
            }
            for uid in self.names
        ]
        capabilities = ["join-call", "send-audio", "send-video", "screenshare", "end-call"]
        return {
            "call": call,
            "members": members,
            "own_capabilities": capabilities,
            "blocked_users": [],
            "duration": "1ms",
        }

    def _join_answer(self, kind: str, call_id: str, user: str) -> dict[str, Any]:
        ws_url = self.url.replace("http://", "ws://") + "/sfu/ws"
        return {
            **self._call_answer(kind, call_id, user),
            "created": False,
            "credentials": {
                "server": {
                    "url": f"{self.url}/sfu",
                    "ws_endpoint": ws_url,
                    "edge_name": "fake-sfu",
                },
                "token": "sfu-token",
                "ice_servers": [],
            },
            "stats_options": {"reporting_interval_ms": 0, "enable_rtc_stats": False},
        }


_CALL_SETTINGS: dict[str, Any] = {
    "audio": {
        "access_request_enabled": False,
        "opus_dtx_enabled": True,
        "redundant_coding_enabled": True,
        "mic_default_on": False,
        "speaker_default_on": True,
        "default_device": "speaker",
        "noise_cancellation": {"mode": "disabled"},
    },
    "video": {
        "access_request_enabled": False,
        "enabled": True,
        "camera_default_on": False,
        "camera_facing": "front",
        "target_resolution": {"width": 640, "height": 480, "bitrate": 800000},
    },
    "screensharing": {"access_request_enabled": False, "enabled": True},
    "backstage": {"enabled": False},
    "broadcasting": {
        "enabled": False,
        "hls": {"enabled": False, "auto_on": False, "quality_tracks": []},
    },
    "recording": {"mode": "disabled", "audio_only": False, "quality": "720p"},
    "ring": {
        "auto_cancel_timeout_ms": 30000,
        "incoming_call_timeout_ms": 30000,
        "missed_call_timeout_ms": 30000,
    },
    "transcription": {"mode": "disabled", "closed_caption_mode": "disabled", "language": "auto"},
    "geofencing": {"names": []},
    "thumbnails": {"enabled": False},
    "limits": {"max_participants": None, "max_duration_seconds": None},
    "session": {"inactivity_timeout_seconds": 30},
}


def _claims(token: str | None, secret: str) -> dict[str, Any] | None:
    try:
        return jwt.decode(token or "", secret, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse(
        {
            "code": code,
            "message": message,
            "StatusCode": status,
            "duration": "1ms",
            "more_info": "",
            "details": [],
        },
        status_code=status,
    )


async def _send_quietly(ws: WebSocket, event: dict[str, Any]) -> None:
    # A socket closing as we deliver: its client queries the channel again on reconnect.
    with contextlib.suppress(Exception):
        await ws.send_json(event)


class RunningFake:
    """The fake on a free loopback port, served by uvicorn as a task of the running loop."""

    def __init__(self, fake: FakeStream) -> None:
        self.fake = fake
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        fake.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(fake.app(), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> FakeStream:
        self.server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            if self.task.done():
                self.task.result()
                raise RuntimeError("the Stream stand-in exited during startup")
            await asyncio.sleep(0.01)
        return self.fake

    async def __aexit__(self, *exc: object) -> None:
        self.server.should_exit = True
        if self.task:
            await self.task
