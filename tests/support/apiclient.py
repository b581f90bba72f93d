"""A thin client of the REST API for tests: real HTTP against the real server."""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

_emails = itertools.count()


class ApiClient:
    """One caller: keeps its own cookie jar and, once signed in or joined, its token."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.AsyncClient(base_url=base_url, headers={"origin": base_url})
        self.token: str | None = None
        self.user: dict[str, Any] = {}

    async def aclose(self) -> None:
        await self.http.aclose()

    def _auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self._auth(), **kwargs.pop("headers", {})}
        return await self.http.request(method, path, headers=headers, **kwargs)

    async def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = await self.request(method, path, **kwargs)
        assert response.status_code == status, (response.status_code, response.text)
        return response.json()

    async def signup(self, name: str = "Ada", email: str | None = None) -> dict[str, Any]:
        email = email or f"interviewer{next(_emails)}@example.com"
        body = await self.ok(
            "POST",
            "/api/auth/signup",
            201,
            json={"email": email, "password": "correct horse battery", "name": name},
        )
        self.token = body["token"]
        self.user = body["user"]
        return body

    async def create_session(self, title: str = "Backend interview") -> dict[str, Any]:
        return await self.ok("POST", "/api/sessions", 201, json={"title": title})

    async def invite(self, session_id: str, role: str) -> dict[str, Any]:
        return await self.ok(
            "POST", f"/api/sessions/{session_id}/invites", 201, json={"role": role}
        )

    async def redeem(self, invite_token: str, name: str = "Grace") -> dict[str, Any]:
        body = await self.ok(
            "POST", "/api/invites/redeem", json={"token": invite_token, "name": name}
        )
        self.token = body["token"]
        return body

    async def room_token(self, session_id: str) -> str:
        body = await self.ok("GET", f"/api/sessions/{session_id}/room-token")
        return str(body["token"])


def invite_token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["invite"][0]


async def host_with_session(base_url: str) -> tuple[ApiClient, str]:
    host = ApiClient(base_url)
    await host.signup()
    session = await host.create_session()
    return host, str(session["id"])
