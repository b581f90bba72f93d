"""Request bodies, validated with pydantic: unknown fields and wrong types are a 400."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from server.auth.password_policy import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    password_problem,
)

LANGUAGES = ("python", "javascript", "typescript", "java", "cpp", "go", "sql", "plaintext")
Language = Literal["python", "javascript", "typescript", "java", "cpp", "go", "sql", "plaintext"]


# What the server accepts, declared in the OpenAPI document so that a schema-valid body is
# never refused. The email rule is the validator's below (a local part, an "@", a dot after
# it, no space), written for the value as sent, before whitespace is stripped.
EMAIL_PATTERN = r"^\s*[^@\s][^@ ]*@[^ ]*\.[^ ]*\s*$"
# A compact JWS (our invite tokens): three base64url parts.
TOKEN_PATTERN = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"


def _not_blank(schema: dict[str, Any]) -> None:
    """Strings are stripped before their length is checked, so a required string of only
    whitespace is refused: say so in the schema (a non-space character somewhere)."""
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("minLength", 0) >= 1:
                node.setdefault("pattern", r"\S")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


class Body(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=_not_blank
    )


class SignUp(Body):
    email: str = Field(min_length=3, max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN})
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
    name: str = Field(min_length=1, max_length=100)

    @field_validator("password")
    @classmethod
    def _password(cls, value: str) -> str:
        if problem := password_problem(value):
            raise PydanticCustomError("weak_password", problem)  # no "Value error, " prefix
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        local, at, domain = value.partition("@")
        if not at or not local or "." not in domain or " " in value:
            raise ValueError("must be an email address like ada@example.com")
        return value.lower()


class LogIn(Body):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class CreateSession(Body):
    title: str = Field(min_length=1, max_length=200)
    problem_id: str | None = Field(default=None, max_length=100)
    language: Language | None = None


class CreateInvite(Body):
    role: Literal["candidate", "interviewer", "observer"]


class RedeemInvite(Body):
    token: str = Field(min_length=1, max_length=2048, pattern=TOKEN_PATTERN)
    name: str = Field(min_length=1, max_length=100)


TAG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,29}$"
MAX_STATEMENT = 20_000
MAX_CODE = 20_000


class TestCase(Body):
    name: str = Field(min_length=1, max_length=100)
    args: list[object] = Field(max_length=20)
    expected: object = None


class ProblemBody(Body):
    title: str = Field(min_length=1, max_length=200)
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[Annotated[str, Field(pattern=TAG_PATTERN)]] = Field(default=[], max_length=10)
    statement: str = Field(min_length=1, max_length=MAX_STATEMENT)
    starter_code: dict[Language, Annotated[str, Field(max_length=MAX_CODE)]] = {}
    function_name: dict[
        Literal["python", "javascript"],
        Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")],
    ] = {}
    tests: list[TestCase] = Field(default=[], max_length=50)


Rating = Annotated[int, Field(ge=-2, le=2)]


class ScorecardBody(Body):
    ratings: dict[Annotated[str, Field(min_length=1, max_length=60)], Rating] = Field(
        default={}, max_length=20
    )
    notes: str = Field(default="", max_length=20_000)
    recommendation: Rating | None = None


class ChatMessage(Body):
    text: str = Field(min_length=1, max_length=4000)


class SignalReport(Body):
    """What a candidate's browser reports about itself (the `events` array): a large paste
    (with its size) or leaving / returning to the tab."""

    kind: Literal["paste", "hidden", "visible"]
    chars: int | None = Field(default=None, ge=0, le=10_000_000)
    lines: int | None = Field(default=None, ge=0, le=10_000_000)
