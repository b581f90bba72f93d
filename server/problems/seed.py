"""A session's problem written into its code document by the server."""

from __future__ import annotations

from pycrdt import Doc

from crdt_store.problems import Problem
from server.schema import CodeDoc, Meta


def seed_problem(problem: Problem, language: str, doc: Doc) -> None:  # type: ignore[type-arg]
    """The problem in `meta` and, in an empty editor, its starter code for `language` (none
    for a language it has none for: a typed buffer never gets another language's code)."""
    code = CodeDoc(doc)
    code.meta[Meta.PROBLEM_ID] = problem.id
    code.meta[Meta.LANGUAGE] = language
    starter = problem.starter_code.get(language, "")
    if starter.strip() and not str(code.code).strip():
        code.code.insert(0, starter)
