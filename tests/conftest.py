from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from server.http.context import Limits
from tests.support.panel import Panel, open_panel
from tests.support.serverproc import ChildServer, InProcessServer, make_settings
from tests.support.ywsclient import YClient

pytest_plugins = ["tests.ferretdb"]

StartServer = Callable[..., Awaitable[InProcessServer]]


def chosen_store(request: pytest.FixtureRequest) -> str:
    """The `database_url` the test asked for (see tests/ferretdb.py), else "" (SQLite)."""
    if "database_url" not in request.fixturenames:
        return ""
    return str(request.getfixturevalue("database_url"))


@pytest.fixture
async def start_server(
    tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[StartServer]:
    """Start real servers (uvicorn on a free loopback port) in this loop; all stop at teardown."""
    servers: list[InProcessServer] = []
    database_url = chosen_store(request)

    async def start(
        *, open_rooms: bool = False, limits: Limits | None = None, **overrides: object
    ) -> InProcessServer:
        overrides.setdefault("data_dir", tmp_path / f"data{len(servers)}")
        overrides.setdefault("database_url", database_url)
        settings = make_settings(**overrides)  # type: ignore[arg-type]
        if limits is None and open_rooms:
            # The core's tests open hundreds of sockets from one address on purpose.
            limits = Limits(sockets_per_session=1000, sockets_per_address=1000)
        server = await InProcessServer(settings, open_rooms=open_rooms, limits=limits).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.stop()


@pytest.fixture
async def server(start_server: StartServer) -> InProcessServer:
    """A server whose rooms are open to anyone: for tests of the rooms core itself."""
    return await start_server(open_rooms=True)


@pytest.fixture
async def secured(start_server: StartServer) -> InProcessServer:
    """A server as deployed: accounts, sessions and room permissions enforced."""
    return await start_server()


@pytest.fixture
async def panel(start_server: StartServer) -> AsyncIterator[Panel]:
    """A session on a secured server, with its host, candidate and observer signed in."""
    made = await open_panel(await start_server())
    yield made
    await made.close()


@pytest.fixture
async def clients() -> AsyncIterator[Callable[..., Awaitable[YClient]]]:
    """Connected, synced Python y-websocket clients, closed at teardown."""
    made: list[YClient] = []

    async def make(url: str, name: str = "py", *, sync: bool = True) -> YClient:
        client = YClient(url, name=name)
        made.append(client)
        await client.connect()
        if sync:
            await client.wait_synced()
        return client

    yield make
    for client in made:
        await client.close()


@pytest.fixture
def child_server(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., ChildServer]:
    made: list[ChildServer] = []
    database_url = chosen_store(request)

    def make(
        port: int | None = None, data_dir: Path | None = None, env: dict[str, str] | None = None
    ) -> ChildServer:
        if database_url:
            env = {"CODESYNC_DATABASE_URL": database_url, **(env or {})}
        server = ChildServer(data_dir or tmp_path, port, env)
        made.append(server)
        return server

    yield make  # type: ignore[misc]
    for server in made:
        server.ensure_stopped()
