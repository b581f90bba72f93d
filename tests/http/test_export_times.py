"""The report reads timestamps in the units each writer uses: browsers stamp chat messages,
runs and events in milliseconds, the server (REST chat, session times) in seconds."""

from __future__ import annotations

from typing import Any

from server.http.export import to_markdown


def _report(chat: list[dict[str, Any]]) -> dict[str, Any]:
    session = {
        "title": "T",
        "status": "ended",
        "created_at": 1_760_000_000.0,
        "ended_at": None,
        "participants": [],
    }
    return {
        "session": session,
        "problem": None,
        "language": "python",
        "code": "",
        "runs": [],
        "chat": chat,
        "notes": "",
        "scorecards": [],
    }


def test_chat_times_in_milliseconds_and_seconds_read_as_the_same_date() -> None:
    chat = [
        {"author_name": "Browser", "ts": 1_760_000_000_000, "text": "from the web app"},
        {"author_name": "Server", "ts": 1_760_000_000.0, "text": "from REST"},
        {"author_name": "Tampered", "ts": 1e300, "text": "nonsense"},
    ]
    markdown = to_markdown(_report(chat))
    assert markdown.count("2025-10-09 08:53 UTC") == 3  # the two messages and "Started"
    assert "**Tampered** (—): nonsense" in markdown
