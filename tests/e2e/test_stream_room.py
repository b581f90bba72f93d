"""With Stream keys the room's chat and video go through Stream's own browser SDKs (Stream
Chat React, Stream's React video SDK), loaded lazily, against the loopback stand-in for
Stream's API (tests/video/fakestream.py — live Stream is not reachable from here).

What this shows: the browser SDKs connect with the tokens our server issued (the stand-in
verifies them and the user they name), two participants chat through the Stream channel,
the document's own chat is left alone, and joining the call reaches Stream's coordinator
with the session's call. The stand-in has no media server, so the join ends in the strip's
clear "could not connect" state; media through Stream's SFU is not verified here."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.conftest import StartServer
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WEB_DIST,
    Console,
    NewPage,
    screenshot,
)
from tests.e2e.flows import copy_invite, create_interview, join, open_tab, sign_up
from tests.support.serverproc import InProcessServer
from tests.video.fakestream import KEY, SECRET, FakeStream, RunningFake

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning:dataclasses_json")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Chromium with a fake camera and microphone, for Stream's device preview (getUserMedia
    only: no WebRTC leaves the page here)."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
            ],
        )
        yield launched
        await launched.close()


@pytest.fixture
async def fake_stream() -> AsyncIterator[FakeStream]:
    async with RunningFake(FakeStream()) as fake:
        yield fake


@pytest.fixture
async def stream_server(start_server: StartServer, fake_stream: FakeStream) -> InProcessServer:
    if not (WEB_DIST / "index.html").exists():
        pytest.fail("web/dist is missing: run `cd web && npm run build` (make test does)")
    return await start_server(
        web_dist=WEB_DIST,
        stream_api_key=KEY,
        stream_api_secret=SECRET,
        stream_video_url=fake_stream.url + "/",
        stream_chat_url=fake_stream.url,
    )


async def send_stream_message(page: Page, text: str) -> None:
    composer = page.locator("[data-chat-provider=stream] textarea")
    await expect(composer).to_be_editable()
    await composer.fill(text)
    await composer.press("Enter")


async def me(page: Page) -> str:
    """The signed-in user's id, as the server knows it (cookie or guest token)."""
    session_id = page.url.rsplit("/", 1)[1]
    return str(
        await page.evaluate(
            "(s) => fetch(`/api/sessions/${s}`).then((r) => r.json())"
            ".then((b) => b.participants.find((p) => p.role === 'host').user_id)",
            session_id,
        )
    )


async def test_chat_and_call_go_through_stream(
    stream_server: InProcessServer, fake_stream: FakeStream, new_page: NewPage, console: Console
) -> None:
    _, host = await new_page()
    await sign_up(host, stream_server.http_url)
    await create_interview(host, "Stream interview")
    session_id = host.url.rsplit("/", 1)[1]
    invite = await copy_invite(host, "candidate")
    _, candidate = await new_page()
    # Before joining, the candidate is told that chat and video go through Stream.
    await candidate.goto(invite)
    disclosure = candidate.locator(".join-disclosure")
    await expect(disclosure).to_contain_text("the call runs through Stream (getstream.io)")
    await expect(disclosure).to_contain_text("saved with the interview by Stream")
    await join(candidate, invite, "Grace Hopper")

    # Chat: both are on the Stream channel and talk through it; a message that arrives
    # while the Chat tab is closed shows as unread on it.
    await open_tab(host, "chat")
    await expect(host.locator("[data-chat-provider=stream]")).to_be_visible()
    await expect(candidate.locator("[data-chat-provider=stream]")).to_be_attached()  # hidden tab
    await send_stream_message(host, "Hello from Stream")
    await expect(candidate.get_by_test_id("chat-badge")).to_have_text("1")
    await open_tab(candidate, "chat")
    await expect(candidate.get_by_text("Hello from Stream")).to_be_visible()
    await expect(candidate.get_by_test_id("chat-badge")).to_have_count(0)
    await send_stream_message(candidate, "Hi! Ready when you are.")
    await expect(host.get_by_text("Hi! Ready when you are.")).to_be_visible()
    await screenshot(host, "stream-chat")

    host_id = await me(host)
    chat_users = {user for product, user in fake_stream.connected if product == "chat"}
    assert len(chat_users) == 2 and host_id in chat_users, fake_stream.connected
    texts = [m["text"] for m in fake_stream.messages[f"messaging:{session_id}"]]
    assert texts == ["Hello from Stream", "Hi! Ready when you are."]
    authors = [m["user"]["id"] for m in fake_stream.messages[f"messaging:{session_id}"]]
    assert authors[0] == host_id and authors[1] != host_id
    # The document's own chat is not used (its messages would show up in the export).
    export = await host.evaluate(
        "(s) => fetch(`/api/sessions/${s}/export?format=json`).then((r) => r.json())", session_id
    )
    assert export["chat"] == [], export["chat"]

    # Video: the strip is Stream's; joining reaches the coordinator with our token and the
    # session's call, and — no media server here — ends in a clear, retryable error.
    strip = host.locator(".video-strip[data-video-provider=stream]")
    await expect(strip).to_be_visible()
    await strip.get_by_role("button", name="Join video call").click()
    # First the check: Stream's own preview of the (fake) camera, and device pickers.
    check = strip.get_by_role("region", name="Check your camera and microphone")
    await expect(check).to_be_visible()
    await host.wait_for_function(
        "() => { const v = document.querySelector('.stream-preview video');"
        " return v && v.videoWidth > 0; }"
    )
    await screenshot(host, "stream-video-check")
    await check.get_by_role("button", name="Join call").click()
    await expect(strip.get_by_role("alert")).to_contain_text(
        "Could not connect to the video service", timeout=30_000
    )
    await expect(strip.get_by_role("button", name="Try again")).to_be_enabled()
    await screenshot(host, "stream-video-unreachable")
    assert ("video", host_id) in fake_stream.connected, fake_stream.connected
    assert (f"default:{session_id}", host_id) in fake_stream.joins, fake_stream.joins
    assert fake_stream.refused == [], fake_stream.refused
    # The SDK reports the refused SFU socket on the console: that is this scenario, not a bug.
    sfu = [e for e in console.errors if e.startswith("[SfuClientWS]")]
    assert sfu, console.errors
    console.errors[:] = [e for e in console.errors if e not in sfu]
