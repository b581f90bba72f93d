"""Issue 12, item 4 and the logout part of item 7: removal and logout mean out.

Over real HTTP and websockets. A removed participant's browser keeps its guest token and the
invite link it came through; neither may bring it back. A room token fetched before logout
must not open a room after it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.closecodes import CloseCode
from tests.conftest import StartServer
from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient


@dataclass
class Room:
    server: InProcessServer
    session_id: str
    host: ApiClient
    clients: list[ApiClient]
    sockets: list[YClient]

    def browser(self) -> ApiClient:
        client = ApiClient(self.server.http_url)
        self.clients.append(client)
        return client

    async def link(self, role: str) -> str:
        return invite_token_of((await self.host.invite(self.session_id, role))["url"])

    async def open(self, token: str, doc: str = "code") -> YClient:
        """A socket with `token`, connected (it may be closed right away)."""
        socket = YClient(f"{self.server.room_url(self.session_id, doc)}?token={token}")
        self.sockets.append(socket)
        await socket.connect()
        return socket

    async def remove(self, user_id: str) -> None:
        await self.host.ok("DELETE", f"/api/sessions/{self.session_id}/participants/{user_id}")

    async def redeem(self, browser: ApiClient, link: str) -> tuple[int, str | None]:
        response = await browser.request(
            "POST", "/api/invites/redeem", json={"token": link, "name": "Again"}
        )
        return response.status_code, response.json().get("error", {}).get("code")


async def signal_close_code(url: str) -> int | None:
    """How `/signal` ends a connection: its close code."""
    async with connect(url, open_timeout=10) as ws:
        try:
            while True:
                await ws.recv(decode=True)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None


@pytest.fixture
async def room(start_server: StartServer) -> AsyncIterator[Room]:
    server = await start_server()
    host = ApiClient(server.http_url)
    await host.signup("Host")
    made = Room(server, (await host.create_session())["id"], host, [host], [])
    yield made
    for socket in made.sockets:
        await socket.close()
    for client in made.clients:
        await client.aclose()


async def test_a_removed_candidate_needs_a_new_invite(room: Room) -> None:
    candidate = room.browser()
    link = await room.link("candidate")
    joined = await candidate.redeem(link, "Grace")
    socket = await room.open(await candidate.room_token(room.session_id))
    await socket.wait_synced()

    await room.remove(joined["user_id"])
    assert await socket.wait_closed() == CloseCode.FORBIDDEN  # open sockets close at once
    # The same browser, with its guest token and the link: the link is spent.
    assert await room.redeem(candidate, link) == (403, "invite_revoked")
    # The guest token itself is dead: it opens no session and gets no room token.
    for path in ("/api/me", f"/api/sessions/{room.session_id}/room-token"):
        refused = await candidate.request("GET", path)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "removed_from_session"
    assert await room.redeem(room.browser(), link) == (403, "invite_revoked")
    invites = (await room.host.ok("GET", f"/api/sessions/{room.session_id}/invites"))["invites"]
    assert [i["revoked"] for i in invites] == [True]

    # A new invite brings the same browser back, as a new guest.
    back = await candidate.redeem(await room.link("candidate"), "Grace")
    assert back["user_id"] != joined["user_id"]
    again = await room.open(await candidate.room_token(room.session_id))
    await again.wait_synced()
    assert (await room.host.request("GET", "/api/health")).status_code == 200


async def test_a_removed_observer_cannot_come_back_through_the_observer_link(
    room: Room,
) -> None:
    link = await room.link("observer")
    removed, stays = room.browser(), room.browser()
    joined = await removed.redeem(link, "Eve")
    await stays.redeem(link, "Olga")
    socket = await room.open(await removed.room_token(room.session_id))
    await socket.wait_synced()

    await room.remove(joined["user_id"])
    assert await socket.wait_closed() == CloseCode.FORBIDDEN
    # Observer links are for several people: the link stays valid, but not for this browser.
    assert await room.redeem(removed, link) == (403, "removed_from_session")
    names = [
        p["name"]
        for p in (await stays.ok("GET", f"/api/sessions/{room.session_id}"))["participants"]
    ]
    assert names == ["Host", "Olga"]
    assert await room.redeem(room.browser(), link) == (200, None)  # a colleague, later

    back = await removed.redeem(await room.link("observer"), "Eve")  # a new link lets it in
    assert back["user_id"] != joined["user_id"]
    assert (await room.host.request("GET", "/api/health")).status_code == 200


async def test_a_removed_interviewer_needs_a_new_invite(room: Room) -> None:
    panelist = room.browser()
    await panelist.signup("Pat")
    link = await room.link("interviewer")
    await panelist.redeem(link, "Pat")
    await room.remove(panelist.user["id"])
    # Her account is still valid; the link she came through no longer admits her.
    assert await room.redeem(panelist, link) == (403, "removed_from_session")
    await panelist.redeem(await room.link("interviewer"), "Pat")


async def test_revoking_invites_says_who_was_removed(room: Room) -> None:
    candidate, observer = room.browser(), room.browser()
    candidate_invite = await room.host.invite(room.session_id, "candidate")
    observer_invite = await room.host.invite(room.session_id, "observer")
    grace = await candidate.redeem(invite_token_of(candidate_invite["url"]), "Grace")
    await observer.redeem(invite_token_of(observer_invite["url"]), "Olga")

    base = f"/api/sessions/{room.session_id}/invites"
    answer = await room.host.ok("DELETE", f"{base}/{observer_invite['id']}")
    assert answer["revoked"] == observer_invite["id"]
    assert answer["removed"] == []
    assert "nobody" in answer["message"]
    assert (await observer.request("GET", f"/api/sessions/{room.session_id}")).status_code == 200

    answer = await room.host.ok("DELETE", f"{base}/{candidate_invite['id']}")
    assert answer["removed"] == [grace["user_id"]]
    assert (await candidate.request("GET", "/api/me")).status_code == 403


async def test_a_room_token_fetched_before_logout_opens_no_room(room: Room) -> None:
    notes_token = await room.host.room_token(room.session_id)
    guest = room.browser()
    await guest.redeem(await room.link("candidate"), "Grace")
    guest_token = await guest.room_token(room.session_id)

    for who in (room.host, guest):
        await who.ok("POST", "/api/auth/logout")
    for token, doc in ((notes_token, "notes"), (notes_token, "code"), (guest_token, "code")):
        socket = await room.open(token, doc)
        assert await socket.wait_closed() == CloseCode.UNAUTHORIZED
    signal = f"{room.server.ws_url}/signal/{room.session_id}?token={notes_token}"
    assert await asyncio.wait_for(signal_close_code(signal), 10) == CloseCode.UNAUTHORIZED

    # Signing in again gives working room tokens: logout ended one sign-in, not the account.
    login = await room.host.ok(
        "POST",
        "/api/auth/login",
        json={"email": room.host.user["email"], "password": "correct horse battery"},
    )
    room.host.token = login["token"]
    socket = await room.open(await room.host.room_token(room.session_id), "notes")
    await socket.wait_synced()


async def test_logout_closes_the_sockets_that_sign_in_opened(room: Room) -> None:
    """The rooms a browser has open when it signs out close at once (4401), on every
    document and on `/signal`; another browser of the same account stays connected."""
    guest = room.browser()
    await guest.redeem(await room.link("candidate"), "Grace")
    code = await room.open(await guest.room_token(room.session_id), "code")
    await code.wait_synced()
    signal_url = f"{room.server.ws_url}/signal/{room.session_id}?token="
    signal = asyncio.create_task(
        signal_close_code(signal_url + await guest.room_token(room.session_id))
    )
    host_socket = await room.open(await room.host.room_token(room.session_id), "notes")
    await host_socket.wait_synced()
    hub = room.server.app.state.signal
    with anyio.fail_after(10):  # until the signalling socket has joined the hub
        while not hub.sessions.get(room.session_id):  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    await guest.ok("POST", "/api/auth/logout")
    assert await code.wait_closed() == CloseCode.UNAUTHORIZED
    assert await asyncio.wait_for(signal, 10) == CloseCode.UNAUTHORIZED
    assert host_socket.connected  # someone else's sign-in is untouched
