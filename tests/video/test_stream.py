"""Stream tokens and provisioning, against a loopback HTTP server standing in for Stream's
API (live Stream is not reachable from here)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

from tests.apiclient import ApiClient, invite_token_of
from tests.conftest import StartServer

KEY, SECRET = "test-key", "stream-secret-of-a-decent-length-0123456789"
# The fake answers with the top-level fields the SDKs expect; nested objects stay empty.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning:dataclasses_json")


@dataclass
class FakeStream:
    requests: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    fail: bool = False
    url: str = ""

    def paths(self) -> list[str]:
        return [path.split("?")[0] for _, path, _, _ in self.requests]


@pytest.fixture
def fake_stream() -> Iterator[FakeStream]:
    fake = FakeStream()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", "0")))
            fake.requests.append(
                (self.command, self.path, dict(self.headers), json.loads(raw or b"{}"))
            )
            status = 500 if fake.fail else 201
            failure = {
                "code": 16,
                "message": "internal error",
                "StatusCode": 500,
                "duration": "1ms",
            }
            body = (
                json.dumps(failure).encode()
                if fake.fail
                else json.dumps(
                    {
                        "duration": "1ms",
                        "users": {},
                        "members": [],
                        "created": True,
                        "own_capabilities": [],
                        "membership_deletion_task_id": "",
                    }
                ).encode()
            )
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_PUT = do_POST

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()


async def test_participants_get_scoped_tokens_and_stream_gets_the_members(
    start_server: StartServer, fake_stream: FakeStream
) -> None:
    server = await start_server(
        stream_api_key=KEY,
        stream_api_secret=SECRET,
        stream_video_url=fake_stream.url + "/",
        stream_chat_url=fake_stream.url,
    )
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
        call = next(body for _, p, _, body in fake_stream.requests if "/video/call/" in p)
        roles = {m["user_id"]: m["role"] for m in call["data"]["members"]}
        assert roles == {host.user["id"]: "host", joined["user_id"]: "call_member"}
        channel = next(
            body
            for _, p, _, body in fake_stream.requests
            if p.startswith(f"/channels/messaging/{sid}/query")
        )
        assert set(channel["data"]["members"]) == {host.user["id"], joined["user_id"]}
        for _, path, headers, _ in fake_stream.requests:
            assert f"api_key={KEY}" in path
            # A server token signed with our secret (its claims differ between the SDKs).
            jwt.decode(headers["Authorization"], SECRET, algorithms=["HS256"])
            assert headers["stream-auth-type"] == "jwt"

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
    server = await start_server(
        stream_api_key=KEY,
        stream_api_secret=SECRET,
        stream_video_url=fake_stream.url + "/",
        stream_chat_url=fake_stream.url,
    )
    host = ApiClient(server.http_url)
    try:
        await host.signup()
        sid = (await host.create_session())["id"]
        response = await host.request("GET", f"/api/sessions/{sid}/stream")
        assert response.status_code == 502
        assert response.json()["error"]["code"] == "stream_unavailable"
    finally:
        await host.aclose()
