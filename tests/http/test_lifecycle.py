"""A real interview's lifecycle over real HTTP and websockets."""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

import jwt
from pycrdt import Doc, Text

from tests.ferretdb import on_every_store
from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

pytestmark = on_every_store  # SQLite and FerretDB (tests/ferretdb.py)

SECRET = "test-secret-key-that-is-long-enough-0123456789"


async def join_room(api: ApiClient, server: InProcessServer, session_id: str, name: str) -> YClient:
    token = await api.room_token(session_id)
    client = YClient(f"{server.room_url(session_id)}?token={token}", name=name)
    await client.connect()
    await client.wait_synced()
    return client


async def test_sign_up_create_invite_redeem_edit_end_history(secured: InProcessServer) -> None:
    host = ApiClient(secured.http_url)
    candidate = ApiClient(secured.http_url)
    try:
        await host.signup("Ada Host")
        session = await host.create_session("Senior backend")
        sid = session["id"]
        assert session["role"] == "host" and session["status"] == "active"
        invite = await host.invite(sid, "candidate")
        assert invite["url"].startswith(f"{secured.settings.base_url}/s/{sid}?invite=")
        joined = await candidate.redeem(invite_token_of(invite["url"]), "Grace Candidate")
        assert joined["role"] == "candidate" and joined["session_id"] == sid

        view = await candidate.ok("GET", f"/api/sessions/{sid}")
        assert view["role"] == "candidate"
        assert {(p["name"], p["role"]) for p in view["participants"]} == {
            ("Ada Host", "host"), ("Grace Candidate", "candidate")}  # fmt: skip

        a = await join_room(host, secured, sid, "host")
        b = await join_room(candidate, secured, sid, "candidate")
        a.insert(0, "def solve():\n")
        await b.wait_text("def solve():\n")
        b.insert(len(str(b.text)), "    return 42\n")
        await a.wait_text("def solve():\n    return 42\n")

        active = await host.ok("GET", "/api/sessions/active")
        assert [s["id"] for s in active["sessions"]] == [sid]
        assert active["sessions"][0]["candidate"] == "Grace Candidate"

        ended = await host.ok("POST", f"/api/sessions/{sid}/end")
        assert ended["status"] == "ended" and ended["ended_at"] >= ended["created_at"]
        assert (await host.ok("GET", "/api/sessions/active"))["sessions"] == []
        recent = await host.ok("GET", "/api/sessions/recent")
        assert recent["sessions"][0]["status"] == "ended"

        # Everyone's edits, and one entry by the server: `meta.ended`, written at the end.
        # Clients see updates before they are durable, so this waits for the commits (on
        # FerretDB under load they can take a while; SQLite's are there at once).
        everyone = {host.user["id"], joined["user_id"], None}
        for _ in range(100):
            history = await host.ok("GET", f"/api/sessions/{sid}/history")
            entries: list[dict[str, Any]] = history["entries"]
            authors = [e["author"] for e in entries]
            if set(authors) == everyone:
                break
            await asyncio.sleep(0.1)
        assert set(authors) == everyone, [(e["seq"], e["author"]) for e in entries]
        assert authors[-1] is None and authors.count(None) == 1
        assert [e["ts"] for e in entries] == sorted(e["ts"] for e in entries)
        replay: Doc[Any] = Doc()
        for entry in entries:
            replay.apply_update(base64.b64decode(entry["update"]))
        assert str(replay.get("code", type=Text)) == "def solve():\n    return 42\n"
        denied = await candidate.request("GET", f"/api/sessions/{sid}/history")
        assert denied.status_code == 403
        await a.close()
        await b.close()
    finally:
        await host.aclose()
        await candidate.aclose()


async def test_a_candidate_invite_binds_to_the_first_browser(secured: InProcessServer) -> None:
    host, first, second = (ApiClient(secured.http_url) for _ in range(3))
    try:
        await host.signup()
        sid = (await host.create_session())["id"]
        link = invite_token_of((await host.invite(sid, "candidate"))["url"])
        joined = await first.redeem(link, "Grace")
        refused = await second.request(
            "POST", "/api/invites/redeem", json={"token": link, "name": "Mallory"}
        )
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "invite_already_used"
        assert "another browser" in refused.json()["error"]["message"]
        # The first browser comes back (same guest token): same identity, any number of times.
        for _ in range(3):
            again = await first.redeem(link, "Grace")
            assert again["user_id"] == joined["user_id"]
            client = await join_room(first, secured, sid, "grace")
            await client.close()
        participants = (await host.ok("GET", f"/api/sessions/{sid}"))["participants"]
        assert [p["name"] for p in participants if p["role"] == "candidate"] == ["Grace"]
    finally:
        for client in (host, first, second):
            await client.aclose()


async def test_revoked_expired_and_forged_invites_are_refused_clearly(
    secured: InProcessServer,
) -> None:
    host, guest = ApiClient(secured.http_url), ApiClient(secured.http_url)
    try:
        await host.signup()
        sid = (await host.create_session())["id"]
        invite = await host.invite(sid, "observer")
        await host.ok("DELETE", f"/api/sessions/{sid}/invites/{invite['id']}")
        revoked = await guest.request(
            "POST", "/api/invites/redeem", json={"token": invite["token"], "name": "x"}
        )
        assert (revoked.status_code, revoked.json()["error"]["code"]) == (403, "invite_revoked")

        now = int(time.time())
        expired_token = jwt.encode(
            {"typ": "invite", "sub": sid, "jti": "inv_x", "role": "candidate",
             "iat": now - 100, "exp": now - 10, "iss": "codesync"},
            SECRET,
        )  # fmt: skip
        expired = await guest.request(
            "POST", "/api/invites/redeem", json={"token": expired_token, "name": "x"}
        )
        assert (expired.status_code, expired.json()["error"]["code"]) == (403, "invite_expired")
        forged = await guest.request(
            "POST", "/api/invites/redeem", json={"token": invite["token"] + "x", "name": "x"}
        )
        assert (forged.status_code, forged.json()["error"]["code"]) == (403, "invite_invalid")

        panel = await host.invite(sid, "interviewer")
        anonymous = await guest.request(
            "POST", "/api/invites/redeem", json={"token": panel["token"], "name": "x"}
        )
        assert anonymous.status_code == 401  # interviewer invites need an account
    finally:
        await host.aclose()
        await guest.aclose()


async def test_recent_sessions_paginate_newest_first(secured: InProcessServer) -> None:
    host = ApiClient(secured.http_url)
    try:
        await host.signup()
        made = [(await host.create_session(f"S{i}"))["id"] for i in range(7)]
        seen: list[str] = []
        cursor = None
        for _ in range(10):
            query = f"?limit=3&before={cursor}" if cursor else "?limit=3"
            page = await host.ok("GET", f"/api/sessions/recent{query}")
            seen += [s["id"] for s in page["sessions"]]
            cursor = page["next_before"]
            if cursor is None:
                break
        assert seen == list(reversed(made))
        bad = await host.request("GET", "/api/sessions/recent?limit=0")
        assert bad.status_code == 400
        garbage = await host.request("GET", "/api/sessions/recent?before=garbage")
        assert garbage.status_code == 400
    finally:
        await host.aclose()


async def test_invalid_bodies_get_a_clear_400_and_change_nothing(
    secured: InProcessServer,
) -> None:
    host = ApiClient(secured.http_url)
    try:
        await host.signup()
        cases: list[tuple[str, dict[str, Any]]] = [
            ("/api/sessions", {"content": b"{not json"}),
            ("/api/sessions", {"json": ["a list"]}),
            ("/api/sessions", {"json": {"title": ""}}),
            ("/api/sessions", {"json": {"title": "x", "language": "cobol"}}),
            ("/api/sessions", {"json": {"title": "x", "surprise": 1}}),
            ("/api/sessions", {"content": b'{"title": "' + b"x" * 70_000 + b'"}'}),
        ]
        for path, kwargs in cases:
            response = await host.request("POST", path, **kwargs)
            assert response.status_code in (400, 413), (kwargs, response.text)
            error = response.json()["error"]
            assert error["code"] and error["message"].endswith(".")
        assert (await host.ok("GET", "/api/sessions/recent"))["sessions"] == []
        weak = await host.request(
            "POST", "/api/auth/signup",
            json={"email": "not-an-email", "password": "short", "name": "x"},
        )  # fmt: skip
        assert weak.status_code == 400
        assert "email" in weak.json()["error"]["message"]
    finally:
        await host.aclose()
