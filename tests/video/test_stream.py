"""Stream tokens and provisioning, against a loopback HTTP server standing in for Stream's
API (live Stream is not reachable from here)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest

from tests.conftest import StartServer
from tests.support.apiclient import ApiClient, invite_token_of
from tests.video.fakestream import KEY, SECRET, FakeStream, RunningFake

# The fake answers with the top-level fields the SDKs expect; nested objects stay empty.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning:dataclasses_json")


@pytest.fixture
async def fake_stream() -> AsyncIterator[FakeStream]:
    async with RunningFake(FakeStream()) as fake:
        yield fake


def stream_settings(fake: FakeStream) -> dict[str, Any]:
    return {
        "stream_api_key": KEY,
        "stream_api_secret": SECRET,
        "stream_video_url": fake.url + "/",
        "stream_chat_url": fake.url,
    }


async def test_participants_get_scoped_tokens_and_stream_gets_the_members(
    start_server: StartServer, fake_stream: FakeStream
) -> None:
    server = await start_server(**stream_settings(fake_stream))
    host, candidate, outsider = (ApiClient(server.http_url) for _ in range(3))
    try:
        await host.signup("Hana")
        await outsider.signup("Otto")
        sid = (await host.create_session())["id"]
        joined = await candidate.redeem(
            invite_token_of((await host.invite(sid, "candidate"))["url"]), "Cleo"
        )
        before = time.time()
        creds = await candidate.ok("GET", f"/api/sessions/{sid}/stream")
        assert creds["api_key"] == KEY and creds["call_id"] == sid and creds["channel_id"] == sid
        assert creds["user_id"] == joined["user_id"]
        video = jwt.decode(creds["token"], SECRET, algorithms=["HS256"])
        chat = jwt.decode(creds["chat_token"], SECRET, algorithms=["HS256"])
        for claims in (video, chat):
            assert claims["user_id"] == joined["user_id"]
            # Short-lived, whatever each SDK's `exp` convention (absolute vs seconds from now).
            assert before + 3000 < claims["exp"] <= time.time() + 3600 + 5
        assert "iat" in video
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(
                creds["token"], "not-the-secret-but-long-enough-0123456789", algorithms=["HS256"]
            )

        paths = fake_stream.paths()
        assert "/api/v2/users" in paths and f"/api/v2/video/call/default/{sid}" in paths
        assert "/users" in paths and f"/channels/messaging/{sid}/query" in paths
        call = next(r.body for r in fake_stream.requests if "/video/call/" in r.path)
        roles = {m["user_id"]: m["role"] for m in call["data"]["members"]}
        assert roles == {host.user["id"]: "host", joined["user_id"]: "call_member"}
        channel = next(
            r.body
            for r in fake_stream.requests
            if r.path.startswith(f"/channels/messaging/{sid}/query")
        )
        assert set(channel["data"]["members"]) == {host.user["id"], joined["user_id"]}
        for r in fake_stream.requests:
            assert f"api_key={KEY}" in r.path
            # A server token signed with our secret (its claims differ between the SDKs).
            jwt.decode(r.headers["authorization"], SECRET, algorithms=["HS256"])
            assert r.headers["stream-auth-type"] == "jwt"

        provisioned = len(fake_stream.requests)
        await host.ok("GET", f"/api/sessions/{sid}/stream")  # same members: no new calls
        assert len(fake_stream.requests) == provisioned
        assert (await outsider.request("GET", f"/api/sessions/{sid}/stream")).status_code == 403
        anonymous = ApiClient(server.http_url)
        assert (await anonymous.request("GET", f"/api/sessions/{sid}/stream")).status_code == 401
        await anonymous.aclose()
    finally:
        for client in (host, candidate, outsider):
            await client.aclose()


async def test_stream_down_is_a_clear_502(
    start_server: StartServer, fake_stream: FakeStream
) -> None:
    fake_stream.fail = True
    server = await start_server(**stream_settings(fake_stream))
    host = ApiClient(server.http_url)
    try:
        await host.signup()
        sid = (await host.create_session())["id"]
        response = await host.request("GET", f"/api/sessions/{sid}/stream")
        assert response.status_code == 502
        assert response.json()["error"]["code"] == "stream_unavailable"
    finally:
        await host.aclose()


async def test_browser_urls_and_the_page_policy_follow_the_configuration(
    start_server: StartServer, fake_stream: FakeStream
) -> None:
    server = await start_server(**stream_settings(fake_stream))
    host = ApiClient(server.http_url)
    try:
        await host.signup()
        sid = (await host.create_session())["id"]
        creds = await host.ok("GET", f"/api/sessions/{sid}/stream")
        # The browser's video API is under /video of the host the server calls /api/v2 on.
        assert creds["video_base_url"] == fake_stream.url + "/video"
        assert creds["chat_base_url"] == fake_stream.url
        assert (await host.ok("GET", "/api/health"))["video"] == "stream"
        policy = (await host.request("GET", "/")).headers["content-security-policy"]
        connect = next(d for d in policy.split("; ") if d.startswith("connect-src"))
        host_port = fake_stream.url.removeprefix("http://")
        for origin in (f"http://{host_port}", f"ws://{host_port}", "wss://*.stream-io-video.com"):
            assert origin in connect.split(), connect
    finally:
        await host.aclose()


async def test_without_stream_the_page_connects_to_its_own_origin_only(
    start_server: StartServer,
) -> None:
    server = await start_server()
    host = ApiClient(server.http_url)
    try:
        assert (await host.ok("GET", "/api/health"))["video"] == "builtin"
        policy = (await host.request("GET", "/")).headers["content-security-policy"]
        assert "stream-io" not in policy
        await host.signup()
        sid = (await host.create_session())["id"]
        answer = await host.request("GET", f"/api/sessions/{sid}/stream")
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "stream_not_configured"
    finally:
        await host.aclose()


async def test_removal_and_end_reach_stream(
    start_server: StartServer, fake_stream: FakeStream
) -> None:
    server = await start_server(**stream_settings(fake_stream))
    host, candidate = ApiClient(server.http_url), ApiClient(server.http_url)
    try:
        await host.signup()
        sid = (await host.create_session())["id"]
        joined = await candidate.redeem(
            invite_token_of((await host.invite(sid, "candidate"))["url"]), "Cleo"
        )
        await candidate.ok("GET", f"/api/sessions/{sid}/stream")
        uid = joined["user_id"]
        await host.ok("DELETE", f"/api/sessions/{sid}/participants/{uid}")
        by_path = {r.path.split("?")[0]: r.body for r in fake_stream.requests}
        # Out of the live call at once, blocked from rejoining with a token they still hold.
        assert by_path[f"/api/v2/video/call/default/{sid}/kick"] == {"user_id": uid, "block": True}
        assert by_path[f"/api/v2/video/call/default/{sid}/members"]["remove_members"] == [uid]
        assert by_path[f"/channels/messaging/{sid}"]["remove_members"] == [uid]
        assert (await candidate.request("GET", f"/api/sessions/{sid}/stream")).status_code == 403

        fake_stream.fail = True  # Stream down: the end still happens here, and is logged
        ended = await host.ok("POST", f"/api/sessions/{sid}/end")
        assert ended["status"] == "ended"
        assert f"/api/v2/video/call/default/{sid}/mark_ended" in fake_stream.paths()
    finally:
        await host.aclose()
        await candidate.aclose()
