"""Issue 12, item 7: a stranger with a candidate link can neither crash, stall nor rewrite an
interview: not through the owner's cookie, their login, sign-up answers, weak passwords, or
tokens left in the logs."""

from __future__ import annotations

from pathlib import Path

import httpx
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.auth.ratelimit import RateLimiter
from server.closecodes import CloseCode
from server.http.context import Limits
from tests.conftest import StartServer
from tests.support.apiclient import ApiClient
from tests.support.serverproc import ChildServer, InProcessServer

PASSWORD = "correct horse battery"
FOREIGN = "http://evil.example"


async def first_frame_or_close(url: str, cookie: str, origin: str) -> bytes | str | int:
    headers = {"Cookie": f"codesync_session={cookie}", "Origin": origin}
    try:
        async with connect(url, open_timeout=10, additional_headers=headers) as ws:
            return await ws.recv()
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else -1


async def test_cookie_websockets_are_refused_from_a_foreign_origin(
    secured: InProcessServer,
) -> None:
    host = ApiClient(secured.http_url)
    try:
        await host.signup()
        session_id = (await host.create_session())["id"]
        cookie = host.http.cookies["codesync_session"]
        notes = f"{secured.ws_url}/yjs/{session_id}/notes"
        signal = f"{secured.ws_url}/signal/{session_id}"
        for url in (notes, signal):
            assert await first_frame_or_close(url, cookie, FOREIGN) == CloseCode.FORBIDDEN
            # From our own pages the same cookie opens the socket.
            assert not isinstance(await first_frame_or_close(url, cookie, secured.http_url), int)
        # A token in the query string counts from anywhere: a foreign page cannot read it.
        token = await host.room_token(session_id)
        async with connect(f"{notes}?token={token}", origin=FOREIGN) as ws:  # type: ignore[arg-type]
            assert isinstance(await ws.recv(), bytes)
    finally:
        await host.aclose()


async def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(
    start_server: StartServer,
) -> None:
    server = await start_server(
        limits=Limits(login_per_account=RateLimiter(3, 60), login_per_address=RateLimiter(50, 60))
    )
    owner = ApiClient(server.http_url)
    try:
        await owner.signup(email="ada@example.com")
        stranger = {"origin": server.http_url, "x-forwarded-for": "203.0.113.9"}
        wrong = {"email": "ada@example.com", "password": "wrong password"}
        async with httpx.AsyncClient(base_url=server.http_url, headers=stranger) as http:
            statuses = [
                (await http.post("/api/auth/login", json=wrong)).status_code for _ in "1234"
            ]
        assert statuses == [401, 401, 401, 429]  # the stranger's address is limited...
        # ...the owner, from their own address, still gets in.
        right = {"email": "ada@example.com", "password": PASSWORD}
        response = await owner.request("POST", "/api/auth/login", json=right)
        assert response.status_code == 200, response.text
    finally:
        await owner.aclose()


async def test_signup_and_login_answers_do_not_reveal_which_emails_exist(
    secured: InProcessServer,
) -> None:
    owner, stranger = ApiClient(secured.http_url), ApiClient(secured.http_url)
    try:
        first = await owner.signup(email="ada@example.com")
        # Signing up again with the right password is what a fresh sign-up looks like: 201.
        again = await stranger.ok(
            "POST",
            "/api/auth/signup",
            201,
            json={"email": "ada@example.com", "password": PASSWORD, "name": "Ada"},
        )
        assert again["user"]["id"] == first["user"]["id"]
        refused = await stranger.request(
            "POST",
            "/api/auth/signup",
            json={"email": "ada@example.com", "password": "another good phrase", "name": "X"},
        )
        assert refused.status_code == 409
        error = refused.json()["error"]
        assert error["code"] == "signup_refused"
        assert "exist" not in error["message"].lower()
        # Login: an unknown email and a wrong password answer exactly alike.
        answers = []
        for email in ("ada@example.com", "nobody@example.com"):
            response = await stranger.request(
                "POST", "/api/auth/login", json={"email": email, "password": "wrong password"}
            )
            answers.append((response.status_code, response.json()))
        assert answers[0] == answers[1]
    finally:
        await owner.aclose()
        await stranger.aclose()


async def test_common_and_breached_passwords_are_refused(secured: InProcessServer) -> None:
    client = ApiClient(secured.http_url)
    try:
        for password in ("12345678", "Password1", "iloveyou"):
            response = await client.request(
                "POST",
                "/api/auth/signup",
                json={"email": "ada@example.com", "password": password, "name": "Ada"},
            )
            assert response.status_code == 400, (password, response.text)
            message = response.json()["error"]["message"]
            assert "password: is one of the most common passwords" in message, message
        too_long = {"email": "ada@example.com", "password": "x" * 257, "name": "Ada"}
        assert (await client.request("POST", "/api/auth/signup", json=too_long)).status_code == 400
        await client.signup(email="ada@example.com")  # a passphrase is fine
    finally:
        await client.aclose()


async def test_tokens_and_invites_are_redacted_from_the_server_log(tmp_path: Path) -> None:
    server = ChildServer(tmp_path)
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=server.http_url) as http:
            await http.get("/api/health?token=SECRETA&x=1")
            await http.get("/join?invite=SECRETB")
        try:
            async with connect(f"{server.room_url('s1')}?token=SECRETC") as ws:
                await ws.recv()
        except ConnectionClosed:
            pass  # an invalid token: closed with 4401, but the upgrade was logged
        await server.terminate()  # every line is written once it has exited
        log = server.log_path.read_text()
        assert "SECRET" not in log, log
        assert log.count("[redacted]") >= 3, log
        assert "/api/health?token=[redacted]&x=1" in log, log
    finally:
        server.ensure_stopped()
