"""The authorize step of the websockets: a room token (or the session cookie) of a
participant of that session, allowed to see that document.

A browser sends the cookie with a websocket upgrade from any page, and websockets have no
same-origin rule, so a cookie only counts when the upgrade's Origin is one of ours (the
public URL, or the host the browser reached us at). A token in the query string counts from
anywhere: a foreign page cannot read it."""

from __future__ import annotations

from urllib.parse import urlsplit

from crdt_store import Directory
from server.access import Denied, Grant, JoinRequest
from server.auth.identity import COOKIE_NAME, REMOVED, IdentityResolver
from server.auth.tokens import InvalidToken, TokenIssuer
from server.closecodes import CloseCode
from server.permissions import can_view_document


class SessionAuthorizer:
    def __init__(
        self,
        directory: Directory,
        tokens: TokenIssuer,
        identities: IdentityResolver,
        *,
        public_url: str | None = None,
    ) -> None:
        self.directory = directory
        self.tokens = tokens
        self.identities = identities
        self.public_origin = _origin(public_url) if public_url else None

    async def authorize(self, request: JoinRequest) -> Grant:
        user_id, login = await self._caller(request)
        session = await self.directory.get_session(request.session_id)
        if session is None:
            raise Denied(CloseCode.NOT_FOUND, "unknown session")
        participant = await self.directory.participant(request.session_id, user_id)
        if participant is None:
            raise Denied(CloseCode.FORBIDDEN, "not a participant of this session")
        if not can_view_document(participant.role, request.doc):
            raise Denied(CloseCode.FORBIDDEN, f"a {participant.role} cannot open {request.doc}")
        return Grant(
            user_id=participant.user_id,
            name=participant.name,
            role=participant.role,
            session_ended=session.status == "ended",
            login=login,
        )

    async def _caller(self, request: JoinRequest) -> tuple[str, str | None]:
        """Who connects, and the sign-in (token id) their credential comes from."""
        if request.token:
            try:
                claims = self.tokens.decode(request.token, "room")
            except InvalidToken as exc:
                raise Denied(CloseCode.UNAUTHORIZED, exc.reason) from None
            if claims.get("sid") != request.session_id:
                raise Denied(CloseCode.FORBIDDEN, "token for another session")
            login = claims.get("login")  # the sign-in it was fetched with
            if login is not None and await self.directory.is_token_revoked(login):
                raise Denied(CloseCode.UNAUTHORIZED, "signed out")
            return claims.sub, login
        cookie = request.cookies.get(COOKIE_NAME)
        if not cookie:
            raise Denied(CloseCode.UNAUTHORIZED, "a room token is required")
        if not self._own_origin(request):
            raise Denied(CloseCode.FORBIDDEN, "the cookie is not accepted from another origin")
        try:
            identity = await self.identities.resolve(cookie, "cookie")
        except InvalidToken as exc:
            # A removed guest gets 4403 like a removed participant: a fresh token cannot help.
            code = CloseCode.FORBIDDEN if exc.reason == REMOVED else CloseCode.UNAUTHORIZED
            raise Denied(code, exc.reason) from None
        if identity.kind == "guest" and identity.session_id != request.session_id:
            raise Denied(CloseCode.FORBIDDEN, "token for another session")
        return identity.user_id, identity.jti

    def _own_origin(self, request: JoinRequest) -> bool:
        if request.origin is None:
            return False  # browsers always send Origin on an upgrade; refuse, like CSRF
        allowed = {self.public_origin}
        if request.host:
            allowed |= {f"http://{request.host}", f"https://{request.host}"}
        return _origin(request.origin) in allowed


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()
