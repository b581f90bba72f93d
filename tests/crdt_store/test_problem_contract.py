from __future__ import annotations

import pytest

from crdt_store import Backend, Conflict
from crdt_store.problems import Problem


def problem(pid: str, owner: str = "u1", at: float = 1.0, title: str = "Two sum") -> Problem:
    return Problem(
        id=pid,
        title=title,
        difficulty="easy",
        tags=("arrays", "hashing"),
        statement="Find **two** numbers.",
        owner_id=owner,
        created_at=at,
        updated_at=at,
        starter_code={"python": "def f(nums):\n    pass\n"},
        function_name={"python": "f"},
        tests=({"name": "basic", "args": [[1, 2]], "expected": 3},),
    )


async def test_create_get_round_trips_every_field(opened: Backend) -> None:
    original = problem("p1")
    await opened.problems.create_problem(original)
    assert await opened.problems.get_problem("p1") == original
    assert await opened.problems.get_problem("nope") is None
    with pytest.raises(Conflict):
        await opened.problems.create_problem(problem("p1"))


async def test_problems_of_an_owner_newest_first(opened: Backend) -> None:
    for i in range(3):
        await opened.problems.create_problem(problem(f"p{i}", at=float(i)))
    await opened.problems.create_problem(problem("theirs", owner="u2"))
    assert [p.id for p in await opened.problems.problems_of("u1")] == ["p2", "p1", "p0"]
    assert [p.id for p in await opened.problems.problems_of("u2")] == ["theirs"]


async def test_update_and_delete(opened: Backend) -> None:
    await opened.problems.create_problem(problem("p1"))
    changed = problem("p1", title="Pair sum")
    assert await opened.problems.update_problem(changed)
    assert (await opened.problems.get_problem("p1")) == changed
    assert not await opened.problems.update_problem(problem("ghost"))
    assert await opened.problems.delete_problem("p1")
    assert not await opened.problems.delete_problem("p1")
    assert await opened.problems.get_problem("p1") is None
