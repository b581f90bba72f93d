"""An interview from both sides, in real Chromium: the interviewer signs up, creates an
interview and copies the candidate link; the candidate joins in another browser context;
they co-edit, see each other's cursors, chat, and the candidate cannot reach the notes."""

from __future__ import annotations

import re

from playwright.async_api import expect

from tests.e2e.conftest import NewPage, screenshot
from tests.e2e.flows import (
    copy_invite,
    create_interview,
    editor,
    insert_at_end,
    join,
    open_tab,
    sign_up,
    type_at_end,
    wait_for_text,
)
from tests.support.serverproc import InProcessServer

PROMPT = """# Pair With Target Sum
# Think out loud; run through Example 1 before you start.

"""
SOLUTION = """def pair_with_sum(nums: list[int], target: int) -> list[int]:
    seen: dict[int, int] = {}
    for index, value in enumerate(nums):
        if target - value in seen:
            return [seen[target - value], index]
        seen[value] = index
    raise ValueError("no pair adds up to target")
"""

OPEN_NOTES_JS = """async (sessionId) => {
  const pass = JSON.parse(localStorage.getItem(`codesync.guest.${sessionId}`));
  const answer = await fetch(`/api/sessions/${sessionId}/room-token`, {
    headers: { authorization: `Bearer ${pass.token}` },
  });
  const { token } = await answer.json();
  return await new Promise((resolve) => {
    const ws = new WebSocket(`ws://${location.host}/yjs/${sessionId}/notes?token=${token}`);
    ws.onclose = (event) => resolve(event.code);
  });
}"""


async def test_interviewer_and_candidate_pair_on_one_interview(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    _, host = await new_page()
    await sign_up(host, base, "Ada Lovelace")
    session_id = await create_interview(
        host, "Backend engineer — onsite", "Python", problem="Pair With Target Sum · easy"
    )
    invite_url = await copy_invite(host, "candidate", shot="invite-dialog")
    assert invite_url.startswith(f"{base}/s/{session_id}?invite=")

    candidate_context, candidate = await new_page()
    await candidate.goto(invite_url)
    await expect(
        candidate.get_by_role("heading", name="What is shared and recorded")
    ).to_be_visible()
    await expect(candidate.get_by_text("code edits are saved with timestamps")).to_be_visible()
    # No Stream keys here: chat and video stay on this server, and the page says so.
    await expect(candidate.locator(".join-disclosure")).to_contain_text("are never recorded")
    await expect(candidate.locator(".join-disclosure")).not_to_contain_text("Stream")
    await candidate.get_by_label("Your name").fill("Grace Hopper")
    viewport = candidate.viewport_size
    button = await candidate.get_by_role("button", name="Join interview").bounding_box()
    assert viewport is not None and button is not None
    assert button["y"] + button["height"] <= viewport["height"], "Join is below the fold"
    await screenshot(candidate, "join-page")
    await join(candidate, invite_url, "Grace Hopper")
    assert "invite=" not in candidate.url

    # The problem statement, markdown rendered as elements (code blocks, lists), for both.
    for page in (host, candidate):
        statement = page.locator("#side-panel-problem")
        await expect(statement.get_by_role("heading", name="Pair With Target Sum")).to_be_visible()
        await expect(statement.locator("pre").first).to_contain_text("nums = [4, 9, 2, 6]")
        await expect(statement.locator("li").first).to_contain_text("len(nums)")
    await screenshot(candidate, "room-candidate-problem")

    # Both type; each sees the other's text.
    await insert_at_end(host, PROMPT)
    await wait_for_text(candidate, "run through Example 1")
    await insert_at_end(candidate, SOLUTION)
    await wait_for_text(host, "seen[value] = index")
    await type_at_end(candidate, "\n# O(n) time, O(n) space")
    await wait_for_text(host, "# O(n) time, O(n) space")

    # Remote carets carry names, in each direction.
    await expect(host.locator(".cm-ySelectionInfo", has_text="Grace Hopper")).to_have_count(1)
    await type_at_end(host, "")
    await expect(candidate.locator(".cm-ySelectionInfo", has_text="Ada Lovelace")).to_have_count(1)

    # Participants with role and online state, on both sides.
    await open_tab(host, "people")
    people = host.locator(".person")
    await expect(people.filter(has_text="Grace Hopper")).to_contain_text("Candidate")
    await expect(people.filter(has_text="Grace Hopper")).to_contain_text("Online")
    await expect(people.filter(has_text="Ada Lovelace")).to_contain_text("Host")

    # Chat, both ways, with the unread badge on the side that is looking elsewhere.
    await open_tab(candidate, "chat")
    await candidate.get_by_role("textbox", name="Message").fill(
        "Can I assume the input fits in memory?"
    )
    await candidate.keyboard.press("Enter")
    badge = host.get_by_test_id("chat-badge")
    await expect(badge).to_have_text("1")
    await open_tab(host, "chat")
    await expect(badge).to_have_count(0)
    await expect(host.locator(".chat-message", has_text="fits in memory")).to_contain_text(
        "Grace Hopper"
    )
    await expect(host.locator(".chat-time").first).to_have_text(re.compile(r"\d{1,2}:\d{2}"))
    await host.get_by_role("textbox", name="Message").fill("Yes — a few thousand numbers at most.")
    await host.keyboard.press("Enter")
    await expect(candidate.locator(".chat-message", has_text="few thousand")).to_be_visible()

    # Notes: a tab for the interviewer only; the server refuses the document to the candidate.
    await expect(host.locator(".tab[data-tab=notes]")).to_be_visible()
    await expect(candidate.locator(".tab[data-tab=notes]")).to_have_count(0)
    await open_tab(host, "notes")
    await host.locator("#side-panel-notes .cm-content").click()
    await host.keyboard.type("Strong on complexity; ask about hash collisions.")
    close_code = await candidate.evaluate(OPEN_NOTES_JS, session_id)
    assert close_code == 4403
    await expect(candidate.get_by_text("hash collisions")).to_have_count(0)

    # The language is the interviewer's choice and follows for everyone.
    await expect(candidate.locator("[data-language]").first).to_have_text("Python")
    await host.get_by_label("Language").select_option(label="Go")
    await expect(candidate.locator("span[data-language]")).to_have_text("Go")
    await expect(editor(candidate).locator("xpath=..")).to_have_attribute("data-language", "go")
    await host.get_by_label("Language").select_option(label="Python")

    await open_tab(host, "chat")
    await screenshot(host, "room-interviewer")
    await screenshot(candidate, "room-candidate")
    await candidate_context.close()


async def test_undo_only_reverts_my_own_edits(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    _, host = await new_page()
    await sign_up(host, base)
    await create_interview(host, "Undo check")
    invite_url = await copy_invite(host, "candidate")
    _, candidate = await new_page()
    await join(candidate, invite_url, "Grace Hopper")

    await type_at_end(host, "host line")
    await wait_for_text(candidate, "host line")
    await type_at_end(candidate, " candidate words")
    await wait_for_text(host, "candidate words")
    await host.locator("#editor .cm-content").click()
    await host.keyboard.press("Control+z")
    await wait_for_text(host, "host line", present=False)
    await wait_for_text(host, "candidate words")
    await wait_for_text(candidate, "host line", present=False)

    # Vim mode: Vim's own undo (`u`) is wired to the same per-user undo.
    vim = host.get_by_role("button", name="Vim")
    await vim.click()
    await expect(vim).to_have_attribute("aria-pressed", "true")
    await expect(host.locator("#editor .cm-vim-panel")).to_be_visible()
    await host.locator("#editor .cm-content").click()
    await host.keyboard.press("Escape")
    await host.keyboard.type("GA")  # last line, append at its end
    await host.keyboard.type(" vim words")
    await wait_for_text(candidate, "vim words")
    await host.keyboard.press("Escape")
    await host.keyboard.type("u")
    await wait_for_text(host, "vim words", present=False)
    await wait_for_text(candidate, "vim words", present=False)
    await wait_for_text(host, "candidate words")
