"""Browser tests: Debian's Chromium driven by Playwright against the real server serving the
built web app (`cd web && npm run build`; `make test` builds it first)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    async_playwright,
)

from tests.conftest import StartServer
from tests.support.serverproc import ROOT, InProcessServer

WEB_DIST = ROOT / "web" / "dist"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 720}


@dataclass
class Console:
    """Errors a page printed; a CSP violation or an uncaught exception fails the test."""

    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" and not _expected(text):
            self.errors.append(text)

    def assert_clean(self) -> None:
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)


def _expected(text: str) -> bool:
    # Failed requests while a test has taken the browser offline, and the 401 of /api/me for
    # a visitor who is not signed in, are part of the scenarios, not bugs.
    return (
        "net::ERR_INTERNET_DISCONNECTED" in text
        or "Failed to load resource" in text
        or "WebSocket connection to" in text
    )


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def app_server(start_server: StartServer) -> InProcessServer:
    if not (WEB_DIST / "index.html").exists():
        pytest.fail("web/dist is missing: run `cd web && npm run build` (make test does)")
    return await start_server(web_dist=WEB_DIST)


@pytest.fixture
def console() -> Console:
    return Console()


NewPage = Callable[[], Awaitable[tuple[BrowserContext, Page]]]


@pytest.fixture
async def new_page(browser: Browser, console: Console) -> AsyncIterator[NewPage]:
    """A page in a fresh browser context (its own cookies and storage: another person)."""
    contexts: list[BrowserContext] = []

    async def make() -> tuple[BrowserContext, Page]:
        context = await browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = await context.new_page()
        console.watch(page)
        return context, page

    yield make
    for context in contexts:
        await context.close()
    console.assert_clean()


async def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path))
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `netns("inside")` run only inside the private network namespace that
    `test_video.py` re-executes itself in, `netns("outside")` only outside: deselected, not
    skipped, so a skip never stands for a test that did not run."""
    inside = os.environ.get("CODESYNC_NETNS") == "1"
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("netns")
        wanted = marker is None or (marker.args[0] == "inside") == inside
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
