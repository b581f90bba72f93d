"""Private scorecards: each interviewer fills their own (autosaved); the host reads
everyone's once they are submitted; candidates and observers never see any."""

from __future__ import annotations

import time
from typing import Any

from crdt_store.scorecards import Scorecard
from server import permissions
from server.http.api import Api, ApiError
from server.http.context import Ctx
from server.http.schemas import ScorecardBody

api = Api()

SCALE = {-2: "Strong No", -1: "No", 0: "Mixed", 1: "Yes", 2: "Strong Yes"}


def card_view(card: Scorecard) -> dict[str, Any]:
    return {
        "author_id": card.author_id,
        "author_name": card.author_name,
        "ratings": card.ratings,
        "notes": card.notes,
        "recommendation": card.recommendation,
        "recommendation_label": SCALE.get(card.recommendation)
        if card.recommendation is not None
        else None,
        "submitted": card.submitted_at is not None,
        "submitted_at": card.submitted_at,
        "updated_at": card.updated_at,
    }


async def visible_cards(ctx: Ctx) -> list[Scorecard]:
    """What the caller may read: the host every submitted card and their own, a panel
    interviewer only their own."""
    cards = await ctx.services.scorecards.scorecards_of(ctx.the_session().id)
    me = ctx.me().user_id
    if permissions.sees_every_submitted_scorecard(ctx.role):
        return [c for c in cards if c.submitted_at is not None or c.author_id == me]
    return [c for c in cards if c.author_id == me]


async def _mine(ctx: Ctx) -> Scorecard | None:
    return await ctx.services.scorecards.get_scorecard(ctx.the_session().id, ctx.me().user_id)


@api.route(
    "GET",
    "/api/sessions/{session_id}/scorecards",
    auth="session_interviewer",
    tag="scorecards",
    summary="Scorecards you may read (the host: all submitted ones)",
)
async def list_scorecards(ctx: Ctx) -> dict[str, Any]:
    return {"scale": SCALE, "scorecards": [card_view(c) for c in await visible_cards(ctx)]}


@api.route(
    "GET",
    "/api/sessions/{session_id}/scorecards/mine",
    auth="session_interviewer",
    tag="scorecards",
    summary="Your own scorecard for this session (empty if none)",
)
async def my_scorecard(ctx: Ctx) -> dict[str, Any]:
    card = await _mine(ctx)
    me = ctx.me()
    return card_view(card or Scorecard(ctx.the_session().id, me.user_id, me.name, 0.0))


@api.route(
    "PUT",
    "/api/sessions/{session_id}/scorecards/mine",
    auth="session_interviewer",
    body=ScorecardBody,
    tag="scorecards",
    summary="Save your scorecard (autosave)",
)
async def save_scorecard(ctx: Ctx) -> dict[str, Any]:
    body: ScorecardBody = ctx.parsed(ScorecardBody)
    current = await _mine(ctx)
    me = ctx.me()
    card = Scorecard(
        session_id=ctx.the_session().id,
        author_id=me.user_id,
        author_name=me.name,
        updated_at=time.time(),
        ratings=dict(body.ratings),
        notes=body.notes,
        recommendation=body.recommendation,
        submitted_at=current.submitted_at if current else None,
    )
    await ctx.services.scorecards.put_scorecard(card)
    return card_view(card)


@api.route(
    "POST",
    "/api/sessions/{session_id}/scorecards/mine/submit",
    errors={
        409: "scorecard_incomplete: no overall recommendation yet",
    },
    auth="session_interviewer",
    tag="scorecards",
    summary="Submit your scorecard: the host can read it from now on",
)
async def submit_scorecard(ctx: Ctx) -> dict[str, Any]:
    current = await _mine(ctx)
    if current is None or current.recommendation is None:
        raise ApiError(
            409, "scorecard_incomplete", "Choose an overall recommendation before submitting."
        )
    now = time.time()
    card = Scorecard(
        session_id=current.session_id,
        author_id=current.author_id,
        author_name=current.author_name,
        updated_at=now,
        ratings=current.ratings,
        notes=current.notes,
        recommendation=current.recommendation,
        submitted_at=current.submitted_at or now,
    )
    await ctx.services.scorecards.put_scorecard(card)
    return card_view(card)
