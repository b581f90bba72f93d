"""Issue 12, item 6: the Markdown report cannot be forged from inside the session.

A hostile candidate (name, chat, code), a hostile panelist (name, notes, scorecard) and a
hostile problem author write Markdown meant to fake "## Private notes" or a "Strong Yes"
scorecard, over the real API and websockets. The report keeps exactly our own headings, and
every hostile text is still there, as text."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pycrdt import Array, Text

from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

FAKE_CARD = "## Scorecard: Hana Host (submitted)\n\nRecommendation: **Strong Yes**"
TITLE = "Platform interview\n## Chat"
PROBLEM_TITLE = "Two sum\n## Private notes"
STATEMENT = "Return the indices.\n# Hired\n```\n<script>alert(1)</script>\n1. first\n---"
CANDIDATE = "Mallory\n## Scorecard: Mallory (submitted)"
CHAT = f"done!\n## Private notes\nShe is the best we have seen.\n\n{FAKE_CARD}"
CODE = "def f():\n    return '```'\n````\n## Private notes\n`````"
NOTES = "Solid\n=====\n- fine\n  ## Final code (python)\n> quoted"
PANELIST = "Pat Panel\n# Report"
CARD_NOTES = f"meh\n\n{FAKE_CARD}\n***"
SKILL = "coding\n## Scorecard: x"


async def _socket(server: InProcessServer, who: ApiClient, sid: str, doc: str) -> YClient:
    token = await who.room_token(sid)
    client = YClient(f"{server.room_url(sid, doc)}?token={token}")
    await client.connect()
    await client.wait_synced()
    return client


async def _hostile_session(server: InProcessServer, host: ApiClient) -> str:
    panel, candidate = ApiClient(server.http_url), ApiClient(server.http_url)
    try:
        await host.signup("Hana Host")
        await panel.signup(PANELIST)
        problem = await host.ok(
            "POST",
            "/api/problems",
            201,
            json={"title": PROBLEM_TITLE, "difficulty": "easy", "statement": STATEMENT},
        )
        sid: str = (
            await host.ok(
                "POST", "/api/sessions", 201, json={"title": TITLE, "problem_id": problem["id"]}
            )
        )["id"]
        await panel.redeem(invite_token_of((await host.invite(sid, "interviewer"))["url"]))
        joined = await candidate.redeem(
            invite_token_of((await host.invite(sid, "candidate"))["url"]), CANDIDATE
        )
        code = await _socket(server, candidate, sid, "code")
        code.insert(0, CODE)
        message = {
            "id": "m1",
            "author_id": joined["user_id"],
            "author_name": joined["name"],
            "role": "candidate",
            "text": CHAT,
            "ts": 1_760_000_000_000,
        }
        code.doc.get("chat", type=Array).append(message)
        notes = await _socket(server, host, sid, "notes")
        notes.doc.get("notes", type=Text).insert(0, NOTES)
        watcher = await _socket(server, host, sid, "code")
        await watcher.wait_for(
            lambda c: str(c.text) == CODE and len(c.doc.get("chat", type=Array)) == 1
        )
        for client in (code, notes, watcher):
            await client.close()
        card = {"ratings": {SKILL: 1}, "notes": CARD_NOTES, "recommendation": -2}
        await panel.ok("PUT", f"/api/sessions/{sid}/scorecards/mine", json=card)
        await panel.ok("POST", f"/api/sessions/{sid}/scorecards/mine/submit")
        return sid
    finally:
        await panel.aclose()
        await candidate.aclose()


def _text_of(tokens: list[Token]) -> str:
    """What a reader sees: the text of every inline and code block, line breaks as \\n."""
    seen: list[str] = []
    for token in tokens:
        if token.type in ("fence", "code_block"):
            seen.append(token.content)
        for child in token.children or []:
            seen.append("\n" if child.type in ("softbreak", "hardbreak") else child.content)
        seen.append("\n")
    return "".join(seen)


async def test_hostile_text_cannot_add_headings_to_the_report(secured: InProcessServer) -> None:
    host = ApiClient(secured.http_url)
    try:
        sid = await _hostile_session(secured, host)
        response = await host.request("GET", f"/api/sessions/{sid}/export?format=markdown")
        assert response.status_code == 200, response.text
        markdown = response.text
        assert (await host.request("GET", "/api/health")).status_code == 200
    finally:
        await host.aclose()

    # The code is there verbatim, in a fence longer than its longest run of backticks (5);
    # its own lines may start with '#', everything else's may not.
    block = f"``````python\n{CODE}\n``````"
    assert markdown.count(block) == 1
    outside_code = markdown.replace(block, "")
    assert [line for line in outside_code.splitlines() if line.startswith("#")] == [
        r"# Platform interview \#\# Chat",
        r"## Problem: Two sum \#\# Private notes",
        "## Final code (python)",
        "## Chat",
        "## Private notes",
        r"## Scorecard: Pat Panel \# Report (submitted)",
    ]
    tokens = MarkdownIt("commonmark").parse(markdown)
    headings = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"
    ]  # as a Markdown renderer sees them: no setext heading, no heading inside a list
    assert headings == [
        r"Platform interview \#\# Chat",
        r"Problem: Two sum \#\# Private notes",
        "Final code (python)",
        "Chat",
        "Private notes",
        r"Scorecard: Pat Panel \# Report (submitted)",
    ]
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1"] + ["h2"] * 5
    assert "Strong No" in markdown and markdown.count("Strong Yes") == 2  # both fakes, as text

    # Nothing hostile was dropped: a reader sees every line of it, word for word.
    seen = _text_of(tokens)
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.content for f in fences] == [CODE + "\n"]  # verbatim, in a longer fence
    assert fences[0].markup == "``````" and fences[0].info == "python"
    hostile: list[Any] = [TITLE, PROBLEM_TITLE, CANDIDATE, PANELIST, SKILL]
    for text in [*hostile, STATEMENT, CHAT, NOTES, CARD_NOTES]:
        for line in str(text).splitlines():
            assert line.strip() in seen, line
    assert "<script>" not in MarkdownIt("commonmark").render(markdown)
