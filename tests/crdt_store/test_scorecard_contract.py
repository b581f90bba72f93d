from __future__ import annotations

from crdt_store import Backend
from crdt_store.scorecards import Scorecard


async def test_put_get_replace_list_delete(opened: Backend) -> None:
    cards = opened.scorecards
    first = Scorecard("s1", "ada", "Ada", 1.0, {"coding": 2}, "good", 1, None)
    await cards.put_scorecard(first)
    assert await cards.get_scorecard("s1", "ada") == first
    assert await cards.get_scorecard("s1", "bob") is None
    submitted = Scorecard("s1", "ada", "Ada", 2.0, {"coding": 1}, "good", 2, 2.0)
    await cards.put_scorecard(submitted)
    assert await cards.get_scorecard("s1", "ada") == submitted
    await cards.put_scorecard(Scorecard("s1", "bob", "Bob", 3.0))
    await cards.put_scorecard(Scorecard("s2", "ada", "Ada", 1.5))
    assert [c.author_id for c in await cards.scorecards_of("s1")] == ["ada", "bob"]
    await cards.delete_scorecards("s1")
    assert await cards.scorecards_of("s1") == []
    assert len(await cards.scorecards_of("s2")) == 1
