"""Login and invite limits answer a clear 429 with Retry-After, in the contract's error shape."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from server.auth.ratelimit import RateLimiter
from server.closecodes import CloseCode
from server.http.context import Limits
from server.settings import ConfigError, Settings
from tests.conftest import StartServer
from tests.support.apiclient import ApiClient
from tests.support.serverproc import InProcessServer

PASSWORD = "correct horse battery"
WINDOW_S = 60


@pytest.fixture
async def limited(start_server: StartServer) -> InProcessServer:
    return await start_server(
        limits=Limits(
            login_per_account=RateLimiter(3, WINDOW_S),
            login_per_address=RateLimiter(5, WINDOW_S),
            invites_per_host=RateLimiter(2, WINDOW_S),
        )
    )


@pytest.fixture
async def http(limited: InProcessServer) -> AsyncIterator[httpx.AsyncClient]:
    # Like a browser: the cookie a successful login sets is sent back, with our Origin.
    headers = {"origin": limited.http_url}
    async with httpx.AsyncClient(base_url=limited.http_url, headers=headers) as client:
        yield client


async def signup(server: InProcessServer, email: str) -> None:
    client = ApiClient(server.http_url)
    try:
        await client.signup(email=email)
    finally:
        await client.aclose()


async def login(http: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await http.post("/api/auth/login", json={"email": email, "password": password})


def assert_rate_limited(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    retry_after = response.headers["retry-after"]
    assert retry_after.isdigit(), retry_after
    seconds = int(retry_after)
    assert 1 <= seconds <= WINDOW_S
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "rate_limited"
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return seconds


async def test_wrong_passwords_lock_the_account_then_the_address(
    limited: InProcessServer, http: httpx.AsyncClient
) -> None:
    await signup(limited, "ada@example.com")
    await signup(limited, "grace@example.com")

    for _ in range(3):
        response = await login(http, "ada@example.com", "wrong password")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_credentials"
    assert_rate_limited(await login(http, "ada@example.com", "wrong password"))
    # While limited even the right password is refused, so guessing gains nothing.
    assert_rate_limited(await login(http, "ada@example.com", PASSWORD))
    # The account is keyed by its email, whatever its case.
    assert_rate_limited(await login(http, "ADA@example.com", PASSWORD))

    # Another account from the same address still gets in: 3 of the address's 5 failures used.
    assert (await login(http, "grace@example.com", PASSWORD)).status_code == 200
    for _ in range(2):
        assert (await login(http, "grace@example.com", "wrong password")).status_code == 401
    # Now the address is spent: grace (2 failures, under her own limit) is refused too.
    assert_rate_limited(await login(http, "grace@example.com", PASSWORD))
    assert_rate_limited(await login(http, "nobody@example.com", "whatever"))


async def test_unknown_accounts_count_against_the_address(
    limited: InProcessServer, http: httpx.AsyncClient
) -> None:
    for n in range(5):
        response = await login(http, f"ghost{n}@example.com", "guess")
        assert response.status_code == 401
    assert_rate_limited(await login(http, "ghost9@example.com", "guess"))


async def test_a_successful_login_clears_the_account_failures(
    limited: InProcessServer, http: httpx.AsyncClient
) -> None:
    await signup(limited, "ada@example.com")
    for _ in range(2):
        assert (await login(http, "ada@example.com", "wrong password")).status_code == 401
    assert (await login(http, "ada@example.com", PASSWORD)).status_code == 200
    # Two more failures would have locked the account had the first two still counted.
    for _ in range(2):
        assert (await login(http, "ada@example.com", "wrong password")).status_code == 401
    assert (await login(http, "ada@example.com", PASSWORD)).status_code == 200


async def test_invite_creation_is_limited_per_host(limited: InProcessServer) -> None:
    host = ApiClient(limited.http_url)
    other = ApiClient(limited.http_url)
    try:
        await host.signup()
        session = await host.create_session()
        for role in ("candidate", "observer"):
            await host.invite(session["id"], role)
        response = await host.request(
            "POST", f"/api/sessions/{session['id']}/invites", json={"role": "interviewer"}
        )
        assert_rate_limited(response)
        # Another host has a budget of its own.
        await other.signup()
        other_session = await other.create_session()
        await other.invite(other_session["id"], "candidate")
    finally:
        await host.aclose()
        await other.aclose()


async def test_sockets_per_address_follow_the_setting_and_the_forwarded_client(
    start_server: StartServer,
) -> None:
    # CODESYNC_SOCKETS_PER_ADDRESS, and the address is the client's as a trusted proxy
    # forwards it (uvicorn's FORWARDED_ALLOW_IPS; loopback is trusted by default).
    configured = Settings.from_env({"CODESYNC_SOCKETS_PER_ADDRESS": "2"})
    server = await start_server(sockets_per_address=configured.sockets_per_address)
    host = ApiClient(server.http_url)
    opened: list[ClientConnection] = []

    async def open_from(address: str) -> ClientConnection:
        token = await host.room_token(session_id)
        ws = await connect(
            f"{server.room_url(session_id)}?token={token}",
            additional_headers={"x-forwarded-for": address},
        )
        opened.append(ws)
        return ws

    try:
        await host.signup()
        session_id = (await host.create_session())["id"]
        for _ in range(2):
            assert isinstance(await (await open_from("203.0.113.5")).recv(), bytes)  # sync step 1
        refused = await open_from("203.0.113.5")
        with pytest.raises(ConnectionClosed) as closed:
            await refused.recv()
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == CloseCode.FORBIDDEN
        assert "too many connections from this address" in closed.value.rcvd.reason
        # Another office behind the same proxy has its own budget.
        assert isinstance(await (await open_from("198.51.100.7")).recv(), bytes)
    finally:
        for ws in opened:
            await ws.close()
        await host.aclose()


def test_a_socket_cap_below_one_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="CODESYNC_SOCKETS_PER_ADDRESS"):
        Settings.from_env({"CODESYNC_SOCKETS_PER_ADDRESS": "0"})
    with pytest.raises(ConfigError, match="CODESYNC_SOCKETS_PER_ADDRESS"):
        Settings.from_env({"CODESYNC_SOCKETS_PER_ADDRESS": "lots"})
