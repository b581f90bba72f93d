"""Our own JWTs: HS256 with CODESYNC_SECRET_KEY, algorithm pinned on decode, typed by `typ`.

The `typ` claim keeps token kinds apart: a room token cannot be used as a login, an invite
cannot open a websocket.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any, Literal

import jwt

TokenType = Literal["access", "guest", "room", "invite"]

ALGORITHM = "HS256"
ISSUER = "codesync"
_REQUIRED = ["exp", "iat", "jti", "sub", "typ", "iss"]

# Lifetimes, in seconds.
ACCESS_TTL = 7 * 24 * 3600  # an interviewer's sign-in
GUEST_TTL = 3 * 24 * 3600  # a candidate or observer bound to one session
ROOM_TTL = 10 * 60  # websockets: fetched right before connecting, refreshed by the client
INVITE_TTL = 7 * 24 * 3600


class InvalidToken(Exception):
    """Missing, malformed, forged, expired, revoked or of the wrong type."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Claims:
    typ: TokenType
    sub: str
    jti: str
    exp: float
    iat: float
    extra: dict[str, Any]

    def get(self, name: str) -> str | None:
        value = self.extra.get(name)
        return value if isinstance(value, str) else None


class TokenIssuer:
    def __init__(self, secret: str) -> None:
        self._secret = secret

    def issue(
        self, typ: TokenType, sub: str, ttl: int, *, jti: str | None = None, **extra: str
    ) -> tuple[str, Claims]:
        now = int(time.time())
        claims = Claims(
            typ=typ,
            sub=sub,
            jti=jti or secrets.token_urlsafe(16),
            exp=now + ttl,
            iat=now,
            extra=dict(extra),
        )
        payload = {
            **extra,
            "typ": typ,
            "sub": sub,
            "jti": claims.jti,
            "exp": now + ttl,
            "iat": now,
            "iss": ISSUER,
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM), claims

    def decode(self, token: str, expected: TokenType | tuple[TokenType, ...]) -> Claims:
        allowed = (expected,) if isinstance(expected, str) else expected
        try:
            # Pinned to HS256: "none", RS256 with our secret as a public key, and every other
            # algorithm are refused by PyJWT before the signature is even considered.
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": _REQUIRED},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("token expired") from None
        except jwt.PyJWTError:
            raise InvalidToken("token invalid") from None
        typ = payload.pop("typ")
        if typ not in allowed:
            raise InvalidToken("wrong kind of token")
        base = {name: payload.pop(name) for name in ("sub", "jti", "exp", "iat")}
        payload.pop("iss", None)
        return Claims(typ=typ, extra=payload, **base)
