"""The problem bank: the built-in starter set (shipped as `starter.json`) plus each
interviewer's own problems from the store, searched and filtered together."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from crdt_store.problems import Problem, ProblemStore

STARTER_FILE = Path(__file__).with_name("starter.json")


@cache
def builtin_problems() -> tuple[Problem, ...]:
    if not STARTER_FILE.exists():
        return ()
    raw: list[dict[str, Any]] = json.loads(STARTER_FILE.read_text(encoding="utf-8"))
    return tuple(
        Problem(
            id=item["id"],
            title=item["title"],
            difficulty=item["difficulty"],
            tags=tuple(item["tags"]),
            statement=item["statement"],
            owner_id=None,
            created_at=0.0,
            updated_at=0.0,
            starter_code=dict(item["starter_code"]),
            function_name=dict(item.get("function_name", {})),
            tests=tuple(item.get("tests", [])),
        )
        for item in raw
    )


def matches(problem: Problem, query: str, difficulty: str | None, tag: str | None) -> bool:
    if difficulty and problem.difficulty != difficulty:
        return False
    if tag and tag not in problem.tags:
        return False
    if query:
        haystack = " ".join((problem.title, problem.statement, *problem.tags)).lower()
        return all(word in haystack for word in query.lower().split())
    return True


class ProblemBank:
    def __init__(self, store: ProblemStore) -> None:
        self.store = store

    async def visible_to(self, user_id: str) -> list[Problem]:
        """The caller's own problems (newest first), then the built-in set."""
        return [*await self.store.problems_of(user_id), *builtin_problems()]

    async def search(
        self,
        user_id: str,
        *,
        query: str = "",
        difficulty: str | None = None,
        tag: str | None = None,
    ) -> list[Problem]:
        return [p for p in await self.visible_to(user_id) if matches(p, query, difficulty, tag)]

    async def get(self, problem_id: str) -> Problem | None:
        for problem in builtin_problems():
            if problem.id == problem_id:
                return problem
        return await self.store.get_problem(problem_id)

    async def get_for(self, problem_id: str, owners: Iterable[str]) -> Problem | None:
        """A built-in problem, or one owned by someone in `owners`; None otherwise."""
        problem = await self.get(problem_id)
        if problem is None or (problem.owner_id is not None and problem.owner_id not in owners):
            return None
        return problem

    @staticmethod
    def is_builtin(problem_id: str) -> bool:
        return any(p.id == problem_id for p in builtin_problems())
