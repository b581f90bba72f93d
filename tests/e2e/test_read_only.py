"""Lock makes the candidate read-only at once; ending the interview makes everyone read-only."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.e2e.conftest import NewPage, screenshot
from tests.e2e.flows import (
    SET_VISIBILITY_JS,
    copy_invite,
    create_interview,
    editor_text,
    join,
    open_tab,
    sign_up,
    type_at_end,
    wait_for_text,
)
from tests.support.apiclient import host_with_session
from tests.support.serverproc import InProcessServer


async def assert_cannot_type(page: Page, probe: str) -> None:
    await expect(page.locator("#editor .cm-content")).to_have_attribute("contenteditable", "false")
    before = await editor_text(page)
    await page.locator("#editor .cm-content").click()
    await page.keyboard.type(probe)
    assert await editor_text(page) == before


async def test_lock_then_end(app_server: InProcessServer, new_page: NewPage) -> None:
    base = app_server.http_url
    _, host = await new_page()
    await sign_up(host, base)
    await create_interview(host, "Frontend pairing", "TypeScript")
    invite_url = await copy_invite(host, "candidate")
    _, candidate = await new_page()
    await join(candidate, invite_url, "Grace Hopper")

    await type_at_end(candidate, "const answer = 42;")
    await wait_for_text(host, "const answer = 42;")

    # Lock: the candidate's editor stops taking input; the host keeps typing.
    await host.get_by_role("button", name="Lock editor").click()
    await expect(host.get_by_role("button", name="Locked for candidate")).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(candidate.locator("[data-banner=locked]")).to_contain_text("locked the editor")
    await assert_cannot_type(candidate, "sneaky")
    # The chat and the signals still work: through the server, since the candidate's own
    # writes to the document would be dropped while locked.
    await open_tab(candidate, "chat")
    await candidate.locator("#chat-input").fill("Can I ask a question?")
    await candidate.locator("#chat-input").press("Enter")
    await expect(candidate.locator("#chat-input")).to_have_value("")
    await open_tab(host, "chat")
    await expect(host.locator(".chat-text")).to_have_text(["Can I ask a question?"])
    await expect(candidate.locator(".chat-text")).to_have_text(["Can I ask a question?"])
    await candidate.evaluate(SET_VISIBILITY_JS, "hidden")
    await expect(host.locator(".signal-toast[data-kind=hidden]")).to_be_visible()
    await candidate.evaluate(SET_VISIBILITY_JS, "visible")
    await type_at_end(host, "\n// host can still type")
    await wait_for_text(candidate, "// host can still type")
    await wait_for_text(host, "sneaky", present=False)
    await screenshot(candidate, "room-candidate-locked")

    # Unlock: the candidate types again and it reaches the host (no dropped-write gap).
    await host.get_by_role("button", name="Locked for candidate").click()
    await expect(candidate.locator("[data-banner=locked]")).to_have_count(0)
    await type_at_end(candidate, "\nconsole.log(answer);")
    await wait_for_text(host, "console.log(answer);")

    # End, after a confirmation: read-only for everyone, with a clear banner.
    await host.get_by_role("button", name="End interview").click()
    dialog = host.get_by_role("dialog", name="End this interview?")
    await expect(dialog).to_be_visible()
    await screenshot(host, "end-dialog")
    await dialog.get_by_role("button", name="End interview").click()
    for page in (host, candidate):
        await expect(page.locator("[data-banner=ended]")).to_contain_text(
            "This interview has ended"
        )
        await assert_cannot_type(page, "after the end")
    await wait_for_text(host, "after the end", present=False)
    await expect(host.get_by_role("button", name="Invite", exact=True)).to_have_count(0)
    # The call is over and the next steps are one click away.
    await expect(host.get_by_role("button", name="Join video call")).to_have_count(0)
    await expect(host.get_by_text("The interview has ended, and its call with it.")).to_be_visible()
    replay = host.locator("[data-banner=ended]").get_by_role("link", name="Replay and scorecard")
    await expect(replay).to_have_attribute("href", re.compile(r"^/s/[\w-]+/replay$"))
    await open_tab(host, "notes")
    await expect(host.locator("#side-panel-notes .cm-content")).to_have_attribute(
        "contenteditable", "false"
    )
    await screenshot(host, "room-ended")


async def test_observers_watch_without_writing(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    host, session_id = await host_with_session(base)
    observer_link = await host.invite(session_id, "observer")
    candidate_link = await host.invite(session_id, "candidate")
    _, candidate = await new_page()
    await join(candidate, candidate_link["url"], "Grace Hopper")
    _, observer = await new_page()
    await join(observer, observer_link["url"], "Olga Observer")

    await type_at_end(candidate, "print('hello')")
    await wait_for_text(observer, "print('hello')")
    await expect(observer.locator("[data-readonly-reason]")).to_contain_text("You are observing")
    await assert_cannot_type(observer, "observer typing")
    await open_tab(observer, "chat")
    await expect(observer.get_by_text("Observers can read the chat but not post.")).to_be_visible()
    await expect(observer.locator(".tab[data-tab=notes]")).to_have_count(0)
    await wait_for_text(candidate, "observer typing", present=False)
    await host.aclose()
