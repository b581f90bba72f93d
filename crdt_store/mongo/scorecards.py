from __future__ import annotations

from crdt_store.mongo.documents import ScorecardDoc
from crdt_store.scorecards import Scorecard


def _key(session_id: str, author_id: str) -> str:
    return f"{session_id}|{author_id}"


def _card(found: ScorecardDoc) -> Scorecard:
    return Scorecard(
        session_id=found.session_id,
        author_id=found.author_id,
        author_name=found.author_name,
        updated_at=found.updated_at,
        ratings=dict(found.ratings),
        notes=found.notes,
        recommendation=found.recommendation,
        submitted_at=found.submitted_at,
    )


class MongoScorecards:
    """One document per (session, author), keyed by both so a put is one atomic replace."""

    async def put_scorecard(self, card: Scorecard) -> None:
        document = ScorecardDoc(
            id=_key(card.session_id, card.author_id),
            session_id=card.session_id,
            author_id=card.author_id,
            author_name=card.author_name,
            updated_at=card.updated_at,
            ratings=card.ratings,
            notes=card.notes,
            recommendation=card.recommendation,
            submitted_at=card.submitted_at,
        )
        collection = ScorecardDoc.get_pymongo_collection()
        await collection.replace_one(
            {"_id": document.id}, document.model_dump(by_alias=True), upsert=True
        )

    async def get_scorecard(self, session_id: str, author_id: str) -> Scorecard | None:
        found = await ScorecardDoc.get(_key(session_id, author_id))
        return _card(found) if found else None

    async def scorecards_of(self, session_id: str) -> list[Scorecard]:
        found = await ScorecardDoc.find(ScorecardDoc.session_id == session_id).to_list()
        return sorted((_card(f) for f in found), key=lambda c: (c.updated_at, c.author_id))

    async def delete_scorecards(self, session_id: str) -> None:
        await ScorecardDoc.find(ScorecardDoc.session_id == session_id).delete()
