"""The opaque cursor of session pages: newest first, ties broken by id."""

from __future__ import annotations

from crdt_store.directory import Session


class BadCursor(ValueError):
    pass


def encode(session: Session) -> str:
    return f"{session.created_at!r}:{session.id}"


def decode(cursor: str) -> tuple[float, str]:
    created_at, sep, session_id = cursor.partition(":")
    try:
        if not sep:
            raise ValueError
        return float(created_at), session_id
    except ValueError:
        raise BadCursor(f"invalid page cursor {cursor!r}") from None


def is_older(session: Session, cursor: tuple[float, str]) -> bool:
    return (session.created_at, session.id) < cursor
