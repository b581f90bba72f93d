"""Who is calling: resolve a cookie or bearer token into an Identity (or a clear refusal)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Literal

import jwt

from crdt_store import Conflict, Directory, User
from server.auth.oidc import OIDCVerifier
from server.auth.revocation import guest_key
from server.auth.tokens import Claims, InvalidToken, TokenIssuer

COOKIE_NAME = "codesync_session"
# Readable by the page (the session cookie is HttpOnly): "a sign-in may be here", so that a
# page without one does not ask /api/me for a 401. Holds nothing secret; never trusted.
HINT_COOKIE_NAME = "codesync_signed_in"
REMOVED = "removed from the session"  # why a removed guest's token is refused


@dataclass(frozen=True, slots=True)
class Identity:
    kind: Literal["user", "guest"]
    user_id: str
    name: str
    session_id: str | None  # a guest belongs to exactly one session
    jti: str | None
    expires_at: float | None
    via: Literal["cookie", "bearer"]


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(12)}"


class IdentityResolver:
    def __init__(
        self, directory: Directory, tokens: TokenIssuer, oidc: OIDCVerifier | None
    ) -> None:
        self.directory = directory
        self.tokens = tokens
        self.oidc = oidc

    async def resolve(self, token: str, via: Literal["cookie", "bearer"]) -> Identity:
        """Raises InvalidToken with a reason a user can act on."""
        try:
            claims = self.tokens.decode(token, ("access", "guest"))
        except InvalidToken as ours:
            if self.oidc is not None and via == "bearer" and _looks_asymmetric(token):
                return await self._external(token)
            raise ours
        if await self.directory.is_token_revoked(claims.jti):
            raise InvalidToken("signed out")
        if claims.typ == "guest" and await self.directory.is_token_revoked(guest_key(claims.sub)):
            raise InvalidToken(REMOVED)
        return await self._from_claims(claims, via)

    async def _from_claims(self, claims: Claims, via: Literal["cookie", "bearer"]) -> Identity:
        if claims.typ == "guest":
            session_id = claims.get("sid")
            if session_id is None:
                raise InvalidToken("token invalid")
            return Identity(
                "guest",
                claims.sub,
                claims.get("name") or "Guest",
                session_id,
                claims.jti,
                claims.exp,
                via,
            )
        user = await self.directory.user_by_id(claims.sub)
        if user is None:
            raise InvalidToken("account no longer exists")
        return Identity("user", user.id, user.name, None, claims.jti, claims.exp, via)

    async def _external(self, token: str) -> Identity:
        assert self.oidc is not None
        try:
            external = await self.oidc.verify(token)
        except (jwt.PyJWTError, jwt.PyJWKClientError):
            raise InvalidToken("token invalid") from None
        user = await self.directory.user_by_external_id(external.external_id)
        if user is None:
            user = await self._provision(
                external.external_id, external.email, external.name or "Interviewer"
            )
        return Identity("user", user.id, user.name, None, None, None, "bearer")

    async def _provision(self, external_id: str, email: str | None, name: str) -> User:
        user = User(
            id=new_id("usr"),
            email=(email or f"{secrets.token_hex(8)}@external.invalid").lower(),
            name=name,
            password_hash=None,
            created_at=time.time(),
            external_id=external_id,
        )
        try:
            await self.directory.create_user(user)
        except Conflict:
            # A concurrent first request provisioned it, or the email is taken by a
            # password account: fall back to whatever now holds this external id.
            existing = await self.directory.user_by_external_id(external_id)
            if existing is None:
                raise InvalidToken("an account with this email already exists") from None
            return existing
        return user


def _looks_asymmetric(token: str) -> bool:
    try:
        return jwt.get_unverified_header(token).get("alg") in ("RS256", "ES256")
    except jwt.PyJWTError:
        return False
