from __future__ import annotations

import json

from pymongo.errors import DuplicateKeyError

from crdt_store.directory import Conflict
from crdt_store.mongo.documents import ProblemDoc
from crdt_store.problems import Problem


def _document(problem: Problem) -> ProblemDoc:
    return ProblemDoc(
        id=problem.id,
        title=problem.title,
        difficulty=problem.difficulty,
        tags=list(problem.tags),
        statement=problem.statement,
        owner_id=problem.owner_id,
        created_at=problem.created_at,
        updated_at=problem.updated_at,
        starter_code=problem.starter_code,
        function_name=problem.function_name,
        tests_json=json.dumps(problem.tests),
    )


def _problem(found: ProblemDoc) -> Problem:
    return Problem(
        id=found.id,
        title=found.title,
        difficulty=found.difficulty,
        tags=tuple(found.tags),
        statement=found.statement,
        owner_id=found.owner_id,
        created_at=found.created_at,
        updated_at=found.updated_at,
        starter_code=found.starter_code,
        function_name=found.function_name,
        tests=tuple(json.loads(found.tests_json)),
    )


class MongoProblems:
    """Interviewers' problems, one MongoDB document each."""

    async def create_problem(self, problem: Problem) -> None:
        try:
            await _document(problem).insert()
        except DuplicateKeyError as error:
            raise Conflict("problem already exists") from error

    async def get_problem(self, problem_id: str) -> Problem | None:
        found = await ProblemDoc.get(problem_id)
        return _problem(found) if found else None

    async def problems_of(self, owner_id: str) -> list[Problem]:
        query = ProblemDoc.find({"owner_id": owner_id}).sort("-created_at", "-_id")
        return [_problem(found) for found in await query.to_list()]

    async def update_problem(self, problem: Problem) -> bool:
        # Like SQLite: the owner and creation time stay as they were created.
        body = _document(problem).model_dump(
            exclude={"id", "revision_id", "owner_id", "created_at"}
        )
        result = await ProblemDoc.get_pymongo_collection().update_one(
            {"_id": problem.id}, {"$set": body}
        )
        return result.matched_count > 0

    async def delete_problem(self, problem_id: str) -> bool:
        result = await ProblemDoc.get_pymongo_collection().delete_one({"_id": problem_id})
        return result.deleted_count > 0
