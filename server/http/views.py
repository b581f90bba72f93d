"""JSON shapes of the API's records (one place, so every route answers alike)."""

from __future__ import annotations

from typing import Any

from crdt_store import Invite, Participant, Session, User


def user_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name, "created_at": user.created_at}


def participant_view(participant: Participant) -> dict[str, Any]:
    return {
        "user_id": participant.user_id,
        "name": participant.name,
        "role": participant.role,
        "guest": participant.guest,
        "joined_at": participant.joined_at,
    }


def session_view(
    session: Session,
    participants: list[Participant] | None = None,
    role: str | None = None,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": session.id,
        "title": session.title,
        "status": session.status,
        "host_id": session.host_id,
        "problem_id": session.problem_id,
        "language": session.language,
        "created_at": session.created_at,
        "ended_at": session.ended_at,
    }
    if participants is not None:
        view["participants"] = [participant_view(p) for p in participants]
        candidates = [p.name for p in participants if p.role == "candidate"]
        view["candidate"] = candidates[0] if candidates else None
    if role is not None:
        view["role"] = role
    return view


def invite_view(invite: Invite) -> dict[str, Any]:
    return {
        "id": invite.id,
        "role": invite.role,
        "created_at": invite.created_at,
        "expires_at": invite.expires_at,
        "revoked": invite.revoked_at is not None,
        "used": invite.redeemed_by is not None,
    }
