"""A session with its three parties signed in: the host, a candidate and an observer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pycrdt import Doc, Text

from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import ChildServer, InProcessServer
from tests.support.ywsclient import YClient

Server = InProcessServer | ChildServer


@dataclass
class Panel:
    server: Server
    session_id: str
    host: ApiClient
    candidate: ApiClient
    observer: ApiClient
    sockets: list[YClient]

    async def join(
        self, who: ApiClient, name: str, doc: str = "code", *, session: str | None = None
    ) -> YClient:
        session = session or self.session_id
        token = await who.room_token(session)
        client = YClient(f"{self.server.room_url(session, doc)}?token={token}", name=name)
        self.sockets.append(client)
        await client.connect()
        await client.wait_synced()
        return client

    async def stored_text(self) -> str:
        """The code as a fresh reader would load it from the store (after a flush)."""
        return str((await self.stored_doc()).get("code", type=Text))

    async def stored_doc(self, doc: str = "code") -> Doc[Any]:
        """The document as a fresh reader would load it from the store (after a flush)."""
        assert isinstance(self.server, InProcessServer), "the store is read in-process"
        await self.server.app.state.committer.flush()
        entries = await self.server.app.state.store.history(f"{self.session_id}/{doc}")
        loaded: Doc[Any] = Doc()
        for entry in entries:
            loaded.apply_update(entry.update)
        return loaded

    async def close(self) -> None:
        for socket in self.sockets:
            await socket.close()
        for client in (self.host, self.candidate, self.observer):
            await client.aclose()


async def open_panel(server: Server) -> Panel:
    host = ApiClient(server.http_url)
    await host.signup("Host")
    session_id = (await host.create_session())["id"]
    candidate, observer = ApiClient(server.http_url), ApiClient(server.http_url)
    await candidate.redeem(invite_token_of((await host.invite(session_id, "candidate"))["url"]))
    await observer.redeem(invite_token_of((await host.invite(session_id, "observer"))["url"]))
    return Panel(server, session_id, host, candidate, observer, [])
