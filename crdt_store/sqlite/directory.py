from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

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
from crdt_store.sqlite.connection import SQLiteConnection, transaction

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")
R = TypeVar("R", User, Session, Invite)

# No foreign keys: like the memory backend, participants and invites do not require their
# session to exist, and participants' user ids may be guests' ids that are not accounts.
# `participants.seq` is the joining order (rowids are not stable across VACUUM).
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    created_at REAL NOT NULL,
    external_id TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    host_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at REAL NOT NULL,
    ended_at REAL,
    problem_id TEXT,
    language TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_created ON sessions (created_at, id);
CREATE TABLE IF NOT EXISTS participants (
    session_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    joined_at REAL NOT NULL,
    guest INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX IF NOT EXISTS participants_by_user ON participants (user_id, session_id);
CREATE TABLE IF NOT EXISTS invites (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL,
    redeemed_by TEXT,
    redeemed_at REAL
);
CREATE INDEX IF NOT EXISTS invites_by_session ON invites (session_id, created_at);
CREATE TABLE IF NOT EXISTS revoked_tokens (
    jti TEXT PRIMARY KEY,
    expires_at REAL NOT NULL
)
"""


def _columns(record: type[DataclassInstance], prefix: str = "") -> str:
    return ", ".join(prefix + field.name for field in fields(record))


# Column lists follow the records' field order, so rows and records convert positionally.
_USER = _columns(User)
_SESSION = _columns(Session)
_PARTICIPANT = _columns(Participant)
_INVITE = _columns(Invite)
# Only a broken uniqueness rule is a Conflict; any other IntegrityError is a bug.
_UNIQUENESS = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


def _insert(db: sqlite3.Connection, table: str, record: DataclassInstance, **extra: object) -> None:
    values = {**{field.name: getattr(record, field.name) for field in fields(record)}, **extra}
    marks = ", ".join("?" * len(values))
    db.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", list(values.values()))


def _record(kind: type[R], row: Any) -> R | None:
    return kind(*row) if row else None


def _participant(row: Any) -> Participant | None:
    return Participant(row[0], row[1], row[2], row[3], row[4], bool(row[5])) if row else None


class SQLiteDirectory:
    """Accounts, sessions, participants and invites in the backend's SQLite file."""

    def __init__(self, connection: SQLiteConnection) -> None:
        self._conn = connection

    async def _write(self, work: Callable[[sqlite3.Connection], T], what: str = "record") -> T:
        try:
            return await self._conn.run(lambda db: transaction(db, work))
        except sqlite3.IntegrityError as error:
            if error.sqlite_errorname in _UNIQUENESS:
                raise Conflict(f"{what} already exists") from error
            raise

    async def _one(self, sql: str, *params: object) -> Any:
        return await self._conn.run(lambda db: db.execute(sql, params).fetchone())

    async def _all(self, sql: str, *params: object) -> list[Any]:
        return await self._conn.run(lambda db: db.execute(sql, params).fetchall())

    # -- accounts -------------------------------------------------------------------------
    async def create_user(self, user: User) -> None:
        record = replace(user, email=user.email.lower())
        await self._write(lambda db: _insert(db, "users", record), "user")

    async def user_by_id(self, user_id: str) -> User | None:
        return _record(User, await self._one(f"SELECT {_USER} FROM users WHERE id = ?", user_id))

    async def user_by_email(self, email: str) -> User | None:
        sql = f"SELECT {_USER} FROM users WHERE email = ?"
        return _record(User, await self._one(sql, email.lower()))

    async def user_by_external_id(self, external_id: str) -> User | None:
        sql = f"SELECT {_USER} FROM users WHERE external_id = ?"
        return _record(User, await self._one(sql, external_id))

    # -- sessions -------------------------------------------------------------------------
    async def create_session(self, session: Session, host: Participant) -> None:
        def write(db: sqlite3.Connection) -> None:
            _insert(db, "sessions", session)
            _insert(db, "participants", replace(host, session_id=session.id), seq=1)

        await self._write(write, "session")

    async def get_session(self, session_id: str) -> Session | None:
        sql = f"SELECT {_SESSION} FROM sessions WHERE id = ?"
        return _record(Session, await self._one(sql, session_id))

    async def end_session(self, session_id: str, ended_at: float) -> Session | None:
        def write(db: sqlite3.Connection) -> Session | None:
            db.execute(
                "UPDATE sessions SET status = 'ended', ended_at = ?"
                " WHERE id = ? AND status <> 'ended'",
                (ended_at, session_id),
            )
            sql = f"SELECT {_SESSION} FROM sessions WHERE id = ?"
            return _record(Session, db.execute(sql, (session_id,)).fetchone())

        return await self._write(write)

    async def sessions_of(
        self,
        user_id: str,
        *,
        status: SessionStatus | None = None,
        limit: int = 20,
        before: str | None = None,
    ) -> SessionPage:
        sql = (
            f"SELECT {_columns(Session, 's.')} FROM participants p"
            " JOIN sessions s ON s.id = p.session_id WHERE p.user_id = ?"
        )
        params: list[object] = [user_id]
        if status is not None:
            sql += " AND s.status = ?"
            params.append(status)
        if before:
            sql += " AND (s.created_at, s.id) < (?, ?)"
            params.extend(cursor.decode(before))
        # One row more than asked tells whether an older page exists.
        sql += " ORDER BY s.created_at DESC, s.id DESC LIMIT ?"
        params.append(max(limit, 0) + 1)
        rows = await self._all(sql, *params)
        page = [Session(*row) for row in rows[:limit]]
        more = len(rows) > limit
        return SessionPage(page, cursor.encode(page[-1]) if more and page else None)

    async def delete_session(self, session_id: str) -> None:
        def write(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM participants WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM invites WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

        await self._write(write)

    async def sessions_ended_before(self, cutoff: float, limit: int = 100) -> list[Session]:
        rows = await self._all(
            f"SELECT {_SESSION} FROM sessions WHERE status = 'ended' AND ended_at < ?"
            " ORDER BY ended_at, id LIMIT ?",
            cutoff,
            limit,
        )
        return [Session(*row) for row in rows]

    # -- participants ---------------------------------------------------------------------
    async def add_participant(self, participant: Participant) -> Participant:
        p = participant

        def write(db: sqlite3.Connection) -> Any:
            db.execute(
                f"INSERT INTO participants (seq, {_PARTICIPANT}) VALUES ("
                " (SELECT COALESCE(MAX(seq), 0) + 1 FROM participants WHERE session_id = ?),"
                " ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, user_id) DO NOTHING",
                (p.session_id, p.session_id, p.user_id, p.name, p.role, p.joined_at, p.guest),
            )
            sql = f"SELECT {_PARTICIPANT} FROM participants WHERE session_id = ? AND user_id = ?"
            return db.execute(sql, (p.session_id, p.user_id)).fetchone()

        kept = _participant(await self._write(write, "participant"))
        assert kept is not None  # inserted, or already there, in the same transaction
        return kept

    async def participant(self, session_id: str, user_id: str) -> Participant | None:
        sql = f"SELECT {_PARTICIPANT} FROM participants WHERE session_id = ? AND user_id = ?"
        return _participant(await self._one(sql, session_id, user_id))

    async def participants(self, session_id: str) -> list[Participant]:
        sql = f"SELECT {_PARTICIPANT} FROM participants WHERE session_id = ? ORDER BY seq"
        rows = await self._all(sql, session_id)
        return [p for p in map(_participant, rows) if p is not None]

    async def remove_participant(self, session_id: str, user_id: str) -> bool:
        sql = "DELETE FROM participants WHERE session_id = ? AND user_id = ?"
        changed = await self._write(lambda db: db.execute(sql, (session_id, user_id)).rowcount)
        return changed > 0

    # -- invites --------------------------------------------------------------------------
    async def create_invite(self, invite: Invite) -> None:
        await self._write(lambda db: _insert(db, "invites", invite), "invite")

    async def get_invite(self, invite_id: str) -> Invite | None:
        return _record(
            Invite, await self._one(f"SELECT {_INVITE} FROM invites WHERE id = ?", invite_id)
        )

    async def invites_of(self, session_id: str) -> list[Invite]:
        sql = f"SELECT {_INVITE} FROM invites WHERE session_id = ? ORDER BY created_at, id"
        return [Invite(*row) for row in await self._all(sql, session_id)]

    async def claim_invite(self, invite_id: str, redeemer: str, at: float) -> Invite | None:
        def write(db: sqlite3.Connection) -> Invite | None:
            db.execute(
                "UPDATE invites SET redeemed_by = ?, redeemed_at = ?"
                " WHERE id = ? AND redeemed_by IS NULL",
                (redeemer, at, invite_id),
            )
            sql = f"SELECT {_INVITE} FROM invites WHERE id = ?"
            return _record(Invite, db.execute(sql, (invite_id,)).fetchone())

        invite = await self._write(write)
        return invite if invite is not None and invite.redeemed_by == redeemer else None

    async def revoke_invite(self, invite_id: str, at: float) -> bool:
        sql = "UPDATE invites SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?"
        changed = await self._write(lambda db: db.execute(sql, (at, invite_id)).rowcount)
        return changed > 0

    # -- revoked tokens (logout) ----------------------------------------------------------
    async def revoke_token(self, jti: str, expires_at: float) -> None:
        purge = "DELETE FROM revoked_tokens WHERE expires_at < ?"
        sql = (
            "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?)"
            " ON CONFLICT (jti) DO UPDATE SET expires_at = excluded.expires_at"
        )
        horizon = time.time() - REVOKED_GRACE_S

        def write(db: sqlite3.Connection) -> None:
            db.execute(purge, (horizon,))
            db.execute(sql, (jti, expires_at))

        await self._write(write)

    async def is_token_revoked(self, jti: str) -> bool:
        return await self._one("SELECT 1 FROM revoked_tokens WHERE jti = ?", jti) is not None
