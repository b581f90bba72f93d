"""A small declarative layer over Starlette: each endpoint states who may call it and what
body it takes; one wrapper enforces both, and the same table feeds the OpenAPI document
and the authorization-matrix test."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server import permissions
from server.auth.identity import COOKIE_NAME, REMOVED, Identity
from server.auth.tokens import InvalidToken
from server.http.context import Ctx, Services
from server.http.errors import error_response

# Who may call an endpoint. Session-scoped rules read the {session_id} path parameter.
Auth = Literal[
    "anyone",  # no sign-in needed (an invalid token is ignored)
    "signed_in",  # an interviewer account or a guest
    "interviewer",  # an interviewer account
    "participant",  # any participant of the session
    "session_interviewer",  # the host or a panel interviewer of the session
    "host",  # the host of the session
]
SESSION_RULES: frozenset[Auth] = frozenset({"participant", "session_interviewer", "host"})
Handler = Callable[[Ctx], Awaitable[Any]]

MAX_BODY_BYTES = 64 * 1024
REMOVED_MESSAGE = "You were removed from this interview; ask the interviewer for a new invite."
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    summary: str
    auth: Auth
    handler: Handler
    body: type[BaseModel] | None
    status: int
    tag: str
    # Answers of the handler itself beyond the ones every endpoint of its kind can give
    # (bad body, not signed in, not allowed, unknown session): status -> when. The OpenAPI
    # document lists them, so they are part of the contract.
    errors: Mapping[int, str]


class Api:
    def __init__(self) -> None:
        self.endpoints: list[Endpoint] = []

    @classmethod
    def of(cls, endpoints: list[Endpoint]) -> Api:
        table = cls()
        table.endpoints = list(endpoints)
        return table

    def route(
        self,
        method: str,
        path: str,
        *,
        auth: Auth,
        summary: str,
        tag: str,
        body: type[BaseModel] | None = None,
        status: int = 200,
        errors: Mapping[int, str] | None = None,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.endpoints.append(
                Endpoint(method, path, summary, auth, handler, body, status, tag, errors or {})
            )
            return handler

        return register

    def starlette_routes(self, services: Services) -> list[Route]:
        by_path: dict[str, dict[str, Endpoint]] = {}
        for endpoint in self.endpoints:
            by_path.setdefault(endpoint.path, {})[endpoint.method] = endpoint
        return [
            Route(path, _dispatcher(methods, services), methods=list(methods))
            for path, methods in by_path.items()
        ]


def _dispatcher(
    methods: dict[str, Endpoint], services: Services
) -> Callable[[Request], Awaitable[Response]]:
    async def dispatch(request: Request) -> Response:
        endpoint = methods[request.method if request.method != "HEAD" else "GET"]
        try:
            ctx = await _prepare(endpoint, request, services)
            result = await endpoint.handler(ctx)
        except ApiError as error:
            response = error_response(error.status, error.code, error.message)
            response.headers.update(error.headers)
            return response
        if isinstance(result, Response):
            return result
        return JSONResponse(result, status_code=endpoint.status)

    return dispatch


async def _prepare(endpoint: Endpoint, request: Request, services: Services) -> Ctx:
    identity, failure = await _identify(request, services)
    if endpoint.auth != "anyone" and identity is None:
        if failure == REMOVED:  # 403, not 401: signing in again would not help
            raise ApiError(403, "removed_from_session", REMOVED_MESSAGE)
        message = {
            "token expired": "Your sign-in has expired; please sign in again.",
            "signed out": "You have signed out; please sign in again.",
        }.get(failure or "", "Please sign in first.")
        raise ApiError(401, "not_signed_in", message)
    if request.method not in _SAFE_METHODS:
        _check_origin(request, services, identity)
    if endpoint.auth == "interviewer" and (identity is None or identity.kind != "user"):
        raise ApiError(403, "forbidden", "Only interviewers with an account can do this.")
    ctx = Ctx(request, services, identity)
    if endpoint.auth in SESSION_RULES:
        await _load_session(ctx, endpoint.auth)
    if endpoint.body is not None:
        ctx.body = await _parse_body(request, endpoint.body)
    return ctx


def presented_token(request: Request) -> tuple[str, Literal["cookie", "bearer"]] | None:
    """The token the caller sent (a bearer header wins over the cookie), unchecked."""
    header = request.headers.get("authorization", "")
    scheme, _, bearer = header.partition(" ")
    if scheme.lower() == "bearer" and bearer.strip():
        return bearer.strip(), "bearer"
    if cookie := request.cookies.get(COOKIE_NAME):
        return cookie, "cookie"
    return None


async def _identify(request: Request, services: Services) -> tuple[Identity | None, str | None]:
    presented = presented_token(request)
    if presented is None:
        return None, None
    token, via = presented
    try:
        return await services.identities.resolve(token, via), None
    except InvalidToken as exc:
        return None, exc.reason


def _check_origin(request: Request, services: Services, identity: Identity | None) -> None:
    """CSRF: a state change carried by the cookie must come from our own pages."""
    origin = request.headers.get("origin")
    if origin is None:
        if identity is not None and identity.via == "cookie":
            raise ApiError(403, "csrf_rejected", "Cross-site request refused (no Origin header).")
        return
    allowed = {_origin(services.settings.base_url), f"{request.url.scheme}://{request.url.netloc}"}
    if _origin(origin) not in allowed:
        raise ApiError(403, "csrf_rejected", "Cross-site request refused.")


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # not even a URL ("http://["): matches no allowed origin
        return ""
    return f"{parts.scheme}://{parts.netloc}"


async def _load_session(ctx: Ctx, rule: Auth) -> None:
    session_id = ctx.request.path_params["session_id"]
    session = await ctx.services.directory.get_session(session_id)
    if session is None:
        raise ApiError(404, "session_not_found", "No such interview session.")
    me = ctx.me()
    if me.kind == "guest" and me.session_id != session_id:
        raise ApiError(403, "forbidden", "You are not a participant of this session.")
    ctx.session = session
    ctx.participant = await ctx.services.directory.participant(session_id, me.user_id)
    role = ctx.role
    allowed = {
        "participant": permissions.can_view_session(role),
        "session_interviewer": permissions.can_read_history(role),
        "host": permissions.can_manage_session(role),
    }[rule]
    if not allowed:
        if role is None:
            raise ApiError(403, "forbidden", "You are not a participant of this session.")
        raise ApiError(403, "forbidden", f"A {role} of this session cannot do this.")


async def _parse_body(request: Request, model: type[BaseModel]) -> BaseModel:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "too_large", f"Request body larger than {MAX_BODY_BYTES} bytes.")
    try:
        data = json.loads(raw or b"null")
    except (ValueError, RecursionError):  # RecursionError: deeply nested JSON
        raise ApiError(400, "invalid_json", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_request", "The request body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'body'}: {error['msg']}"
            for error in exc.errors()[:5]
        )
        raise ApiError(400, "invalid_request", f"Invalid request: {problems}.") from None
