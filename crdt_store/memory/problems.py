from __future__ import annotations

from crdt_store.directory import Conflict
from crdt_store.problems import Problem


class MemoryProblems:
    def __init__(self) -> None:
        self._problems: dict[str, Problem] = {}

    async def create_problem(self, problem: Problem) -> None:
        if problem.id in self._problems:
            raise Conflict("problem exists")
        self._problems[problem.id] = problem

    async def get_problem(self, problem_id: str) -> Problem | None:
        return self._problems.get(problem_id)

    async def problems_of(self, owner_id: str) -> list[Problem]:
        mine = [p for p in self._problems.values() if p.owner_id == owner_id]
        return sorted(mine, key=lambda p: (p.created_at, p.id), reverse=True)

    async def update_problem(self, problem: Problem) -> bool:
        if problem.id not in self._problems:
            return False
        self._problems[problem.id] = problem
        return True

    async def delete_problem(self, problem_id: str) -> bool:
        return self._problems.pop(problem_id, None) is not None
