"""What every API handler receives: the services, the caller, and the session in question."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request

from crdt_store import Directory, Participant, Session, UpdateStore
from crdt_store.problems import ProblemStore
from crdt_store.scorecards import ScorecardStore
from server.auth.identity import Identity, IdentityResolver
from server.auth.ratelimit import RateLimiter
from server.auth.tokens import TokenIssuer
from server.permissions import Role
from server.rooms.manager import RoomManager
from server.settings import Settings
from server.video.stream import StreamService


@dataclass(frozen=True, slots=True)
class Limits:
    """Abuse limits: beyond them a clear 429 (REST) or 4403 (websocket), never a crash."""

    participants_per_session: int = 50
    sockets_per_session: int = 200
    sockets_per_address: int = 100
    # Keyed by "email address": one address's failures never lock the owner out elsewhere.
    login_per_account: RateLimiter = field(default_factory=lambda: RateLimiter(10, 300))
    login_per_address: RateLimiter = field(default_factory=lambda: RateLimiter(50, 300))
    signup_per_address: RateLimiter = field(default_factory=lambda: RateLimiter(20, 3600))
    invites_per_host: RateLimiter = field(default_factory=lambda: RateLimiter(60, 3600))


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    directory: Directory
    updates: UpdateStore
    problems: ProblemStore
    scorecards: ScorecardStore
    tokens: TokenIssuer
    identities: IdentityResolver
    rooms: RoomManager
    limits: Limits
    stream: StreamService | None = None


@dataclass(slots=True)
class Ctx:
    request: Request
    services: Services
    identity: Identity | None
    body: BaseModel | None = None
    session: Session | None = None
    participant: Participant | None = None

    @property
    def role(self) -> Role | None:
        return self.participant.role if self.participant else None

    def me(self) -> Identity:
        assert self.identity is not None  # guaranteed by the endpoint's auth rule
        return self.identity

    def the_session(self) -> Session:
        assert self.session is not None
        return self.session

    def parsed(self, model: type[Any]) -> Any:
        assert isinstance(self.body, model)
        return self.body

    @property
    def client_address(self) -> str:
        return self.request.client.host if self.request.client else "unknown"
