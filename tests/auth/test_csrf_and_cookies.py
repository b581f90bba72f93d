"""The session cookie's attributes, the Origin check on cookie-carried state changes, logout,
and the production refusals of weak configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from server.auth.identity import COOKIE_NAME
from server.settings import ConfigError, Settings
from tests.conftest import StartServer
from tests.support.serverproc import InProcessServer

SIGNUP = {"email": "ada@example.com", "password": "correct horse battery", "name": "Ada"}


def session_cookie(response: httpx.Response) -> dict[str, str | None]:
    """The attributes of our Set-Cookie header, keys lower-cased (flags map to None)."""
    for header in response.headers.get_list("set-cookie"):
        name_value, *attributes = (part.strip() for part in header.split(";"))
        name, _, value = name_value.partition("=")
        if name == COOKIE_NAME:
            parsed: dict[str, str | None] = {"": value}
            for attribute in attributes:
                key, eq, val = attribute.partition("=")
                parsed[key.lower()] = val if eq else None
            return parsed
    raise AssertionError(f"no {COOKIE_NAME} cookie in {response.headers.get_list('set-cookie')}")


@pytest.fixture
async def cookie_client(secured: InProcessServer) -> AsyncIterator[httpx.AsyncClient]:
    """Signed up, carrying only the cookie (no Authorization header), like a browser."""
    async with httpx.AsyncClient(base_url=secured.http_url) as client:
        response = await client.post("/api/auth/signup", json=SIGNUP)
        assert response.status_code == 201, response.text
        assert client.cookies.get(COOKIE_NAME)
        yield client


async def test_signup_sets_an_httponly_lax_cookie(secured: InProcessServer) -> None:
    async with httpx.AsyncClient(base_url=secured.http_url) as client:
        response = await client.post("/api/auth/signup", json=SIGNUP)
    assert response.status_code == 201, response.text
    cookie = session_cookie(response)
    assert cookie[""] == response.json()["token"]
    assert "httponly" in cookie
    assert (cookie.get("samesite") or "").lower() == "lax"
    assert cookie.get("path") == "/"
    assert "secure" not in cookie  # development serves plain http on loopback


async def test_cookie_post_from_a_foreign_origin_is_refused(
    cookie_client: httpx.AsyncClient,
) -> None:
    for origin in (
        "https://evil.example",
        "null",
        "http://127.0.0.1:1",  # same host, another port: another origin
        f"https://{cookie_client.base_url.netloc.decode()}",  # another scheme
    ):
        response = await cookie_client.post(
            "/api/sessions", json={"title": "CSRF"}, headers={"origin": origin}
        )
        assert response.status_code == 403, (origin, response.text)
        assert response.json()["error"]["code"] == "csrf_rejected"


async def test_cookie_post_without_origin_is_refused(cookie_client: httpx.AsyncClient) -> None:
    response = await cookie_client.post("/api/sessions", json={"title": "CSRF"})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "csrf_rejected"


async def test_cookie_post_from_our_own_origin_is_allowed(
    secured: InProcessServer, cookie_client: httpx.AsyncClient
) -> None:
    response = await cookie_client.post(
        "/api/sessions", json={"title": "Same site"}, headers={"origin": secured.http_url}
    )
    assert response.status_code == 201, response.text
    assert response.json()["role"] == "host"


async def test_cookie_get_needs_no_origin(cookie_client: httpx.AsyncClient) -> None:
    me = await cookie_client.get("/api/me")
    assert me.status_code == 200, me.text
    assert me.json()["user"]["email"] == SIGNUP["email"]
    assert (await cookie_client.get("/api/sessions/active")).status_code == 200


async def test_bearer_post_needs_no_origin(secured: InProcessServer) -> None:
    async with httpx.AsyncClient(base_url=secured.http_url) as client:
        token = (await client.post("/api/auth/signup", json=SIGNUP)).json()["token"]
        client.cookies.clear()
        response = await client.post(
            "/api/sessions",
            json={"title": "API script"},
            headers={"authorization": f"Bearer {token}"},
        )
    assert response.status_code == 201, response.text


async def test_logout_revokes_the_token(secured: InProcessServer) -> None:
    async with httpx.AsyncClient(base_url=secured.http_url) as client:
        token = (await client.post("/api/auth/signup", json=SIGNUP)).json()["token"]
        client.cookies.clear()
        bearer = {"authorization": f"Bearer {token}"}
        assert (await client.get("/api/me", headers=bearer)).status_code == 200

        response = await client.post("/api/auth/logout", headers=bearer)
        assert response.status_code == 200, response.text
        cleared = session_cookie(response)
        assert cleared[""] in ("", '""')
        assert cleared.get("max-age") == "0"

        client.cookies.clear()
        after = await client.get("/api/me", headers=bearer)
        assert after.status_code == 401, after.text
        assert after.json()["error"]["code"] == "not_signed_in"
        # The token is revoked, not merely forgotten: as a cookie it is refused as well.
        client.cookies.set(COOKIE_NAME, token)
        assert (await client.get("/api/me")).status_code == 401


def test_production_requires_a_secret() -> None:
    with pytest.raises(ConfigError, match="CODESYNC_SECRET_KEY"):
        Settings.from_env({"CODESYNC_ENV": "production"})


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ConfigError, match="CODESYNC_SECRET_KEY"):
        Settings.from_env({"CODESYNC_ENV": "production", "CODESYNC_SECRET_KEY": "x" * 16})


def test_production_accepts_a_long_secret() -> None:
    secret = "s" * 48
    settings = Settings.from_env({"CODESYNC_ENV": "production", "CODESYNC_SECRET_KEY": secret})
    assert settings.env == "production"
    assert settings.secret_key == secret


def test_development_generates_and_keeps_a_secret(tmp_path: Path) -> None:
    settings = Settings.from_env({"CODESYNC_DATA_DIR": str(tmp_path)})
    assert settings.secret_key == ""
    first = settings.with_secret().secret_key
    assert len(first.encode()) >= 32
    assert settings.with_secret().secret_key == first


async def test_production_cookie_is_secure(start_server: StartServer) -> None:
    server = await start_server(env="production")
    async with httpx.AsyncClient(base_url=server.http_url) as client:
        response = await client.post("/api/auth/signup", json=SIGNUP)
    assert response.status_code == 201, response.text
    cookie = session_cookie(response)
    assert "secure" in cookie
    assert "httponly" in cookie
    assert (cookie.get("samesite") or "").lower() == "lax"
