"""The problem bank over REST: search, read, and interviewers' own problems."""

from __future__ import annotations

import secrets
import time
from typing import Any

from crdt_store.problems import Problem
from server.http.api import Api, ApiError
from server.http.context import Ctx
from server.http.schemas import ProblemBody
from server.permissions import is_interviewer
from server.problems.bank import ProblemBank

api = Api()


def summary_view(problem: Problem) -> dict[str, Any]:
    return {
        "id": problem.id,
        "title": problem.title,
        "difficulty": problem.difficulty,
        "tags": list(problem.tags),
        "builtin": problem.owner_id is None,
        "owner_id": problem.owner_id,
        "languages": sorted(problem.starter_code),
    }


def problem_view(problem: Problem) -> dict[str, Any]:
    return {
        **summary_view(problem),
        "statement": problem.statement,
        "starter_code": problem.starter_code,
        "function_name": problem.function_name,
        "tests": list(problem.tests),
        "created_at": problem.created_at,
        "updated_at": problem.updated_at,
    }


def bank(ctx: Ctx) -> ProblemBank:
    return ProblemBank(ctx.services.problems)


@api.route(
    "GET",
    "/api/problems",
    errors={
        400: "difficulty is not easy, medium or hard",
    },
    auth="interviewer",
    tag="problems",
    summary="Search the problem bank (built-in and your own): q, difficulty, tag",
)
async def list_problems(ctx: Ctx) -> dict[str, Any]:
    params = ctx.request.query_params
    difficulty = params.get("difficulty") or None
    if difficulty not in (None, "easy", "medium", "hard"):
        raise ApiError(400, "invalid_request", "difficulty must be easy, medium or hard.")
    found = await bank(ctx).search(
        ctx.me().user_id,
        query=params.get("q", "")[:200],
        difficulty=difficulty,
        tag=params.get("tag") or None,
    )
    return {"problems": [summary_view(p) for p in found]}


async def _visible(ctx: Ctx) -> Problem:
    problem_id = ctx.request.path_params["problem_id"]
    problem = await bank(ctx).get_for(problem_id, [ctx.me().user_id])
    if problem is None:
        raise ApiError(404, "problem_not_found", "No such problem.")
    return problem


@api.route(
    "GET",
    "/api/problems/{problem_id}",
    errors={
        404: "problem_not_found",
    },
    auth="interviewer",
    tag="problems",
    summary="One problem with its statement, starter code and tests",
)
async def get_problem(ctx: Ctx) -> dict[str, Any]:
    return problem_view(await _visible(ctx))


@api.route(
    "POST",
    "/api/problems",
    auth="interviewer",
    body=ProblemBody,
    status=201,
    tag="problems",
    summary="Add a problem of your own to the bank",
)
async def create_problem(ctx: Ctx) -> dict[str, Any]:
    body: ProblemBody = ctx.parsed(ProblemBody)
    now = time.time()
    problem = _from_body(body, f"prb_{secrets.token_urlsafe(9)}", ctx.me().user_id, now, now)
    await ctx.services.problems.create_problem(problem)
    return problem_view(problem)


async def _owned(ctx: Ctx) -> Problem:
    problem = await _visible(ctx)
    if problem.owner_id is None:
        raise ApiError(403, "forbidden", "Built-in problems cannot be changed; copy it instead.")
    return problem


@api.route(
    "PUT",
    "/api/problems/{problem_id}",
    errors={
        403: "a built-in problem",
        404: "problem_not_found",
    },
    auth="interviewer",
    body=ProblemBody,
    tag="problems",
    summary="Replace one of your own problems",
)
async def update_problem(ctx: Ctx) -> dict[str, Any]:
    current = await _owned(ctx)
    body: ProblemBody = ctx.parsed(ProblemBody)
    problem = _from_body(body, current.id, ctx.me().user_id, current.created_at, time.time())
    await ctx.services.problems.update_problem(problem)
    return problem_view(problem)


@api.route(
    "DELETE",
    "/api/problems/{problem_id}",
    errors={
        403: "a built-in problem",
        404: "problem_not_found",
    },
    auth="interviewer",
    tag="problems",
    summary="Delete one of your own problems",
)
async def delete_problem(ctx: Ctx) -> dict[str, Any]:
    problem = await _owned(ctx)
    await ctx.services.problems.delete_problem(problem.id)
    return {"deleted": problem.id}


@api.route(
    "GET",
    "/api/sessions/{session_id}/problems/{problem_id}",
    errors={
        404: "problem_not_found",
    },
    auth="participant",
    tag="problems",
    summary="A problem as the session's participants see it (built-in or the panel's)",
)
async def session_problem(ctx: Ctx) -> dict[str, Any]:
    members = await ctx.services.directory.participants(ctx.the_session().id)
    panel = [m.user_id for m in members if is_interviewer(m.role)]
    problem = await bank(ctx).get_for(ctx.request.path_params["problem_id"], panel)
    if problem is None:
        raise ApiError(404, "problem_not_found", "No such problem in this session.")
    return problem_view(problem)


def _from_body(body: ProblemBody, pid: str, owner: str, created: float, updated: float) -> Problem:
    return Problem(
        id=pid,
        title=body.title,
        difficulty=body.difficulty,
        tags=tuple(body.tags),
        statement=body.statement,
        owner_id=owner,
        created_at=created,
        updated_at=updated,
        starter_code={str(k): v for k, v in body.starter_code.items()},
        function_name={str(k): v for k, v in body.function_name.items()},
        tests=tuple(case.model_dump() for case in body.tests),
    )
