"""Every REST route and both websocket paths, for every kind of caller, from one table.

A route added to the API without a row here fails `test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.app import api_endpoints
from server.closecodes import CloseCode
from server.http.api import Auth
from server.problems.bank import builtin_problems
from tests.conftest import StartServer
from tests.ferretdb import on_every_store
from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import InProcessServer

pytestmark = on_every_store  # SQLite and FerretDB (tests/ferretdb.py)

Caller = Literal[
    "anonymous", "expired", "forged_none", "forged_key", "forged_rs256", "forged_hs_pubkey",
    "other_session_guest", "other_interviewer", "host", "panel_interviewer", "candidate",
    "observer",
]  # fmt: skip
CALLERS: tuple[Caller, ...] = Caller.__args__  # type: ignore[attr-defined]
BAD_TOKENS = (
    "anonymous",
    "expired",
    "forged_none",
    "forged_key",
    "forged_rs256",
    "forged_hs_pubkey",
)
SECRET = "test-secret-key-that-is-long-enough-0123456789"  # tests.support.serverproc.make_settings
OK = "ok"

# Who gets through each rule of server/http/api.py (OK = the route's own success status).
RULES: dict[Auth, dict[Caller, int | str]] = {
    "anyone": dict.fromkeys(CALLERS, OK),
    "signed_in": {**dict.fromkeys(BAD_TOKENS, 401), **dict.fromkeys(CALLERS[6:], OK)},
    "interviewer": {
        **dict.fromkeys(BAD_TOKENS, 401), "other_session_guest": 403, "other_interviewer": OK,
        "host": OK, "panel_interviewer": OK, "candidate": 403, "observer": 403,
    },
    "participant": {
        **dict.fromkeys(BAD_TOKENS, 401), "other_session_guest": 403, "other_interviewer": 403,
        "host": OK, "panel_interviewer": OK, "candidate": OK, "observer": OK,
    },
    "session_interviewer": {
        **dict.fromkeys(BAD_TOKENS, 401), "other_session_guest": 403, "other_interviewer": 403,
        "host": OK, "panel_interviewer": OK, "candidate": 403, "observer": 403,
    },
    "host": {
        **dict.fromkeys(BAD_TOKENS, 401), "other_session_guest": 403, "other_interviewer": 403,
        "host": OK, "panel_interviewer": 403, "candidate": 403, "observer": 403,
    },
}  # fmt: skip


@dataclass
class World:
    """Session A with a host, a panel interviewer, a candidate and an observer; session B
    of another interviewer, with its own guest."""

    server: InProcessServer
    session_id: str = ""
    tokens: dict[Caller, str | None] = field(default_factory=dict)
    user_ids: dict[Caller, str] = field(default_factory=dict)
    observer_invite: str = ""
    observer_invite_id: str = ""
    host_email: str = ""
    problem_id: str = ""  # one of the host's own problems
    clients: list[ApiClient] = field(default_factory=list)

    def client(self) -> ApiClient:
        made = ApiClient(self.server.http_url)
        self.clients.append(made)
        return made


async def build_world(server: InProcessServer) -> World:
    world = World(server)
    host = world.client()
    signed = await host.signup("Host")
    world.host_email = signed["user"]["email"]
    world.session_id = (await host.create_session())["id"]
    sid = world.session_id
    panel = world.client()
    await panel.signup("Panel")
    await panel.redeem(invite_token_of((await host.invite(sid, "interviewer"))["url"]))
    candidate = world.client()
    await candidate.redeem(invite_token_of((await host.invite(sid, "candidate"))["url"]), "Cand")
    observer = world.client()
    await observer.redeem(invite_token_of((await host.invite(sid, "observer"))["url"]), "Obs")
    world.problem_id = (await host.ok("POST", "/api/problems", 201, json=PROBLEM))["id"]
    for interviewer in (host, panel):  # a saved draft, so that submitting it can succeed
        await interviewer.ok("PUT", f"/api/sessions/{sid}/scorecards/mine", json=SCORECARD)
    invite = await host.invite(sid, "observer")
    world.observer_invite, world.observer_invite_id = invite_token_of(invite["url"]), invite["id"]

    other = world.client()
    await other.signup("Other")
    other_session = (await other.create_session("B"))["id"]
    other_guest = world.client()
    await other_guest.redeem(
        invite_token_of((await other.invite(other_session, "candidate"))["url"])
    )

    for caller, client in (("host", host), ("panel_interviewer", panel), ("candidate", candidate),
                           ("observer", observer), ("other_interviewer", other),
                           ("other_session_guest", other_guest)):  # fmt: skip
        world.tokens[caller] = client.token  # type: ignore[index]
        me = await client.ok("GET", "/api/me")
        world.user_ids[caller] = me["user"]["id"]  # type: ignore[index]
    host_id = world.user_ids["host"]
    now = int(time.time())
    claims = {"sub": host_id, "typ": "access", "jti": "x", "iat": now, "exp": now + 600,
              "iss": "codesync"}  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    world.tokens["anonymous"] = None
    world.tokens["expired"] = jwt.encode({**claims, "iat": now - 99, "exp": now - 9}, SECRET)
    world.tokens["forged_none"] = jwt.encode(claims, None, algorithm="none")
    world.tokens["forged_key"] = jwt.encode(claims, "another-secret-key-of-sufficient-length!")
    world.tokens["forged_rs256"] = jwt.encode(claims, key, algorithm="RS256")
    world.tokens["forged_hs_pubkey"] = _hs256_with(public_pem, claims)
    return world


def _hs256_with(secret: bytes, claims: dict[str, Any]) -> str:
    """HS256 keyed with a public key PEM (the classic algorithm-confusion forgery). PyJWT
    refuses to make one, so it is assembled by hand."""
    import base64
    import hashlib
    import hmac
    import json

    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(claims).encode())
    signature = b64(hmac.new(secret, head + b"." + body, hashlib.sha256).digest())
    return (head + b"." + body + b"." + signature).decode()


Request = Callable[[World], tuple[str, dict[str, Any]]]
PROBLEM = {"title": "Sum", "difficulty": "easy", "statement": "Add *two* numbers.",
           "tags": ["math"]}  # fmt: skip
BUILTIN = builtin_problems()[0].id
SCORECARD = {"ratings": {"coding": 1}, "notes": "fine", "recommendation": 1}
# Routes whose handler narrows the rule further: only the owner of a problem sees it.
NOT_YOURS: dict[Caller, int] = {"panel_interviewer": 404, "other_interviewer": 404}
OVERRIDES: dict[tuple[str, str], dict[Caller, int]] = {
    ("PUT", "/api/problems/{problem_id}"): NOT_YOURS,
    ("DELETE", "/api/problems/{problem_id}"): NOT_YOURS,
    ("POST", "/api/sessions/{session_id}/chat"): {"observer": 403},  # read-only role
    # Only the candidate's browser reports about itself.
    ("POST", "/api/sessions/{session_id}/events"): {
        "host": 403,
        "panel_interviewer": 403,
        "observer": 403,
    },
}

# Each route: how to call it on World, and the status of a successful call.
ROUTES: dict[tuple[str, str], tuple[Request, int]] = {
    ("GET", "/api/health"): (lambda w: ("/api/health", {}), 200),
    ("POST", "/api/auth/signup"): (lambda w: ("/api/auth/signup", {"json": {
        "email": f"new{time.monotonic_ns()}@example.com", "password": "long enough pw",
        "name": "New"}}), 201),
    ("POST", "/api/auth/login"): (lambda w: ("/api/auth/login", {"json": {
        "email": w.host_email, "password": "correct horse battery"}}), 200),
    ("POST", "/api/auth/logout"): (lambda w: ("/api/auth/logout", {}), 200),
    ("GET", "/api/me"): (lambda w: ("/api/me", {}), 200),
    ("POST", "/api/sessions"): (lambda w: ("/api/sessions", {"json": {"title": "t"}}), 201),
    ("GET", "/api/sessions/active"): (lambda w: ("/api/sessions/active", {}), 200),
    ("GET", "/api/sessions/recent"): (lambda w: ("/api/sessions/recent", {}), 200),
    ("GET", "/api/sessions/{session_id}"): (lambda w: (f"/api/sessions/{w.session_id}", {}), 200),
    ("POST", "/api/sessions/{session_id}/end"): (
        lambda w: (f"/api/sessions/{w.session_id}/end", {}), 200),
    ("GET", "/api/sessions/{session_id}/room-token"): (
        lambda w: (f"/api/sessions/{w.session_id}/room-token", {}), 200),
    ("DELETE", "/api/sessions/{session_id}/participants/{user_id}"): (
        lambda w: (f"/api/sessions/{w.session_id}/participants/{w.user_ids['observer']}", {}), 200),
    ("GET", "/api/sessions/{session_id}/history"): (
        lambda w: (f"/api/sessions/{w.session_id}/history", {}), 200),
    ("GET", "/api/sessions/{session_id}/stream"): (
        lambda w: (f"/api/sessions/{w.session_id}/stream", {}), 404),  # stream_not_configured
    ("POST", "/api/sessions/{session_id}/invites"): (
        lambda w: (f"/api/sessions/{w.session_id}/invites", {"json": {"role": "candidate"}}), 201),
    ("GET", "/api/sessions/{session_id}/invites"): (
        lambda w: (f"/api/sessions/{w.session_id}/invites", {}), 200),
    ("DELETE", "/api/sessions/{session_id}/invites/{invite_id}"): (
        lambda w: (f"/api/sessions/{w.session_id}/invites/{w.observer_invite_id}", {}), 200),
    ("POST", "/api/invites/redeem"): (lambda w: ("/api/invites/redeem", {"json": {
        "token": w.observer_invite, "name": "Late observer"}}), 200),
    ("GET", "/api/problems"): (lambda w: ("/api/problems?difficulty=easy", {}), 200),
    ("GET", "/api/problems/{problem_id}"): (lambda w: (f"/api/problems/{BUILTIN}", {}), 200),
    ("POST", "/api/problems"): (lambda w: ("/api/problems", {"json": PROBLEM}), 201),
    ("PUT", "/api/problems/{problem_id}"): (
        lambda w: (f"/api/problems/{w.problem_id}", {"json": {**PROBLEM, "title": "New"}}), 200),
    ("DELETE", "/api/problems/{problem_id}"): (
        lambda w: (f"/api/problems/{w.problem_id}", {}), 200),
    ("GET", "/api/sessions/{session_id}/problems/{problem_id}"): (
        lambda w: (f"/api/sessions/{w.session_id}/problems/{BUILTIN}", {}), 200),
    ("GET", "/api/sessions/{session_id}/scorecards"): (
        lambda w: (f"/api/sessions/{w.session_id}/scorecards", {}), 200),
    ("GET", "/api/sessions/{session_id}/scorecards/mine"): (
        lambda w: (f"/api/sessions/{w.session_id}/scorecards/mine", {}), 200),
    ("PUT", "/api/sessions/{session_id}/scorecards/mine"): (
        lambda w: (f"/api/sessions/{w.session_id}/scorecards/mine", {"json": SCORECARD}), 200),
    ("POST", "/api/sessions/{session_id}/scorecards/mine/submit"): (
        lambda w: (f"/api/sessions/{w.session_id}/scorecards/mine/submit", {}), 200),
    ("GET", "/api/sessions/{session_id}/export"): (
        lambda w: (f"/api/sessions/{w.session_id}/export?format=markdown", {}), 200),
    ("POST", "/api/sessions/{session_id}/chat"): (
        lambda w: (f"/api/sessions/{w.session_id}/chat", {"json": {"text": "hello"}}), 201),
    ("POST", "/api/sessions/{session_id}/events"): (
        lambda w: (f"/api/sessions/{w.session_id}/events", {"json": {"kind": "hidden"}}), 201),
    ("DELETE", "/api/sessions/{session_id}"): (
        lambda w: (f"/api/sessions/{w.session_id}", {}), 200),
}  # fmt: skip


def test_every_route_is_in_the_matrix() -> None:
    declared = {(e.method, e.path) for e in api_endpoints()}
    assert declared == set(ROUTES), "add new routes to ROUTES (and RULES if a new rule)"


@pytest.fixture
async def world(start_server: StartServer) -> AsyncIterator[World]:
    server = await start_server()
    built = await build_world(server)
    yield built
    for client in built.clients:
        await client.aclose()


ENDPOINTS = {(e.method, e.path): e for e in api_endpoints()}


@pytest.mark.parametrize("route", sorted(ROUTES), ids=lambda r: f"{r[0]} {r[1]}")
async def test_rest_route_answers_each_caller_as_the_rules_say(
    world: World, route: tuple[str, str]
) -> None:
    method, _ = route
    build, success = ROUTES[route]
    rule = RULES[ENDPOINTS[route].auth]
    # The host goes last: its successful call may end the session or remove someone.
    order = sorted(CALLERS, key=lambda c: c == "host")
    outcomes: dict[Caller, int] = {}
    for caller in order:
        client = world.client()
        client.token = world.tokens[caller]
        path, kwargs = build(world)
        response = await client.request(method, path, **kwargs)
        outcomes[caller] = response.status_code
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}
            assert {"code", "message"} <= set(response.json()["error"])
    expected = {c: success if rule[c] == OK else rule[c] for c in order}
    expected.update(OVERRIDES.get(route, {}))
    assert outcomes == expected


# The websockets take a room token (?token=); callers without one use what they have.
SOCKETS: dict[str, dict[Caller, int | str]] = {
    "yjs/code": {
        **dict.fromkeys(BAD_TOKENS, CloseCode.UNAUTHORIZED),
        "other_session_guest": CloseCode.FORBIDDEN, "other_interviewer": CloseCode.FORBIDDEN,
        "host": OK, "panel_interviewer": OK, "candidate": OK, "observer": OK,
    },
    "yjs/notes": {
        **dict.fromkeys(BAD_TOKENS, CloseCode.UNAUTHORIZED),
        "other_session_guest": CloseCode.FORBIDDEN, "other_interviewer": CloseCode.FORBIDDEN,
        "host": OK, "panel_interviewer": OK, "candidate": CloseCode.FORBIDDEN,
        "observer": CloseCode.FORBIDDEN,
    },
}  # fmt: skip
SOCKETS["signal"] = SOCKETS["yjs/code"]


async def socket_token(world: World, caller: Caller) -> str | None:
    """A participant's room token; for others, the best credential they could present."""
    token = world.tokens[caller]
    if caller in ("host", "panel_interviewer", "candidate", "observer", "other_session_guest"):
        client = world.client()
        client.token = token
        if caller == "other_session_guest":
            me = await client.ok("GET", "/api/me")
            return await client.room_token(me["session_id"])  # valid, but for session B
        return await client.room_token(world.session_id)
    return token  # a bad one, or other_interviewer's sign-in (sent as the cookie)


async def open_socket(
    url: str, first_frame_is: Callable[[bytes | str], bool], cookie: str | None = None
) -> int | str:
    headers = {"Cookie": f"codesync_session={cookie}"} if cookie else {}
    try:
        async with connect(url, open_timeout=10, additional_headers=headers) as ws:
            frame = await ws.recv()
            return OK if first_frame_is(frame) else f"unexpected {frame!r}"
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else "closed without a code"


@pytest.mark.parametrize("socket", sorted(SOCKETS))
async def test_websocket_answers_each_caller_as_the_rules_say(world: World, socket: str) -> None:
    outcomes: dict[Caller, int | str] = {}
    for caller in CALLERS:
        token = await socket_token(world, caller)
        cookie = token if caller == "other_interviewer" else None
        query = f"?token={token}" if token and not cookie else ""
        if socket == "signal":
            url = f"{world.server.ws_url}/signal/{world.session_id}{query}"
            outcomes[caller] = await open_socket(
                url, lambda f: isinstance(f, str) and "welcome" in f, cookie
            )
        else:
            doc = socket.split("/")[1]
            url = f"{world.server.ws_url}/yjs/{world.session_id}/{doc}{query}"
            outcomes[caller] = await open_socket(
                url, lambda f: isinstance(f, bytes) and f[:2] == b"\0\0", cookie
            )
    assert outcomes == SOCKETS[socket]


async def test_unknown_session_closes_4404(world: World) -> None:
    token = await socket_token(world, "host")
    # A token for session A cannot open another session, known or not.
    assert await open_socket(f"{world.server.ws_url}/yjs/nosuchsession/code?token={token}",
                             lambda f: True) == CloseCode.FORBIDDEN  # fmt: skip
    client = world.client()
    client.token = world.tokens["host"]
    response = await client.request("GET", "/api/sessions/nosuchsession")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "session_not_found"
