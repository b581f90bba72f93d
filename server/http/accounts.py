"""Interviewer accounts: sign up, log in, log out, me."""

from __future__ import annotations

import math
import time
from typing import Any

from starlette.responses import JSONResponse, Response

from crdt_store import Conflict, User
from server.auth.identity import COOKIE_NAME, HINT_COOKIE_NAME, new_id
from server.auth.passwords import hash_password, verify_password
from server.auth.tokens import ACCESS_TTL
from server.closecodes import CloseCode
from server.http.api import Api, ApiError
from server.http.context import Ctx
from server.http.schemas import LogIn, SignUp
from server.http.views import user_view

api = Api()


def signed_in(ctx: Ctx, user: User, status: int) -> Response:
    token, _ = ctx.services.tokens.issue("access", user.id, ACCESS_TTL)
    response = JSONResponse({"user": user_view(user), "token": token}, status_code=status)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=ACCESS_TTL,
        httponly=True,
        samesite="lax",
        secure=ctx.services.settings.env == "production",
        path="/",
    )
    response.set_cookie(
        HINT_COOKIE_NAME,
        "1",
        max_age=ACCESS_TTL,
        samesite="lax",
        secure=ctx.services.settings.env == "production",
        path="/",
    )
    return response


def _limited(retry_after: float) -> ApiError:
    seconds = max(1, math.ceil(retry_after))
    return ApiError(
        429,
        "rate_limited",
        f"Too many attempts; try again in {seconds} seconds.",
        {"Retry-After": str(seconds)},
    )


@api.route(
    "POST",
    "/api/auth/signup",
    errors={
        409: "signup_refused: the email cannot be used (sign in instead)",
        429: "rate_limited: too many sign-ups from this address (Retry-After)",
        403: "csrf_rejected: a foreign Origin",
    },
    auth="anyone",
    body=SignUp,
    status=201,
    summary="Create an interviewer account and sign in",
    tag="accounts",
)
async def signup(ctx: Ctx) -> Response:
    body: SignUp = ctx.parsed(SignUp)
    limiter = ctx.services.limits.signup_per_address
    if wait := limiter.retry_after(ctx.client_address):
        raise _limited(wait)
    limiter.hit(ctx.client_address)
    user = User(
        id=new_id("usr"),
        email=body.email,
        name=body.name,
        password_hash=await hash_password(body.password),
        created_at=time.time(),
    )
    try:
        await ctx.services.directory.create_user(user)
    except Conflict:
        # Without mail we cannot answer "check your inbox" for both cases, so an existing
        # email behaves as far as possible like a new one: the right password signs its owner
        # in with the same 201; anything else gets a refusal that does not say the account
        # exists (and costs the same argon2 verify). The per-address signup limit bounds
        # how many emails a stranger can probe.
        existing = await ctx.services.directory.user_by_email(body.email)
        if await verify_password(existing.password_hash if existing else None, body.password):
            assert existing is not None
            return signed_in(ctx, existing, 201)
        raise ApiError(
            409,
            "signup_refused",
            "This account cannot be created. If you already have one, sign in instead.",
        ) from None
    return signed_in(ctx, user, 201)


@api.route(
    "POST",
    "/api/auth/login",
    errors={
        401: "invalid_credentials: wrong email or password",
        429: "rate_limited: too many failures (Retry-After)",
        403: "csrf_rejected: a foreign Origin",
    },
    auth="anyone",
    body=LogIn,
    summary="Sign in with email and password",
    tag="accounts",
)
async def login(ctx: Ctx) -> Response:
    body: LogIn = ctx.parsed(LogIn)
    limits = ctx.services.limits
    # Failures count per (account, address), not per account: a stranger's wrong passwords
    # lock out only the stranger's address, never the owner at theirs. The per-address limit
    # (higher, over all emails) bounds guessing across many accounts from one address.
    address_key = ctx.client_address
    account_key = f"{body.email.lower()} {address_key}"
    wait = max(
        limits.login_per_account.retry_after(account_key),
        limits.login_per_address.retry_after(address_key),
    )
    if wait:
        raise _limited(wait)
    user = await ctx.services.directory.user_by_email(body.email)
    if not await verify_password(user.password_hash if user else None, body.password):
        limits.login_per_account.hit(account_key)
        limits.login_per_address.hit(address_key)
        raise ApiError(401, "invalid_credentials", "Wrong email or password.")
    assert user is not None
    limits.login_per_account.reset(account_key)
    return signed_in(ctx, user, 200)


@api.route(
    "POST",
    "/api/auth/logout",
    auth="signed_in",
    summary="Sign out: revoke this token and clear the cookie",
    tag="accounts",
)
async def logout(ctx: Ctx) -> Response:
    me = ctx.me()
    if me.jti is not None and me.expires_at is not None:
        await ctx.services.directory.revoke_token(me.jti, me.expires_at)
        # Websockets opened with this sign-in (its cookie or its room tokens) end too.
        ctx.services.rooms.disconnect_login(me.jti, CloseCode.UNAUTHORIZED, "signed out")
    response = JSONResponse({"signed_out": True})
    response.delete_cookie(COOKIE_NAME, path="/")
    response.delete_cookie(HINT_COOKIE_NAME, path="/")
    return response


@api.route("GET", "/api/me", auth="signed_in", summary="Who am I", tag="accounts")
async def me(ctx: Ctx) -> dict[str, Any]:
    identity = ctx.me()
    if identity.kind == "guest":
        return {
            "kind": "guest",
            "user": {"id": identity.user_id, "name": identity.name},
            "session_id": identity.session_id,
        }
    user = await ctx.services.directory.user_by_id(identity.user_id)
    if user is None:
        raise ApiError(401, "not_signed_in", "This account no longer exists.")
    return {"kind": "user", "user": user_view(user)}
