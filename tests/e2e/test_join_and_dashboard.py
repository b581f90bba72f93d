"""The candidate's join page for links that no longer work, a returning candidate, and the
interviewer's dashboard with active interviews and paginated history."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, expect

from server.auth.tokens import TokenIssuer
from tests.e2e.conftest import NewPage, screenshot
from tests.e2e.flows import sign_up
from tests.support.apiclient import ApiClient, host_with_session, invite_token_of
from tests.support.serverproc import InProcessServer


async def assert_dead_link(page: Page, url: str, title: str, *, on_join: bool = False) -> None:
    """Expired and garbled links say so at once; the others once the server is asked."""
    await page.goto(url)
    if on_join:
        await page.get_by_label("Your name").fill("Grace Hopper")
        await page.get_by_role("button", name="Join interview").click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await expect(page.get_by_label("Your name")).to_have_count(0)


async def test_join_page_explains_links_that_no_longer_work(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    host, session_id = await host_with_session(base)
    _, page = await new_page()

    tokens = TokenIssuer(app_server.app.state.settings.secret_key)
    expired, _ = tokens.issue("invite", session_id, -60, jti="inv_gone", role="candidate")
    await assert_dead_link(
        page, f"{base}/s/{session_id}?invite={expired}", "This invite link has expired"
    )
    await screenshot(page, "join-expired")

    revoked = await host.invite(session_id, "candidate")
    await host.ok("DELETE", f"/api/sessions/{session_id}/invites/{revoked['id']}")
    await assert_dead_link(page, revoked["url"], "This invite link was withdrawn", on_join=True)

    used = await host.invite(session_id, "candidate")
    other_browser = ApiClient(base)
    await other_browser.redeem(invite_token_of(used["url"]), "Someone Else")
    await other_browser.aclose()
    await assert_dead_link(page, used["url"], "This link was already used", on_join=True)

    await assert_dead_link(
        page, f"{base}/s/{session_id}?invite=not-a-token", "This invite link isn't valid"
    )

    later = await host.invite(session_id, "candidate")
    await host.ok("POST", f"/api/sessions/{session_id}/end")
    await assert_dead_link(page, later["url"], "This interview has ended", on_join=True)
    await host.aclose()


async def test_a_candidate_can_come_back_through_the_same_link(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    host, session_id = await host_with_session(base)
    invite = await host.invite(session_id, "candidate")
    _, page = await new_page()
    # Keyboard only: the name field has focus, Enter joins.
    await page.goto(invite["url"])
    await expect(page.get_by_label("Your name")).to_be_focused()
    await page.keyboard.type("Grace Hopper")
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(rf"/s/{session_id}$"))
    await expect(page.locator(".connection")).to_have_attribute("data-status", "connected")
    await page.goto(invite["url"])  # the link is bound to this browser, which may reuse it
    await expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    await expect(page.get_by_label("Your name")).to_have_value("Grace Hopper")
    await page.get_by_role("button", name="Join interview").click()
    await expect(page).to_have_url(re.compile(rf"/s/{session_id}$"))
    await expect(page.locator("[data-my-role=candidate]")).to_contain_text("Grace Hopper")
    await page.goto(f"{base}/s/{session_id}")  # and plain reloads of the room work too
    await expect(page.locator(".connection")).to_have_attribute("data-status", "connected")
    await host.aclose()


async def test_dashboard_lists_active_and_past_interviews(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    _, page = await new_page()
    await sign_up(page, base, "Ada Lovelace")
    await expect(page.get_by_role("heading", name="No interviews running")).to_be_visible()
    await expect(page.get_by_role("heading", name="No interviews yet")).to_be_visible()

    async def api(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await page.request.fetch(
            f"{base}{path}", method=method, data=body, headers={"origin": base}
        )
        assert response.ok, await response.text()
        return await response.json()

    titles = [f"Onsite round {n}" for n in range(1, 13)]
    ids = [
        (await api("POST", "/api/sessions", {"title": t, "language": "go"}))["id"] for t in titles
    ]
    for session_id, name in ((ids[-1], "Grace Hopper"), (ids[0], "Alan Turing")):
        invite = await api("POST", f"/api/sessions/{session_id}/invites", {"role": "candidate"})
        guest = ApiClient(base)
        await guest.redeem(invite_token_of(invite["url"]), name)
        await guest.aclose()
    for session_id in ids[:9]:
        await api("POST", f"/api/sessions/{session_id}/end")

    await page.reload()
    active = page.get_by_role("list", name="Active interviews").get_by_role("listitem")
    await expect(active).to_have_count(3)
    await expect(active.first).to_contain_text("Onsite round 12")
    await expect(active.first).to_contain_text("Candidate: Grace Hopper")

    rows = page.locator(".table tbody tr")
    await expect(rows).to_have_count(10)
    await expect(rows.first).to_contain_text("Onsite round 12")
    await expect(rows.nth(3)).to_contain_text("Ended")
    await expect(rows.nth(3)).to_contain_text("< 1 min")
    await screenshot(page, "dashboard")

    await page.get_by_role("button", name="Older").click()
    await expect(page.get_by_text("Page 2")).to_be_visible()
    await expect(rows).to_have_count(2)
    await expect(rows.last).to_contain_text("Onsite round 1")
    await expect(rows.last).to_contain_text("Alan Turing")
    await expect(page.get_by_role("button", name="Older")).to_be_disabled()
    await page.get_by_role("button", name="Newer").click()
    await expect(rows).to_have_count(10)

    await active.first.get_by_role("link", name="Open room").click()
    await expect(page).to_have_url(re.compile(rf"/s/{ids[-1]}$"))
    await expect(page.locator(".connection")).to_have_attribute("data-status", "connected")
