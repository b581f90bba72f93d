"""The composition root: settings in, a Starlette application out."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from crdt_store import GroupCommitter, open_store
from server.http.errors import http_exception, server_error
from server.http.health import health
from server.rooms.access import Authorizer, OpenAccess
from server.rooms.hooks import RoomHook
from server.rooms.manager import RoomManager, RoomPolicy
from server.settings import Settings
from server.ws.yjs import YjsEndpoint

log = logging.getLogger("codesync")

_DEFAULT_WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"


def create_app(
    settings: Settings,
    *,
    authorizer: Authorizer | None = None,
    hooks: tuple[RoomHook, ...] = (),
) -> Starlette:
    settings = settings.with_secret()
    store = open_store(settings.store_url)
    manager_box: list[RoomManager] = []
    committer = GroupCommitter(store, on_commit=lambda stats: manager_box[0].on_commit(stats))
    manager = RoomManager(
        store,
        committer,
        RoomPolicy(
            unload_after_s=settings.room_unload_after_s, snapshot_every=settings.snapshot_every
        ),
        hooks=hooks,
    )
    manager_box.append(manager)
    yjs = YjsEndpoint(
        manager,
        authorizer or OpenAccess(),
        max_message_bytes=settings.max_message_bytes,
        max_queued_bytes=settings.max_queued_bytes,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await store.open()
        committer.start()
        log.info("store %s open at %s", store.kind, settings.store_url)
        try:
            yield
        finally:
            # Order matters: stop the rooms (their updates are queued by then), drain the
            # queue into the store, and only then close the store.
            await manager.aclose()
            await committer.aclose()
            await store.close()
            log.info("all updates durable; store closed")

    routes: list[BaseRoute] = [
        Route("/api/health", health),
        WebSocketRoute("/yjs/{session_id}/{doc}", yjs.handle),
    ]
    web_dist = settings.web_dist or _DEFAULT_WEB_DIST
    if (web_dist / "index.html").exists():
        routes.append(Mount("/", StaticFiles(directory=web_dist, html=True), name="web"))

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: http_exception, Exception: server_error},
    )
    app.state.settings = settings
    app.state.store = store
    app.state.committer = committer
    app.state.manager = manager
    return app
