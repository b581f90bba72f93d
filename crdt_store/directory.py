"""Accounts, interview sessions, participants and invites: the records and their protocol.

Backend-neutral on purpose: the SQLite, memory and (later) MongoDB backends implement the
same `Directory`, and `tests/crdt_store/test_directory_contract.py` holds them to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Role = Literal["host", "interviewer", "candidate", "observer"]
SessionStatus = Literal["active", "ended"]


class Conflict(Exception):
    """A uniqueness rule was broken (an email already registered, an id reused)."""


@dataclass(frozen=True, slots=True)
class User:
    id: str
    email: str  # stored lower-cased; unique
    name: str
    password_hash: str | None  # None for accounts provisioned from an identity provider
    created_at: float
    external_id: str | None = None  # "<issuer>|<subject>" for identity-provider accounts


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    title: str
    host_id: str
    status: SessionStatus
    created_at: float
    ended_at: float | None = None
    problem_id: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    session_id: str
    user_id: str  # an account id, or a guest id for a candidate or observer without account
    name: str
    role: Role
    joined_at: float
    guest: bool = False


@dataclass(frozen=True, slots=True)
class Invite:
    id: str
    session_id: str
    role: Role
    created_by: str
    created_at: float
    expires_at: float
    revoked_at: float | None = None
    redeemed_by: str | None = None  # set once, by the first redeemer of a candidate invite
    redeemed_at: float | None = None


@dataclass(frozen=True, slots=True)
class SessionPage:
    sessions: list[Session]
    next_before: str | None  # opaque cursor for the next (older) page, None at the end


# How long past its token's expiry a revocation is kept (clock skew between servers).
REVOKED_GRACE_S = 24 * 3600.0


class Directory(Protocol):
    # -- accounts -------------------------------------------------------------------------
    async def create_user(self, user: User) -> None:
        """Raises Conflict if the id, the email or the external id is taken."""
        ...

    async def user_by_id(self, user_id: str) -> User | None: ...

    async def user_by_email(self, email: str) -> User | None:
        """Case-insensitive."""
        ...

    async def user_by_external_id(self, external_id: str) -> User | None: ...

    # -- sessions -------------------------------------------------------------------------
    async def create_session(self, session: Session, host: Participant) -> None:
        """The session and its host participant, together."""
        ...

    async def get_session(self, session_id: str) -> Session | None: ...

    async def end_session(self, session_id: str, ended_at: float) -> Session | None:
        """Mark ended (idempotent: a second call keeps the first ended_at); None if unknown."""
        ...

    async def sessions_of(
        self,
        user_id: str,
        *,
        status: SessionStatus | None = None,
        limit: int = 20,
        before: str | None = None,
    ) -> SessionPage:
        """Sessions the user takes part in (any role, not removed), newest first."""
        ...

    async def delete_session(self, session_id: str) -> None:
        """The session, its participants and invites (not its documents: see UpdateStore)."""
        ...

    async def sessions_ended_before(self, cutoff: float, limit: int = 100) -> list[Session]:
        """Ended sessions with `ended_at < cutoff`, oldest first (for retention)."""
        ...

    # -- participants ---------------------------------------------------------------------
    async def add_participant(self, participant: Participant) -> Participant:
        """Add, or return the existing participant of that user (its role is kept)."""
        ...

    async def participant(self, session_id: str, user_id: str) -> Participant | None: ...

    async def participants(self, session_id: str) -> list[Participant]:
        """In joining order."""
        ...

    async def remove_participant(self, session_id: str, user_id: str) -> bool: ...

    # -- invites --------------------------------------------------------------------------
    async def create_invite(self, invite: Invite) -> None: ...

    async def get_invite(self, invite_id: str) -> Invite | None: ...

    async def invites_of(self, session_id: str) -> list[Invite]: ...

    async def claim_invite(self, invite_id: str, redeemer: str, at: float) -> Invite | None:
        """Atomically bind an unclaimed invite to `redeemer`.

        Returns the invite if it is now (or already was) bound to `redeemer`; None if another
        redeemer holds it or it does not exist. Used for single-use candidate invites.
        """
        ...

    async def revoke_invite(self, invite_id: str, at: float) -> bool: ...

    # -- revoked tokens (logout) ----------------------------------------------------------
    async def revoke_token(self, jti: str, expires_at: float) -> None:
        """Remember `jti` as revoked until `expires_at` (its token's expiry) has long passed.
        Entries of tokens expired more than REVOKED_GRACE_S ago are dropped: such tokens fail
        their own expiry check, so the table stays as small as the live sign-ins."""
        ...

    async def is_token_revoked(self, jti: str) -> bool: ...
