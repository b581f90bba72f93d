"""The composition root: settings in, a Starlette application out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute

from crdt_store import GroupCommitter, open_backend
from server import logs
from server.access import Authorizer
from server.auth.identity import IdentityResolver
from server.auth.oidc import OIDCVerifier
from server.auth.room_access import SessionAuthorizer
from server.auth.tokens import TokenIssuer
from server.http import accounts, export, health, invites, problems, scorecards, sessions
from server.http.api import Api, Endpoint
from server.http.context import Limits, Services
from server.http.errors import http_exception, server_error
from server.http.openapi import openapi_document
from server.http.security import SecurityHeaders
from server.http.spa import SinglePageApp
from server.metrics import Metrics, MetricsHook
from server.rooms.fanout import Fanout, Publish
from server.rooms.hooks import Hook, HookChain
from server.rooms.manager import RoomManager, RoomPolicy
from server.rooms.persistence import Persistence, Snapshots
from server.rooms.room import RoomLimits
from server.settings import Settings
from server.video.stream import StreamService, browser_origins, browser_video_url
from server.ws.limits import SocketCounter
from server.ws.signal import SignalHub, SignalLimits
from server.ws.yjs import YjsEndpoint

log = logging.getLogger("codesync")

VERSION = "0.1.0"
_DEFAULT_WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"


def redact(url: str) -> str:
    """A database URL without its password, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def api_endpoints() -> list[Endpoint]:
    """Every REST endpoint, in the order the OpenAPI document lists them."""
    return [
        *health.api.endpoints,
        *accounts.api.endpoints,
        *sessions.api.endpoints,
        *invites.api.endpoints,
        *problems.api.endpoints,
        *scorecards.api.endpoints,
        *export.api.endpoints,
    ]


def create_app(
    settings: Settings,
    *,
    authorizer: Authorizer | None = None,
    hooks: tuple[Hook, ...] = (),
    limits: Limits | None = None,
) -> Starlette:
    """`authorizer` replaces the session-based websocket check (tests of the rooms core);
    `hooks` go at the end of the room hook chain."""
    settings = settings.with_secret()
    logs.redact_server_logs()  # room tokens and invites travel in query strings
    backend = open_backend(settings.store_url)
    store = backend.updates
    tokens = TokenIssuer(settings.secret_key)
    oidc = None
    if settings.oidc_jwks_url and settings.oidc_issuer and settings.oidc_audience:
        oidc = OIDCVerifier(settings.oidc_jwks_url, settings.oidc_issuer, settings.oidc_audience)
    identities = IdentityResolver(backend.directory, tokens, oidc)
    metrics = Metrics()
    fanout: Fanout | None = None
    if settings.redis_url:
        from server.fanout.redis import RedisFanout  # redis is imported only when configured

        fanout = RedisFanout(settings.redis_url, on_lag=metrics.on_redis)
    chain = HookChain()  # filled below, in the order its hooks run
    committer = GroupCommitter(store, on_commit=chain.committed)
    manager = RoomManager(
        store,
        committer,
        chain,
        RoomPolicy(
            unload_after_s=settings.room_unload_after_s,
            remote_awareness_ttl_s=settings.remote_awareness_ttl_s,
            limits=RoomLimits(max_document_bytes=settings.max_document_bytes),
        ),
        fanout=fanout,
    )
    limits = limits or Limits(sockets_per_address=settings.sockets_per_address)
    stream = None
    if settings.stream_api_key and settings.stream_api_secret:
        stream = StreamService(
            settings.stream_api_key,
            settings.stream_api_secret,
            video_url=settings.stream_video_url,
            chat_url=settings.stream_chat_url,
        )
    stream_origins = (
        browser_origins(browser_video_url(settings.stream_video_url), settings.stream_chat_url)
        if stream
        else ()
    )
    services = Services(
        settings=settings,
        directory=backend.directory,
        updates=store,
        problems=backend.problems,
        scorecards=backend.scorecards,
        tokens=tokens,
        identities=identities,
        rooms=manager,
        limits=limits,
        stream=stream,
    )
    room_access = authorizer or SessionAuthorizer(
        backend.directory, tokens, identities, public_url=settings.base_url
    )
    sockets = SocketCounter(limits.sockets_per_session, limits.sockets_per_address)
    yjs = YjsEndpoint(
        manager,
        room_access,
        max_message_bytes=settings.max_message_bytes,
        max_queued_bytes=settings.max_queued_bytes,
        sockets=sockets,
        metrics=metrics,
    )
    signal = SignalHub(
        room_access,
        sockets,
        settings.ice_servers,
        SignalLimits(
            max_queued_bytes=settings.signal_max_queued_bytes,
            messages_per_s=settings.signal_messages_per_s,
            message_burst=settings.signal_message_burst,
            bytes_per_s=settings.signal_bytes_per_s,
            byte_burst=settings.signal_byte_burst,
        ),
    )
    # The room hook chain, in order: store first (what anyone else sees is queued for the
    # store), then the other processes, snapshots (they count what was stored), metrics, the
    # signalling sockets (closed with a room's peers), and whatever the caller adds.
    chain.add(Persistence(committer))
    if fanout is not None:
        chain.add(Publish(fanout))
    chain.add(Snapshots(store, every=settings.snapshot_every, shared=fanout is not None))
    chain.add(MetricsHook(metrics))
    chain.add(signal)
    for hook in hooks:
        chain.add(hook)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await backend.open()
        committer.start()
        if fanout is not None:
            await fanout.start()
        retention = None
        if settings.retention_days is not None:
            retention = asyncio.create_task(
                export.retention_loop(services, settings.retention_days), name="retention"
            )
        log.info("store %s open at %s", backend.kind, redact(settings.store_url))
        try:
            yield
        finally:
            if retention is not None:
                retention.cancel()
            # Order matters: stop the rooms (their updates are queued by then), tell the
            # other processes, drain the queue into the store, and only then close it.
            await manager.aclose()
            if fanout is not None:
                await fanout.aclose()
            await committer.aclose()
            await backend.close()
            if stream is not None:
                stream.close()
            log.info("all updates durable; store closed")

    endpoints = api_endpoints()
    document = openapi_document(endpoints, VERSION)

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(document)

    async def prometheus(request: Request) -> Response:
        return Response(metrics.render(), media_type="text/plain; version=0.0.4")

    routes: list[BaseRoute] = [
        Route("/api/openapi.json", openapi),
        Route("/metrics", prometheus),
        *Api.of(endpoints).starlette_routes(services),
        WebSocketRoute("/yjs/{session_id}/{doc}", yjs.handle),
        WebSocketRoute("/signal/{session_id}", signal.handle),
    ]
    web_dist = settings.web_dist or _DEFAULT_WEB_DIST
    if (web_dist / "index.html").exists():
        routes.append(SinglePageApp(web_dist).route())

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            # Answers the build did not compress already (the API's JSON, index.html).
            Middleware(GZipMiddleware, minimum_size=1024),
            Middleware(SecurityHeaders, connect_extra=stream_origins),
        ],
        exception_handlers={HTTPException: http_exception, Exception: server_error},
    )
    app.state.settings = settings
    app.state.backend = backend
    app.state.store = store
    app.state.directory = backend.directory
    app.state.committer = committer
    app.state.manager = manager
    app.state.services = services
    app.state.signal = signal
    app.state.metrics = metrics
    return app
