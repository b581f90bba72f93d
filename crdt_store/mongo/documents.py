"""The Beanie documents: one collection per record kind, with the indexes its queries need
(created by `indexes.ensure_indexes`, not by Beanie).

Fields mirror the records in `crdt_store.directory` and `crdt_store.records`; times stay
epoch floats like everywhere else in the store, except where a TTL index needs a date.
"""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pymongo import ASCENDING, DESCENDING, IndexModel

from crdt_store.directory import Role, SessionStatus
from crdt_store.problems import Difficulty


class UserDoc(Document):
    id: str  # type: ignore[assignment]  # the account id is the primary key
    email: str
    name: str
    password_hash: str | None = None
    created_at: float
    external_id: str | None = None

    class Settings:
        name = "users"
        # Unset fields are left out, not stored as null: a sparse index skips documents
        # *without* the field, but would index (and collide on) explicit nulls.
        keep_nulls = False
        indexes = [
            IndexModel([("email", ASCENDING)], name="email_unique", unique=True),
            IndexModel(
                [("external_id", ASCENDING)], name="external_id_unique", unique=True, sparse=True
            ),
        ]


class SessionDoc(Document):
    id: str  # type: ignore[assignment]
    title: str
    host_id: str
    status: SessionStatus
    created_at: float
    ended_at: float | None = None
    problem_id: str | None = None
    language: str | None = None

    class Settings:
        name = "sessions"
        indexes = [
            # Pages of a user's sessions: `_id $in <their sessions>`, newest first.
            IndexModel([("created_at", DESCENDING), ("_id", DESCENDING)], name="newest_first"),
        ]


class ParticipantDoc(Document):
    session_id: str
    user_id: str
    order: int  # joining order within the session, from a counter (see counters.py)
    name: str
    role: Role
    joined_at: float
    guest: bool = False

    class Settings:
        name = "participants"
        indexes = [
            IndexModel(
                [("session_id", ASCENDING), ("user_id", ASCENDING)],
                name="member_unique",
                unique=True,
            ),
            IndexModel([("session_id", ASCENDING), ("order", ASCENDING)], name="joining_order"),
            # sessions_of: the sessions a user takes part in. Not (user_id, session_id):
            # Beanie compares indexes by their *sorted* fields, so it would take that for
            # member_unique and silently create only one of the two.
            IndexModel([("user_id", ASCENDING)], name="by_user"),
        ]


class InviteDoc(Document):
    id: str  # type: ignore[assignment]
    session_id: str
    role: Role
    created_by: str
    created_at: float
    expires_at: float
    revoked_at: float | None = None
    redeemed_by: str | None = None
    redeemed_at: float | None = None

    class Settings:
        name = "invites"
        indexes = [
            IndexModel(
                [("session_id", ASCENDING), ("created_at", ASCENDING), ("_id", ASCENDING)],
                name="by_session",
            ),
        ]


class RevokedTokenDoc(Document):
    id: str  # type: ignore[assignment]  # the token's jti
    expires_at: float
    purge_at: datetime  # when MongoDB's TTL monitor may drop the entry

    class Settings:
        name = "revoked_tokens"
        # MongoDB's TTL monitor drops entries past `purge_at`; FerretDB has no TTL indexes
        # (see indexes.py), where `revoke_token`'s own delete is all there is.
        indexes = [IndexModel([("purge_at", ASCENDING)], name="purge", expireAfterSeconds=0)]


class ProblemDoc(Document):
    id: str  # type: ignore[assignment]
    title: str
    difficulty: Difficulty
    tags: list[str]
    statement: str
    owner_id: str | None = None
    created_at: float
    updated_at: float
    starter_code: dict[str, str]
    function_name: dict[str, str]
    # JSON text, as in SQLite: test cases hold arbitrary JSON values, and BSON has no
    # integers beyond 64 bits and refuses keys that start with "$".
    tests_json: str

    class Settings:
        name = "problems"
        indexes = [
            IndexModel(
                [("owner_id", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
                name="by_owner_newest_first",
            ),
        ]


class ScorecardDoc(Document):
    id: str  # type: ignore[assignment]  # "<session id>|<author id>"
    session_id: str
    author_id: str
    author_name: str
    updated_at: float
    ratings: dict[str, int]
    notes: str
    recommendation: int | None = None
    submitted_at: float | None = None

    class Settings:
        name = "scorecards"
        indexes = [IndexModel([("session_id", ASCENDING)], name="by_session")]


class UpdateDoc(Document):
    """One entry of a document's update log."""

    doc: str
    seq: int
    ts: float
    author: str | None = None
    data: bytes  # the Yjs update ("update" is a method of Beanie documents)

    class Settings:
        name = "updates"
        indexes = [
            IndexModel([("doc", ASCENDING), ("seq", ASCENDING)], name="doc_seq", unique=True),
        ]


class SnapshotDoc(Document):
    id: str  # type: ignore[assignment]  # the document name: one snapshot per document
    seq: int
    ts: float
    state: bytes

    class Settings:
        name = "snapshots"


class CounterDoc(Document):
    """A named counter: `log:<doc>` for update seqs, `members:<session>` for joining order."""

    id: str  # type: ignore[assignment]
    value: int

    class Settings:
        name = "counters"


DOCUMENTS: list[type[Document]] = [
    UserDoc,
    ScorecardDoc,
    SessionDoc,
    ParticipantDoc,
    InviteDoc,
    RevokedTokenDoc,
    ProblemDoc,
    UpdateDoc,
    SnapshotDoc,
    CounterDoc,
]
