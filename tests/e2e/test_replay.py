"""After the interview, in real Chromium: signals live in the room, playback, scorecards,
the report and deleting a session.

Leaving the tab: headless Chromium never changes `document.visibilityState` (tried here:
`bring_to_front()` of another page, CDP `Target.activateTarget` of another tab, minimizing
the window with `Browser.setWindowBounds`, `Emulation.setFocusEmulationEnabled(false)`,
`Page.setWebLifecycleState`, also without Playwright's backgrounding flags): it stays
"visible". So the test overrides `visibilityState` on the candidate's page and dispatches
the `visibilitychange` event the browser would send; the app's own listener does the rest.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.async_api import BrowserContext, Page, expect

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
    wait_connected,
    wait_for_text,
)
from tests.ferretdb import on_every_store
from tests.support.serverproc import InProcessServer

PASTED = "".join(
    f"    total_{i} = total_{i - 1} + values[{i}]  # running sum\n" for i in range(1, 9)
)

# What a candidate's browser gets from the after-the-interview endpoints, with its own pass.
CANDIDATE_FETCH_JS = """async ([sessionId, paths]) => {
  const pass = JSON.parse(localStorage.getItem(`codesync.guest.${sessionId}`));
  const out = {};
  for (const path of paths) {
    const answer = await fetch(`/api/sessions/${sessionId}${path}`, {
      headers: { authorization: `Bearer ${pass.token}` },
    });
    out[path] = answer.status;
  }
  return out;
}"""


async def paste(context: BrowserContext, page: Page, text: str) -> None:
    """A real clipboard paste (Ctrl+V) at the end of the editor."""
    await page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    await page.locator("#editor .cm-content").click()
    await page.keyboard.press("Control+End")
    await page.keyboard.press("Control+V")


async def join_panel(page: Page, base: str, invite_url: str) -> None:
    await sign_up(page, base, "Linus Panel")
    await page.goto(invite_url)
    await expect(page.get_by_text("You're signed in as")).to_be_visible()
    await page.get_by_role("button", name="Join interview").click()
    await expect(page).to_have_url(re.compile(r"/s/[A-Za-z0-9_-]+$"))
    await wait_connected(page)


@on_every_store  # playback reads the stored log: SQLite and FerretDB
async def test_interview_then_replay_with_tracks_markers_and_scrubbing(
    app_server: InProcessServer, new_page: NewPage, tmp_path: Path
) -> None:
    base = app_server.http_url
    _, host = await new_page()
    await sign_up(host, base, "Ada Lovelace")
    session_id = await create_interview(host, "Replay — backend onsite", "Python")
    invite_url = await copy_invite(host, "candidate")

    candidate_context, candidate = await new_page()
    await candidate_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    await candidate.goto(invite_url)
    await expect(
        candidate.get_by_text("leaving or returning to this tab are recorded")
    ).to_be_visible()
    await join(candidate, invite_url, "Grace Hopper")

    # The interview: both type, the candidate pastes a large block, chats, leaves the tab.
    await type_at_end(host, "# Sum the values\n")
    await wait_for_text(candidate, "# Sum the values")
    await type_at_end(candidate, "def running_sum(values):\n    total_0 = values[0]\n")
    await wait_for_text(host, "total_0 = values[0]")
    await paste(candidate_context, candidate, PASTED)
    await wait_for_text(host, "total_8 = total_7")

    # The interviewer sees the paste live: a toast on the editor and the People tab's list.
    toast = host.locator(".signal-toast")
    await expect(toast).to_contain_text(f"Grace Hopper pasted {len(PASTED)} characters")
    await open_tab(host, "people")
    signals = host.locator("#side-panel-people .signal")
    await expect(signals.filter(has_text="pasted")).to_have_count(1)
    # …while the candidate sees nothing of it.
    await expect(candidate.locator(".signal-toast, .signal")).to_have_count(0)

    await candidate.evaluate(SET_VISIBILITY_JS, "hidden")
    await expect(toast).to_contain_text("Grace Hopper left the tab")
    await expect(signals.filter(has_text="left the tab")).to_contain_text("not back yet")
    await candidate.evaluate(SET_VISIBILITY_JS, "visible")
    await expect(signals.filter(has_text="left the tab")).to_contain_text("back after")
    await screenshot(host, "room-signals-interviewer")
    await open_tab(host, "notes")
    await host.locator("#side-panel-notes .cm-content").click()
    await host.keyboard.type("Pasted the loop body; ask why.")

    await open_tab(candidate, "chat")
    await candidate.get_by_role("textbox", name="Message").fill("Can values be empty?")
    await candidate.keyboard.press("Enter")
    await host.get_by_label("Language").select_option(label="JavaScript")
    await type_at_end(candidate, "    return total_8\n")
    await wait_for_text(host, "return total_8")
    final_text = (await editor_text(host)).replace("\u2060", "")  # remote carets' joiners

    # The candidate may not replay, score or export: the server says 403, the page says so.
    statuses = await candidate.evaluate(
        CANDIDATE_FETCH_JS,
        [session_id, ["/history", "/scorecards", "/scorecards/mine", "/export?format=json"]],
    )
    assert statuses == {
        "/history": 403,
        "/scorecards": 403,
        "/scorecards/mine": 403,
        "/export?format=json": 403,
    }
    await expect(candidate.locator(".tab[data-tab=scorecard]")).to_have_count(0)
    await candidate.goto(f"{base}/s/{session_id}/replay")
    await expect(
        candidate.get_by_role("heading", name="Playback isn't available to you")
    ).to_be_visible()
    await screenshot(candidate, "replay-refused-candidate")
    await candidate_context.close()

    # The interviewer ends the interview, then opens the replay from the Scorecard tab.
    await host.get_by_role("button", name="End interview").click()
    await host.get_by_role("dialog").get_by_role("button", name="End interview").click()
    await expect(host.locator(".pill-ended").first).to_be_visible()
    await open_tab(host, "scorecard")
    await host.locator("#side-panel-scorecard [data-action=replay]").click()
    await expect(host).to_have_url(f"{base}/s/{session_id}/replay")
    replay_editor = host.locator(".replay-code .cm-content")
    await expect(replay_editor).to_contain_text("return total_8")

    # One track per participant, coloured; the paste marker; language and chat markers.
    await expect(host.locator("[data-track='Grace Hopper']")).to_be_visible()
    await expect(host.locator("[data-track='Ada Lovelace']")).to_be_visible()
    await expect(host.locator(".replay-track rect[fill]").first).to_be_attached()
    paste_marker = host.locator(".replay-marker[data-kind=paste]")
    await expect(paste_marker).to_have_count(1)
    await expect(paste_marker).to_have_attribute("aria-label", re.compile("Large paste"))
    await expect(host.locator(".replay-marker[data-kind=language]")).to_have_count(1)
    await expect(host.locator(".replay-marker[data-kind=chat]")).to_have_count(1)
    await expect(host.locator(".replay-marker[data-kind=hidden]")).to_have_count(1)
    await expect(host.locator(".replay-away")).to_have_count(1)
    await expect(host.get_by_test_id("replay-language")).to_have_text("JavaScript")
    # The interviewers' private notes are replayed too.
    await open_tab(host, "notes")
    await expect(host.locator("#replay-panel-notes")).to_contain_text(
        "Pasted the loop body; ask why."
    )
    await screenshot(host, "replay-end")

    # Scrub: the start of the session has none of the code; the paste marker shows the code
    # right after the paste, before the last line; the language is still Python.
    scrubber = host.get_by_role("slider", name="Playback position")
    await scrubber.focus()
    await host.keyboard.press("Home")
    await expect(replay_editor).not_to_contain_text("def running_sum")
    await expect(host.locator("#replay-panel-notes")).to_contain_text("No private notes yet")
    await paste_marker.click()
    await expect(replay_editor).to_contain_text("total_8 = total_7")
    await expect(replay_editor).not_to_contain_text("return total_8")
    await expect(host.get_by_test_id("replay-language")).to_have_text("Python")
    await open_tab(host, "signals")
    await expect(host.locator("#replay-panel-signals .signal")).to_have_count(1)  # the paste
    await screenshot(host, "replay-scrubbed-to-paste")

    # Play at 32x from the start: the code grows back to the final text by itself.
    await scrubber.focus()
    await host.keyboard.press("Home")
    await host.locator(".replay-speed[data-speed='32']").click()
    await host.get_by_role("button", name="Play").click()
    await expect(host.get_by_role("button", name="Pause")).to_be_visible()
    await expect(replay_editor).to_contain_text("return total_8", timeout=15_000)
    await expect(host.get_by_role("button", name="Play")).to_be_visible(timeout=15_000)
    shown = await host.locator(".replay-code").evaluate(
        "(root) => Array.from(root.querySelectorAll('.cm-line'), (l) => l.textContent).join('\\n')"
    )
    assert shown == final_text
    await open_tab(host, "chat")
    await expect(host.locator("#replay-panel-chat .chat-message")).to_contain_text(
        "Can values be empty?"
    )
    await screenshot(host, "replay-played")

    # The report, as downloads from the replay page.
    async with host.expect_download() as download_info:
        await host.locator(".replay .room-header [data-action=report-markdown]").click()
    report = tmp_path / "report.md"
    await (await download_info.value).save_as(report)
    markdown = report.read_text()
    assert "# Replay — backend onsite" in markdown
    assert "return total_8" in markdown
    assert "Can values be empty?" in markdown
    async with host.expect_download() as download_info:
        await host.locator(".replay .room-header [data-action=report-json]").click()
    raw = tmp_path / "report.json"
    await (await download_info.value).save_as(raw)
    exported = json.loads(raw.read_text())
    assert [e["kind"] for e in exported["events"]] == ["paste", "hidden", "visible"]
    assert exported["events"][0]["chars"] == len(PASTED)


async def test_scorecards_autosave_submit_and_the_host_reads_them_then_deletes(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    base = app_server.http_url
    _, host = await new_page()
    await sign_up(host, base, "Ada Lovelace")
    session_id = await create_interview(host, "Scorecards check", "Python")
    panel_invite = await copy_invite(host, "interviewer")
    _, panel = await new_page()
    await join_panel(panel, base, panel_invite)

    # The panel interviewer fills the scorecard; each change is saved by itself.
    await open_tab(panel, "scorecard")
    card = panel.locator("#side-panel-scorecard")
    status = card.locator(".scorecard-save")
    await expect(status).to_have_text("Saved")
    await card.locator("[data-skill='Problem solving'] label[data-value='2']").click()
    await card.locator("[data-skill='Communication'] label[data-value='1']").click()
    await card.get_by_placeholder("Add a skill").fill("System design")
    await card.get_by_role("button", name="Add").click()
    await card.locator("[data-skill='System design'] label[data-value='0']").click()
    await card.get_by_label("Notes").fill("Clear reasoning; tested edge cases unprompted.")
    await expect(status).to_have_text(re.compile("Saving…|Unsaved"))
    await expect(status).to_have_text("Saved")
    submit = card.get_by_role("button", name="Submit scorecard")
    await expect(submit).to_be_disabled()  # no recommendation yet
    await card.locator(".scorecard-overall label[data-value='1']").click()
    await expect(status).to_have_text("Saved")

    # It survives a reload (it was saved, not just shown).
    await panel.reload()
    await wait_connected(panel)
    await open_tab(panel, "scorecard")
    await expect(card.get_by_label("Notes")).to_have_value(
        "Clear reasoning; tested edge cases unprompted."
    )
    await expect(card.locator("[data-skill='System design'] input[value='0']")).to_be_checked()
    await screenshot(panel, "scorecard-panel-interviewer")

    # Before submitting, the host sees nothing of it.
    await open_tab(host, "scorecard")
    host_cards = host.locator("#side-panel-scorecard .panel-card")
    await expect(host.get_by_text("No other interviewer has submitted a card yet")).to_be_visible()

    await submit.click()
    dialog = panel.get_by_role("dialog")
    await expect(dialog).to_contain_text("The host will be able to read")
    await dialog.get_by_role("button", name="Submit", exact=True).click()
    await expect(card.get_by_test_id("scorecard-submitted")).to_be_visible()

    await host.locator("#side-panel-scorecard").get_by_role("button", name="Refresh").click()
    await expect(host_cards).to_have_count(1)
    panel_card = host_cards.filter(has_text="Linus Panel")
    await expect(panel_card).to_contain_text("Yes")
    await expect(panel_card).to_contain_text("Problem solving")
    await expect(panel_card).to_contain_text("Strong Yes")
    await expect(panel_card).to_contain_text("tested edge cases unprompted")
    await host.locator("#side-panel-scorecard .panel-cards").scroll_into_view_if_needed()
    await screenshot(host, "scorecard-host-sees-panel")

    # The host deletes the session from the dashboard history, after a clear warning.
    await host.goto(f"{base}/dashboard")
    row = host.locator("tr", has_text="Scorecards check")
    await expect(row.locator("[data-action=replay]")).to_be_visible()
    await expect(row.locator("[data-action=report-markdown]")).to_have_attribute(
        "href", f"/api/sessions/{session_id}/export?format=markdown"
    )
    await row.get_by_role("button", name="Delete").click()
    dialog = host.get_by_role("dialog")
    await expect(dialog).to_contain_text("permanently")
    await expect(dialog).to_contain_text("cannot be undone")
    await screenshot(host, "delete-session-dialog")
    await dialog.get_by_role("button", name="Delete permanently").click()
    await expect(host.locator("tr", has_text="Scorecards check")).to_have_count(0)
    await expect(host.locator(".session-card", has_text="Scorecards check")).to_have_count(0)
    gone = await host.evaluate(f"fetch('/api/sessions/{session_id}').then((r) => r.status)")
    assert gone == 404
    # The panel interviewer (not the host) has no Delete in their history.
    await panel.goto(f"{base}/dashboard")
    await expect(panel.get_by_role("button", name="Delete")).to_have_count(0)
