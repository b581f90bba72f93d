from __future__ import annotations

from crdt_store.scorecards import Scorecard


class MemoryScorecards:
    def __init__(self) -> None:
        self._cards: dict[tuple[str, str], Scorecard] = {}

    async def put_scorecard(self, card: Scorecard) -> None:
        self._cards[(card.session_id, card.author_id)] = card

    async def get_scorecard(self, session_id: str, author_id: str) -> Scorecard | None:
        return self._cards.get((session_id, author_id))

    async def scorecards_of(self, session_id: str) -> list[Scorecard]:
        cards = [c for (sid, _), c in self._cards.items() if sid == session_id]
        return sorted(cards, key=lambda c: (c.updated_at, c.author_id))

    async def delete_scorecards(self, session_id: str) -> None:
        for key in [k for k in self._cards if k[0] == session_id]:
            del self._cards[key]
