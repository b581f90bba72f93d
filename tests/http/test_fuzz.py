"""Property-based fuzzing of the REST API from its own OpenAPI document (schemathesis), over
real HTTP against a real server: whatever arrives, the answer is never a 5xx and every error
has the contract's shape.

Schemathesis drives Hypothesis synchronously with `requests`, so it runs in a worker thread
while this test's event loop keeps serving uvicorn; its pytest integration (module-level
schema, sync test) does not fit a server that lives in the test's loop.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx
import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis import GenerationMode, Response
from schemathesis.core.result import Ok
from schemathesis.generation.case import Case

from server.auth.ratelimit import RateLimiter
from server.http.context import Limits
from tests.conftest import StartServer
from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import InProcessServer

MAX_EXAMPLES = 25  # per operation and generation mode
# Operations that spend the shared fixtures run last, in this order: revoking the invite and
# removing the candidate shrink the session, ending it makes it read-only, logout revokes
# the caller's token.
LAST = ("revoke_invite", "remove_participant", "end_session", "logout")
# Query parameters the handlers read but the schema does not declare.
QUERY_NAMES = ("limit", "before", "after", "doc")


@dataclass
class Target:
    base_url: str
    known_ids: dict[str, str]  # path parameter -> an id that exists
    credentials: dict[str, dict[str, str]]  # who -> headers


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    statuses: dict[str, set[int]] = field(default_factory=dict)
    calls: int = 0

    def note(self, case: Case[Any], who: str, response: Response) -> None:
        self.calls += 1
        key = f"{case.method} {case.path}"
        self.statuses.setdefault(key, set()).add(response.status_code)
        problem = _problem(response)
        if problem is not None:
            curl = case.as_curl_command(headers=dict(response.request.headers))
            self.problems.append(f"{key} as {who}: {problem}\n    {curl}")


def _problem(response: Response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{status} {response.text[:300]}"
    if status < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return f"{status} with a body that is not JSON: {response.text[:200]!r}"
    error = body.get("error") if isinstance(body, dict) else None
    if (
        not isinstance(error, dict)
        or set(body) != {"error"}
        or not isinstance(error.get("code"), str)
        or not error["code"].replace("_", "").isalpha()
        or error["code"] != error["code"].lower()
        or not isinstance(error.get("message"), str)
        or not error["message"]
    ):
        return f"{status} error not in the contract's shape: {json.dumps(body)[:300]}"
    headers = {name.lower(): values for name, values in response.headers.items()}
    if status == 429 and not all(v.isdigit() for v in headers.get("retry-after", [""])):
        return "429 without an integer Retry-After"
    return None


def fuzz_operation(
    operation: schemathesis.APIOperation[Any, Any, Any, Any],
    mode: GenerationMode,
    target: Target,
    findings: Findings,
) -> None:
    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same run every time: a failure here reproduces
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @given(
        case=operation.as_strategy(mode),
        who=st.sampled_from(sorted(target.credentials)),
        real_ids=st.booleans(),
        query=st.dictionaries(st.sampled_from(QUERY_NAMES), st.text(max_size=40), max_size=3),
    )
    def run(case: Case[Any], who: str, real_ids: bool, query: dict[str, str]) -> None:
        if real_ids and case.path_parameters:
            case.path_parameters = {
                name: target.known_ids.get(name, value)
                for name, value in case.path_parameters.items()
            }
        if case.method == "GET" and query:
            case.query = {**(case.query or {}), **query}
        headers = dict(target.credentials[who])
        with requests.Session() as http:
            response = case.call(
                base_url=target.base_url, session=http, headers=headers, timeout=10
            )
        findings.note(case, who, response)

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        # Nothing to make invalid (no parameters, no body): the positive run covered it.
        assert mode is GenerationMode.NEGATIVE, operation.label


def fuzz(target: Target) -> Findings:
    schema = schemathesis.openapi.from_url(f"{target.base_url}/api/openapi.json")
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.append(result.ok())
    operations.sort(key=lambda op: LAST.index(_name(op)) + 1 if _name(op) in LAST else 0)
    assert len(operations) >= 15, [op.label for op in operations]
    findings = Findings()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz_operation(operation, mode, target, findings)
    return findings


def _name(operation: schemathesis.APIOperation[Any, Any, Any, Any]) -> str:
    return str(operation.definition.raw.get("operationId", ""))


@pytest.fixture
async def fuzzed_server(start_server: StartServer) -> InProcessServer:
    # Generous limits so the fuzzer reaches the handlers instead of the 429s.
    roomy = RateLimiter(100_000, 3600)
    return await start_server(
        limits=Limits(
            login_per_account=roomy,
            login_per_address=roomy,
            signup_per_address=roomy,
            invites_per_host=roomy,
        )
    )


async def test_fuzz_rest_api(fuzzed_server: InProcessServer) -> None:
    base = fuzzed_server.http_url
    host, candidate, stranger = ApiClient(base), ApiClient(base), ApiClient(base)
    try:
        await host.signup(name="Host")
        await stranger.signup(name="Stranger")
        session_id = str((await host.create_session("Fuzzed"))["id"])
        invite = await host.invite(session_id, "candidate")
        joined = await candidate.redeem(invite_token_of(invite["url"]), name="Candidate")
        target = Target(
            base_url=base,
            known_ids={
                "session_id": session_id,
                "invite_id": str(invite["id"]),
                "user_id": str(joined["user_id"]),
            },
            credentials={
                "host": {"authorization": f"Bearer {host.token}"},
                "candidate": {"authorization": f"Bearer {candidate.token}"},
                "stranger": {"authorization": f"Bearer {stranger.token}"},
                "anonymous": {},
            },
        )
        started = time.monotonic()
        with anyio.fail_after(120):
            # Abandoned on timeout: its requests then fail fast once the server stops.
            findings = await anyio.to_thread.run_sync(fuzz, target, abandon_on_cancel=True)
        elapsed = time.monotonic() - started
    finally:
        for client in (host, candidate, stranger):
            await client.aclose()

    assert not findings.problems, "\n".join(findings.problems)
    assert findings.calls >= 15 * 10, findings.calls
    # The fuzzer got past authentication and validation somewhere, not only 4xx everywhere.
    assert any(s < 300 for statuses in findings.statuses.values() for s in statuses)
    print(f"\n{findings.calls} fuzzed requests in {elapsed:.1f} s")
    for operation, statuses in sorted(findings.statuses.items()):
        print(f"  {operation}: {sorted(statuses)}")


HOSTILE = [
    pytest.param({"content": b"[" * 30_000 + b"]" * 30_000}, id="deeply nested array"),
    pytest.param({"content": b'{"a":' * 10_000 + b"1" + b"}" * 10_000}, id="deeply nested object"),
    pytest.param({"content": b'{"title": "\xff\xfe"}'}, id="invalid UTF-8"),
    pytest.param({"json": {"title": "x" * 70_000}}, id="body over 64 KiB"),
    pytest.param({"json": [1, 2, 3]}, id="JSON array"),
    pytest.param({"content": b'{"title": NaN}'}, id="JSON with NaN"),
    pytest.param({"content": b'{"title": "a", "title": 5}'}, id="duplicate keys"),
    pytest.param({"json": {"title": "t", "extra": 1}}, id="unknown field"),
    pytest.param(
        {"json": {"title": "t"}, "headers": {"origin": "http://["}},
        id="malformed Origin",
    ),
    pytest.param({"json": {"title": "t"}, "headers": {"origin": "javascript:"}}, id="odd Origin"),
]


@pytest.mark.parametrize("request_kwargs", HOSTILE)
async def test_hostile_bodies_and_headers_are_4xx(
    secured: InProcessServer, request_kwargs: dict[str, Any]
) -> None:
    host = ApiClient(secured.http_url)
    try:
        await host.signup()
        kwargs = dict(request_kwargs)
        headers = {"content-type": "application/json", **kwargs.pop("headers", {})}
        response = await host.request("POST", "/api/sessions", headers=headers, **kwargs)
    finally:
        await host.aclose()
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert isinstance(response.json()["error"]["code"], str)


async def test_unknown_routes_and_methods_answer_in_the_error_shape(
    secured: InProcessServer,
) -> None:
    async with httpx.AsyncClient(base_url=secured.http_url) as http:
        for method, path, status in [
            ("GET", "/api/nope", 404),
            ("PUT", "/api/sessions", 405),
            ("DELETE", "/api/me", 405),
        ]:
            response = await http.request(method, path)
            assert response.status_code == status, (method, path, response.text)
            assert response.json()["error"]["code"]
            if status == 405:  # RFC 9110: a 405 says which methods the path takes
                assert response.headers["allow"], (method, path)
