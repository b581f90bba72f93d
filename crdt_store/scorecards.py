"""Interviewers' private scorecards, one per interviewer and session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Scorecard:
    session_id: str
    author_id: str
    author_name: str
    updated_at: float
    ratings: dict[str, int] = field(default_factory=dict)  # skill -> -2 (strong no) … 2
    notes: str = ""
    recommendation: int | None = None  # -2 … 2, like a rating
    submitted_at: float | None = None


class ScorecardStore(Protocol):
    async def put_scorecard(self, card: Scorecard) -> None:
        """Insert or replace the card of (session_id, author_id)."""
        ...

    async def get_scorecard(self, session_id: str, author_id: str) -> Scorecard | None: ...

    async def scorecards_of(self, session_id: str) -> list[Scorecard]:
        """Every card of the session, oldest update first."""
        ...

    async def delete_scorecards(self, session_id: str) -> None: ...
