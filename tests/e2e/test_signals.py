"""web/src/signals in real Chromium: what counts as leaving the tab. A reload ends the page
(Chromium sends beforeunload, pagehide, then the last visibilitychange): no tab leave; a
real switch away still is one. Headless Chromium never hides a page that stays open, so the
switch is simulated as in test_replay.py."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio

from tests.e2e.conftest import NewPage
from tests.e2e.flows import SET_VISIBILITY_JS, join, type_at_end, wait_connected, wait_for_text
from tests.support.apiclient import ApiClient, host_with_session
from tests.support.serverproc import InProcessServer


async def events(host: ApiClient, session_id: str, until: list[str] | None = None) -> list[Any]:
    """The kinds of the session's signals, as the server holds them (waiting up to 10 s for
    `until`, since the candidate's writes reach the server a moment after they are made)."""
    with anyio.move_on_after(10):
        while True:
            report = await host.ok("GET", f"/api/sessions/{session_id}/export?format=json")
            kinds = [event["kind"] for event in report["events"]]
            if until is None or kinds == until:
                return kinds
            await asyncio.sleep(0.1)
    return kinds


async def test_a_reload_is_not_a_tab_leave(app_server: InProcessServer, new_page: NewPage) -> None:
    host, session_id = await host_with_session(app_server.http_url)
    link = await host.invite(session_id, "candidate")
    _, candidate = await new_page()
    await join(candidate, link["url"], "Grace Hopper")
    await type_at_end(candidate, "before = 1\n")

    await candidate.reload()
    await wait_connected(candidate)
    await type_at_end(candidate, "after = 2\n")
    await wait_for_text(candidate, "after = 2")
    assert await events(host, session_id) == []

    await candidate.evaluate(SET_VISIBILITY_JS, "hidden")
    await candidate.evaluate(SET_VISIBILITY_JS, "visible")
    await type_at_end(candidate, "back = 3\n")  # the signals are written before this
    await wait_for_text(candidate, "back = 3")
    expected = ["hidden", "visible"]
    assert await events(host, session_id, until=expected) == expected
    await host.aclose()
