"""The room fits the laptop screens interviewers use: at 1024 px and 1280 px wide, with the
video strip open, nothing in the editor's run bar overlaps or is cut off, the editor keeps a
usable width, and every side-panel tab is in view."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, Page

from tests.e2e.conftest import Console, screenshot
from tests.e2e.flows import create_interview, sign_up
from tests.support.serverproc import InProcessServer

BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
  const q = (s) => document.querySelector(s);
  return {
    editor: box(q('#editor')),
    runBar: box(q('.run-bar')),
    runItems: [...q('.run-bar').querySelectorAll('.run-collapse, .run-note, .run-toggle, .btn')]
      .filter((el) => el.offsetParent !== null).map((el) => ({ text: el.textContent, ...box(el) })),
    tabs: [...document.querySelectorAll('.room-side .tab')].map(box),
    side: box(q('.room-side')),
  };
}"""


BOX = """(el) => { const r = el.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }"""


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


def inside(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    return (
        inner["left"] >= outer["left"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["top"] >= outer["top"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


@pytest.mark.parametrize("width", [1024, 1280])
async def test_the_room_fits_a_laptop_screen(
    app_server: InProcessServer, browser: Browser, console: Console, width: int
) -> None:
    context = await browser.new_context(viewport={"width": width, "height": 720})
    page: Page = await context.new_page()
    console.watch(page)
    try:
        await sign_up(page, app_server.http_url)
        await create_interview(page, "Layout")
        await page.locator(".video-strip").wait_for()
        await screenshot(page, f"room-{width}")
        boxes = await page.evaluate(BOXES)
        assert boxes["editor"]["right"] - boxes["editor"]["left"] >= 480, boxes["editor"]
        items = boxes["runItems"]
        assert any("Run tests" in item["text"] for item in items), items
        for i, a in enumerate(items):
            assert inside(a, boxes["runBar"]), (a, boxes["runBar"])
            for b in items[i + 1 :]:
                assert not overlaps(a, b), (a, b)
        assert len(boxes["tabs"]) == 5
        for tab in boxes["tabs"]:
            assert inside(tab, boxes["side"]), (tab, boxes["side"])

        # The dashboard's history: every action of the row stays inside its panel.
        await page.goto(f"{app_server.http_url}/dashboard")
        row = page.locator(".table tbody tr").first
        await row.wait_for()
        await screenshot(page, f"dashboard-{width}")
        panel = await page.locator(".panel:has(> .table)").evaluate(BOX)
        actions = await row.locator(".history-actions a, .history-actions button").evaluate_all(
            f"(els) => els.map({BOX})"
        )
        assert len(actions) >= 4, actions  # replay, two reports, delete
        for action in actions:
            assert inside(action, panel), (action, panel)
    finally:
        await context.close()
    console.assert_clean()
