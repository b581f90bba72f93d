from __future__ import annotations

from dataclasses import asdict, fields, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from beanie import Document
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

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
from crdt_store.mongo import counters
from crdt_store.mongo.documents import (
    InviteDoc,
    ParticipantDoc,
    RevokedTokenDoc,
    SessionDoc,
    UserDoc,
)

R = TypeVar("R", User, Session, Participant, Invite)


def _record(kind: type[R], document: Document | None) -> R | None:
    if document is None:
        return None
    return kind(**{f.name: getattr(document, f.name) for f in fields(kind)})


class MongoDirectory:
    """Accounts, sessions, participants and invites in MongoDB.

    No transactions (they need a replica set; FerretDB, the test server, has none): each write
    is an atomic single-document operation (`add_participant` reserves the joining order
    from a counter first), except `create_session` (the session, then its host: undone if
    the host fails) and `delete_session` (members and invites, then the session: repeatable
    if it stops half-way).
    """

    # -- accounts -------------------------------------------------------------------------
    async def create_user(self, user: User) -> None:
        try:
            await UserDoc(**asdict(replace(user, email=user.email.lower()))).insert()
        except DuplicateKeyError as error:
            raise Conflict("user already exists") from error

    async def user_by_id(self, user_id: str) -> User | None:
        return _record(User, await UserDoc.get(user_id))

    async def user_by_email(self, email: str) -> User | None:
        return _record(User, await UserDoc.find_one({"email": email.lower()}))

    async def user_by_external_id(self, external_id: str) -> User | None:
        return _record(User, await UserDoc.find_one({"external_id": external_id}))

    # -- sessions -------------------------------------------------------------------------
    async def create_session(self, session: Session, host: Participant) -> None:
        try:
            await SessionDoc(**asdict(session)).insert()
        except DuplicateKeyError as error:
            raise Conflict("session already exists") from error
        try:
            await self.add_participant(replace(host, session_id=session.id))
        except BaseException:
            await SessionDoc.find({"_id": session.id}).delete()
            raise

    async def get_session(self, session_id: str) -> Session | None:
        return _record(Session, await SessionDoc.get(session_id))

    async def end_session(self, session_id: str, ended_at: float) -> Session | None:
        await SessionDoc.get_pymongo_collection().update_one(
            {"_id": session_id, "status": {"$ne": "ended"}},
            {"$set": {"status": "ended", "ended_at": ended_at}},
        )
        return await self.get_session(session_id)

    async def sessions_of(
        self,
        user_id: str,
        *,
        status: SessionStatus | None = None,
        limit: int = 20,
        before: str | None = None,
    ) -> SessionPage:
        position = cursor.decode(before) if before else None
        member_of = await ParticipantDoc.get_pymongo_collection().distinct(
            "session_id", {"user_id": user_id}
        )
        query: dict[str, Any] = {"_id": {"$in": member_of}}
        if status is not None:
            query["status"] = status
        if position is not None:
            created_at, session_id = position
            query["$or"] = [
                {"created_at": {"$lt": created_at}},
                {"created_at": created_at, "_id": {"$lt": session_id}},
            ]
        # One document more than asked tells whether an older page exists.
        found = (
            await SessionDoc.find(query)
            .sort("-created_at", "-_id")
            .limit(max(limit, 0) + 1)
            .to_list()
        )
        page = [s for s in (_record(Session, d) for d in found[:limit]) if s is not None]
        more = len(found) > limit
        return SessionPage(page, cursor.encode(page[-1]) if more and page else None)

    async def delete_session(self, session_id: str) -> None:
        # The session goes last: if this fails half-way it is still there to delete again.
        await ParticipantDoc.find({"session_id": session_id}).delete()
        await InviteDoc.find({"session_id": session_id}).delete()
        await SessionDoc.find({"_id": session_id}).delete()

    async def sessions_ended_before(self, cutoff: float, limit: int = 100) -> list[Session]:
        found = (
            await SessionDoc.find({"status": "ended", "ended_at": {"$lt": cutoff}})
            .sort("+ended_at", "+_id")
            .limit(limit)
            .to_list()
        )
        return [s for s in (_record(Session, doc) for doc in found) if s is not None]

    # -- participants ---------------------------------------------------------------------
    async def add_participant(self, participant: Participant) -> Participant:
        key = {"session_id": participant.session_id, "user_id": participant.user_id}
        existing = _record(Participant, await ParticipantDoc.find_one(key))
        if existing is not None:
            return existing  # the common case (every reconnect): no counter value spent
        (order,) = await counters.reserve(f"members:{participant.session_id}")
        fresh = {name: v for name, v in asdict(participant).items() if name not in key}
        try:
            # Insert-if-absent in one operation: a concurrent add of the same user keeps
            # whichever got there first, as the SQLite and memory backends do.
            kept = await ParticipantDoc.get_pymongo_collection().find_one_and_update(
                key,
                {"$setOnInsert": {**fresh, "order": order}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:  # two first upserts raced; the other one's is there now
            kept = await ParticipantDoc.get_pymongo_collection().find_one(key)
        found = _record(Participant, ParticipantDoc.model_validate(kept) if kept else None)
        if found is None:  # removed by someone else in the same instant
            raise Conflict("the participant was removed while being added")
        return found

    async def participant(self, session_id: str, user_id: str) -> Participant | None:
        found = await ParticipantDoc.find_one({"session_id": session_id, "user_id": user_id})
        return _record(Participant, found)

    async def participants(self, session_id: str) -> list[Participant]:
        found = await ParticipantDoc.find({"session_id": session_id}).sort("+order").to_list()
        return [p for p in (_record(Participant, d) for d in found) if p is not None]

    async def remove_participant(self, session_id: str, user_id: str) -> bool:
        result = await ParticipantDoc.get_pymongo_collection().delete_one(
            {"session_id": session_id, "user_id": user_id}
        )
        return result.deleted_count > 0

    # -- invites --------------------------------------------------------------------------
    async def create_invite(self, invite: Invite) -> None:
        try:
            await InviteDoc(**asdict(invite)).insert()
        except DuplicateKeyError as error:
            raise Conflict("invite already exists") from error

    async def get_invite(self, invite_id: str) -> Invite | None:
        return _record(Invite, await InviteDoc.get(invite_id))

    async def invites_of(self, session_id: str) -> list[Invite]:
        found = (
            await InviteDoc.find({"session_id": session_id}).sort("+created_at", "+_id").to_list()
        )
        return [i for i in (_record(Invite, d) for d in found) if i is not None]

    async def claim_invite(self, invite_id: str, redeemer: str, at: float) -> Invite | None:
        # One find-and-modify: of concurrent claimers exactly one matches `redeemed_by: None`.
        claimed = await InviteDoc.get_pymongo_collection().find_one_and_update(
            {"_id": invite_id, "redeemed_by": None},
            {"$set": {"redeemed_by": redeemer, "redeemed_at": at}},
            return_document=ReturnDocument.AFTER,
        )
        if claimed is not None:
            invite = _record(Invite, InviteDoc.model_validate(claimed))
        else:
            invite = await self.get_invite(invite_id)
        return invite if invite is not None and invite.redeemed_by == redeemer else None

    async def revoke_invite(self, invite_id: str, at: float) -> bool:
        result = await InviteDoc.get_pymongo_collection().update_one(
            {"_id": invite_id, "revoked_at": None}, {"$set": {"revoked_at": at}}
        )
        return result.matched_count > 0 or await InviteDoc.get(invite_id) is not None

    # -- revoked tokens (logout) ----------------------------------------------------------
    async def revoke_token(self, jti: str, expires_at: float) -> None:
        # MongoDB's TTL monitor drops entries past `purge_at` (about once a minute); the
        # delete here makes that exact for readers, and is all there is on FerretDB (no TTL).
        collection = RevokedTokenDoc.get_pymongo_collection()
        await collection.delete_many({"purge_at": {"$lt": datetime.now(UTC)}})
        keep_until = expires_at + REVOKED_GRACE_S
        await collection.update_one(
            {"_id": jti},
            {
                "$set": {
                    "expires_at": expires_at,
                    "purge_at": datetime.fromtimestamp(keep_until, UTC),
                }
            },
            upsert=True,
        )

    async def is_token_revoked(self, jti: str) -> bool:
        return await RevokedTokenDoc.find_one({"_id": jti}) is not None
