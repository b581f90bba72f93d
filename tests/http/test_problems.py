"""The problem bank over real HTTP: built-in set, search, validation, ownership."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pycrdt import Map

from server.problems.bank import builtin_problems
from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

MINE = {
    "title": "Count vowels",
    "difficulty": "easy",
    "tags": ["strings"],
    "statement": "Return how many vowels `s` has.",
    "starter_code": {"python": "def count_vowels(s):\n    pass\n"},
    "function_name": {"python": "count_vowels", "javascript": "countVowels"},
    "tests": [{"name": "basic", "args": ["banana"], "expected": 3}],
}


@pytest.fixture
async def ada(secured: InProcessServer) -> AsyncIterator[ApiClient]:
    client = ApiClient(secured.http_url)
    await client.signup("Ada")
    yield client
    await client.aclose()


@pytest.fixture
async def bob(secured: InProcessServer) -> AsyncIterator[ApiClient]:
    client = ApiClient(secured.http_url)
    await client.signup("Bob")
    yield client
    await client.aclose()


def test_the_starter_set_is_complete() -> None:
    problems = builtin_problems()
    assert len(problems) >= 20
    assert len({p.id for p in problems}) == len(problems)
    for problem in problems:
        assert {"python", "javascript", "typescript", "java", "cpp", "go"} <= set(
            problem.starter_code
        ), problem.id
        assert set(problem.function_name) == {"python", "javascript"}, problem.id
        assert len(problem.tests) >= 3, problem.id
    assert {p.difficulty for p in problems} == {"easy", "medium", "hard"}


async def test_search_and_filter(ada: ApiClient) -> None:
    everything = (await ada.ok("GET", "/api/problems"))["problems"]
    assert len(everything) == len(builtin_problems())
    hard = (await ada.ok("GET", "/api/problems?difficulty=hard"))["problems"]
    assert hard and all(p["difficulty"] == "hard" for p in hard)
    tag = builtin_problems()[0].tags[0]
    tagged = (await ada.ok("GET", f"/api/problems?tag={tag}"))["problems"]
    assert tagged and all(tag in p["tags"] for p in tagged)
    title_word = builtin_problems()[0].title.split()[0]
    found = (await ada.ok("GET", f"/api/problems?q={title_word.lower()}"))["problems"]
    assert builtin_problems()[0].id in [p["id"] for p in found]
    assert (await ada.ok("GET", "/api/problems?q=zzzqqq-nothing"))["problems"] == []
    bad = await ada.request("GET", "/api/problems?difficulty=impossible")
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"difficulty": "brutal"},
        {"tags": ["Not A Tag!"]},
        {"tags": [f"t{i}" for i in range(11)]},
        {"starter_code": {"cobol": "DISPLAY 'HI'."}},
        {"function_name": {"python": "not valid"}},
        {"tests": [{"name": "x", "args": "not a list"}]},
        {"statement": ""},
        {"title": "x" * 201},
        {"owner_id": "someone-else"},
    ],
)
async def test_invalid_problems_are_refused(ada: ApiClient, change: dict[str, Any]) -> None:
    response = await ada.request("POST", "/api/problems", json={**MINE, **change})
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_request"
    assert (await ada.ok("GET", "/api/problems?q=vowels"))["problems"] == []


async def test_own_problems_are_private_and_editable_by_their_owner(
    ada: ApiClient, bob: ApiClient
) -> None:
    created = await ada.ok("POST", "/api/problems", 201, json=MINE)
    pid = created["id"]
    assert created["builtin"] is False and created["tests"] == MINE["tests"]
    listed = (await ada.ok("GET", "/api/problems"))["problems"]
    assert listed[0]["id"] == pid  # own problems first
    assert (await bob.request("GET", f"/api/problems/{pid}")).status_code == 404
    assert pid not in [p["id"] for p in (await bob.ok("GET", "/api/problems"))["problems"]]
    changed = await ada.ok("PUT", f"/api/problems/{pid}", json={**MINE, "title": "Vowels"})
    assert changed["title"] == "Vowels" and changed["created_at"] == created["created_at"]
    assert (await bob.request("PUT", f"/api/problems/{pid}", json=MINE)).status_code == 404
    builtin = builtin_problems()[0].id
    refused = await ada.request("PUT", f"/api/problems/{builtin}", json=MINE)
    assert refused.status_code == 403
    assert (await ada.request("DELETE", f"/api/problems/{builtin}")).status_code == 403
    assert (await bob.request("DELETE", f"/api/problems/{pid}")).status_code == 404
    await ada.ok("DELETE", f"/api/problems/{pid}")
    assert (await ada.request("GET", f"/api/problems/{pid}")).status_code == 404


async def test_participants_read_the_panels_problems_only(
    secured: InProcessServer, ada: ApiClient, bob: ApiClient
) -> None:
    pid = (await ada.ok("POST", "/api/problems", 201, json=MINE))["id"]
    bobs = (await bob.ok("POST", "/api/problems", 201, json=MINE))["id"]
    sid = (await ada.create_session())["id"]
    candidate = ApiClient(secured.http_url)
    try:
        await candidate.redeem(invite_token_of((await ada.invite(sid, "candidate"))["url"]))
        mine = await candidate.ok("GET", f"/api/sessions/{sid}/problems/{pid}")
        assert mine["statement"] == MINE["statement"]
        builtin = builtin_problems()[0].id
        assert (await candidate.ok("GET", f"/api/sessions/{sid}/problems/{builtin}"))[
            "id"
        ] == builtin
        stranger = await candidate.request("GET", f"/api/sessions/{sid}/problems/{bobs}")
        assert stranger.status_code == 404
        assert (await candidate.request("GET", "/api/problems")).status_code == 403
    finally:
        await candidate.aclose()


async def test_a_session_created_with_a_problem_starts_with_its_starter_code(
    secured: InProcessServer, ada: ApiClient
) -> None:
    """The server writes the problem and its starter code, so a candidate who arrives before
    the host finds them (no browser has to insert them first)."""
    problem = builtin_problems()[0]
    body = {"title": "Pairs", "problem_id": problem.id, "language": "javascript"}
    sid = (await ada.ok("POST", "/api/sessions", 201, json=body))["id"]
    candidate = ApiClient(secured.http_url)
    socket = None
    try:
        await candidate.redeem(invite_token_of((await ada.invite(sid, "candidate"))["url"]))
        token = await candidate.room_token(sid)
        socket = await YClient(f"{secured.room_url(sid, 'code')}?token={token}").connect()
        await socket.wait_synced()
        assert str(socket.text) == problem.starter_code["javascript"]
        meta = socket.doc.get("meta", type=Map).to_py()
        assert meta == {"problem_id": problem.id, "language": "javascript"}
    finally:
        if socket is not None:
            await socket.close()
        await candidate.aclose()


async def test_a_session_with_an_unknown_or_foreign_problem_is_refused(
    ada: ApiClient, bob: ApiClient
) -> None:
    bobs = (await bob.ok("POST", "/api/problems", 201, json=MINE))["id"]
    for problem_id in ("no-such-problem", bobs):
        answer = await ada.request(
            "POST", "/api/sessions", json={"title": "Pairs", "problem_id": problem_id}
        )
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "problem_not_found"
    assert (await ada.ok("GET", "/api/sessions/active"))["sessions"] == []
