from __future__ import annotations

import time
from dataclasses import replace

from crdt_store import cursor
from crdt_store.directory import (
    REVOKED_GRACE_S,
    Conflict,
    Invite,
    Participant,
    Session,
    SessionPage,
    SessionStatus,
    User,
)


class MemoryDirectory:
    def __init__(self) -> None:
        self._users: dict[str, User] = {}
        self._sessions: dict[str, Session] = {}
        self._participants: dict[str, dict[str, Participant]] = {}
        self._invites: dict[str, Invite] = {}
        self._revoked: dict[str, float] = {}

    async def create_user(self, user: User) -> None:
        email = user.email.lower()
        for existing in self._users.values():
            if existing.id == user.id or existing.email == email:
                raise Conflict("user exists")
            if user.external_id is not None and existing.external_id == user.external_id:
                raise Conflict("user exists")
        self._users[user.id] = replace(user, email=email)

    async def user_by_id(self, user_id: str) -> User | None:
        return self._users.get(user_id)

    async def user_by_email(self, email: str) -> User | None:
        email = email.lower()
        return next((u for u in self._users.values() if u.email == email), None)

    async def user_by_external_id(self, external_id: str) -> User | None:
        return next((u for u in self._users.values() if u.external_id == external_id), None)

    async def create_session(self, session: Session, host: Participant) -> None:
        if session.id in self._sessions:
            raise Conflict("session exists")
        self._sessions[session.id] = session
        self._participants[session.id] = {host.user_id: host}

    async def get_session(self, session_id: str) -> Session | None:
        return self._sessions.get(session_id)

    async def end_session(self, session_id: str, ended_at: float) -> Session | None:
        session = self._sessions.get(session_id)
        if session is None:
            return None
        if session.status != "ended":
            session = replace(session, status="ended", ended_at=ended_at)
            self._sessions[session_id] = session
        return session

    async def sessions_of(
        self,
        user_id: str,
        *,
        status: SessionStatus | None = None,
        limit: int = 20,
        before: str | None = None,
    ) -> SessionPage:
        position = cursor.decode(before) if before else None
        mine = [
            s
            for s in self._sessions.values()
            if user_id in self._participants.get(s.id, {})
            and (status is None or s.status == status)
            and (position is None or cursor.is_older(s, position))
        ]
        mine.sort(key=lambda s: (s.created_at, s.id), reverse=True)
        page = mine[:limit]
        more = len(mine) > limit
        return SessionPage(page, cursor.encode(page[-1]) if more and page else None)

    async def delete_session(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)
        self._participants.pop(session_id, None)
        for invite_id in [i.id for i in self._invites.values() if i.session_id == session_id]:
            del self._invites[invite_id]

    async def sessions_ended_before(self, cutoff: float, limit: int = 100) -> list[Session]:
        ended = [
            s
            for s in self._sessions.values()
            if s.status == "ended" and s.ended_at is not None and s.ended_at < cutoff
        ]
        return sorted(ended, key=lambda s: (s.ended_at or 0.0, s.id))[:limit]

    async def add_participant(self, participant: Participant) -> Participant:
        members = self._participants.setdefault(participant.session_id, {})
        return members.setdefault(participant.user_id, participant)

    async def participant(self, session_id: str, user_id: str) -> Participant | None:
        return self._participants.get(session_id, {}).get(user_id)

    async def participants(self, session_id: str) -> list[Participant]:
        return list(self._participants.get(session_id, {}).values())

    async def remove_participant(self, session_id: str, user_id: str) -> bool:
        return self._participants.get(session_id, {}).pop(user_id, None) is not None

    async def create_invite(self, invite: Invite) -> None:
        if invite.id in self._invites:
            raise Conflict("invite exists")
        self._invites[invite.id] = invite

    async def get_invite(self, invite_id: str) -> Invite | None:
        return self._invites.get(invite_id)

    async def invites_of(self, session_id: str) -> list[Invite]:
        return [i for i in self._invites.values() if i.session_id == session_id]

    async def claim_invite(self, invite_id: str, redeemer: str, at: float) -> Invite | None:
        invite = self._invites.get(invite_id)
        if invite is None:
            return None
        if invite.redeemed_by is None:
            invite = replace(invite, redeemed_by=redeemer, redeemed_at=at)
            self._invites[invite_id] = invite
        return invite if invite.redeemed_by == redeemer else None

    async def revoke_invite(self, invite_id: str, at: float) -> bool:
        invite = self._invites.get(invite_id)
        if invite is None:
            return False
        if invite.revoked_at is None:
            self._invites[invite_id] = replace(invite, revoked_at=at)
        return True

    async def revoke_token(self, jti: str, expires_at: float) -> None:
        horizon = time.time() - REVOKED_GRACE_S
        self._revoked = {j: exp for j, exp in self._revoked.items() if exp >= horizon}
        self._revoked[jti] = expires_at

    async def is_token_revoked(self, jti: str) -> bool:
        return jti in self._revoked
