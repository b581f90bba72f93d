"""Interviewers' own problems (the built-in bank ships with the server and is not stored)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Difficulty = Literal["easy", "medium", "hard"]


@dataclass(frozen=True, slots=True)
class Problem:
    id: str
    title: str
    difficulty: Difficulty
    tags: tuple[str, ...]
    statement: str  # markdown
    owner_id: str | None  # None: built in
    created_at: float
    updated_at: float
    starter_code: dict[str, str] = field(default_factory=dict)  # language -> code
    function_name: dict[str, str] = field(default_factory=dict)  # language -> name
    tests: tuple[dict[str, Any], ...] = ()  # {"name", "args": [...], "expected": ...}


class ProblemStore(Protocol):
    async def create_problem(self, problem: Problem) -> None:
        """Raises Conflict if the id is taken."""
        ...

    async def get_problem(self, problem_id: str) -> Problem | None: ...

    async def problems_of(self, owner_id: str) -> list[Problem]:
        """The owner's problems, newest first."""
        ...

    async def update_problem(self, problem: Problem) -> bool:
        """Replace the stored problem with this id; False if there is none."""
        ...

    async def delete_problem(self, problem_id: str) -> bool: ...
