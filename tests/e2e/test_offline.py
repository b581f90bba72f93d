"""The candidate loses the network, keeps typing, reloads the page while still offline, and
comes back: nothing typed on either side is lost, and both end with the same text."""

from __future__ import annotations

import re

from playwright.async_api import expect

from tests.e2e.conftest import NewPage, screenshot
from tests.e2e.flows import (
    copy_invite,
    create_interview,
    editor,
    join,
    open_tab,
    sign_up,
    type_at_end,
    wait_connected,
    wait_for_text,
)
from tests.support.serverproc import InProcessServer

KEPT = "your edits are kept and will sync"


async def test_offline_edits_survive_a_reload_and_merge(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    _, host = await new_page()
    await sign_up(host, base)
    await create_interview(host, "Offline drill")
    invite_url = await copy_invite(host, "candidate")
    candidate_context, candidate = await new_page()
    await join(candidate, invite_url, "Grace Hopper")
    # The service worker keeps the app itself for the offline reload.
    await candidate.wait_for_function("() => navigator.serviceWorker.controller !== null")

    await type_at_end(host, "shared start")
    await wait_for_text(candidate, "shared start")

    await candidate_context.set_offline(True)
    await expect(candidate.locator(".connection")).to_have_attribute("data-status", "offline")
    await expect(candidate.locator("[data-banner=offline]")).to_contain_text(KEPT)

    await type_at_end(candidate, "\ncandidate typed offline")
    await type_at_end(host, "\nhost typed meanwhile")
    await wait_for_text(host, "candidate typed offline", present=False)
    await wait_for_text(candidate, "host typed meanwhile", present=False)

    # Reload with no network at all: the page comes from the service worker, the edits
    # from this browser's IndexedDB copy.
    assert (
        await candidate.evaluate("fetch('/api/health').then(() => 'online', () => 'offline')")
        == "offline"
    )
    await candidate.reload()
    await expect(editor(candidate)).to_be_visible()
    await wait_for_text(candidate, "candidate typed offline")
    await expect(candidate.locator(".connection")).to_have_attribute("data-status", "offline")
    await expect(candidate.locator("[data-banner=offline]")).to_contain_text(KEPT)
    await type_at_end(candidate, "\nand more after the reload")
    await screenshot(candidate, "room-candidate-offline")

    await candidate_context.set_offline(False)
    await wait_connected(candidate)
    for page in (host, candidate):
        for line in (
            "shared start",
            "candidate typed offline",
            "host typed meanwhile",
            "and more after the reload",
        ):
            await wait_for_text(page, line)
    host_text = await editor(host).evaluate("(e) => e.innerText")
    assert "candidate typed offline" in host_text
    await expect(host.locator(".avatar-stack").first).to_contain_text("GH")


async def test_a_server_restart_is_a_short_reconnect(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    _, host = await new_page()
    await sign_up(host, base)
    await create_interview(host, "Restart drill")
    invite_url = await copy_invite(host, "candidate")
    _, candidate = await new_page()
    await join(candidate, invite_url, "Grace Hopper")
    await type_at_end(host, "before the restart")
    await wait_for_text(candidate, "before the restart")
    await open_tab(host, "people")
    grace = host.locator(".person", has_text="Grace Hopper")
    await expect(grace).to_contain_text("Online")

    await app_server.stop()
    for page in (host, candidate):
        await expect(page.locator(".connection")).to_have_attribute(
            "data-status", re.compile("reconnecting|offline")
        )
        await expect(page.locator("[data-banner=offline]")).to_contain_text(KEPT)
    await expect(grace).to_contain_text("Offline")
    await type_at_end(host, "\ntyped while the server was down")

    await app_server.start()
    for page in (host, candidate):
        await wait_connected(page)
        await wait_for_text(page, "typed while the server was down")
        await wait_for_text(page, "before the restart")
    # The candidate did nothing meanwhile, yet is back in the host's list at once: each
    # client re-announces itself on reconnect instead of waiting for the 15-second renewal.
    await expect(grace).to_contain_text("Online")
