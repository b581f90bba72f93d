"""What a person does in the app, as small async steps shared by the browser tests."""

from __future__ import annotations

import itertools
import re

from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import screenshot

_emails = itertools.count()

# Text of the editor as the user sees it: remote name labels and the placeholder are
# decorations inside the lines and must not count as content.
# Headless Chromium never hides a page that stays open (see test_replay.py): a test sets
# `visibilityState` and sends the event the browser would.
SET_VISIBILITY_JS = """(state) => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}"""

EDITOR_TEXT_JS = """(root) => Array.from(root.querySelectorAll('.cm-line')).map((line) => {
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  let out = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('.cm-ySelectionInfo, .cm-placeholder')) out += node.textContent;
  }
  return out;
}).join('\\n')"""


def editor(page: Page) -> Locator:
    return page.locator("#editor .cm-editor")


async def editor_text(page: Page) -> str:
    return str(await editor(page).evaluate(EDITOR_TEXT_JS))


async def wait_for_text(page: Page, fragment: str, *, present: bool = True) -> None:
    """Wait until the shared editor does (or does not) contain `fragment`."""
    await page.wait_for_function(
        f"([f, present]) => ({EDITOR_TEXT_JS})(document.querySelector('#editor .cm-editor'))"
        ".includes(f) === present",
        arg=[fragment, present],
    )


async def type_at_end(page: Page, text: str) -> None:
    """Click into the editor, go to the very end and type (no indentation: CodeMirror would
    add its own on Enter)."""
    content = page.locator("#editor .cm-content")
    await content.click()
    await page.keyboard.press("Control+End")
    await page.keyboard.type(text)


async def insert_at_end(page: Page, text: str) -> None:
    """Paste-like insertion of several lines, indentation included, with no auto-indent."""
    content = page.locator("#editor .cm-content")
    await content.click()
    await page.keyboard.press("Control+End")
    await page.keyboard.insert_text(text)


async def sign_up(page: Page, base_url: str, name: str = "Ada Lovelace") -> str:
    email = f"interviewer{next(_emails)}@example.com"
    await page.goto(f"{base_url}/signup")
    await page.get_by_label("Your name").fill(name)
    await page.get_by_label("Work email").fill(email)
    await page.get_by_label("Password").fill("correct horse battery")
    await page.get_by_role("button", name="Create account").click()
    await expect(page).to_have_url(re.compile(r"/dashboard$"))
    await expect(page.get_by_role("heading", name="Interviews", exact=True)).to_be_visible()
    return email


async def create_interview(
    page: Page, title: str, language: str = "Python", problem: str | None = None
) -> str:
    """From the dashboard; returns the session id."""
    await page.get_by_role("button", name="New interview").first.click()
    await page.get_by_label("Title").fill(title)
    await page.get_by_label("Language").select_option(label=language)
    if problem:
        await page.get_by_label("Problem").select_option(label=problem)
    await page.get_by_role("button", name="Create interview").click()
    await expect(page).to_have_url(re.compile(r"/s/[A-Za-z0-9_-]+$"))
    await wait_connected(page)
    return page.url.rsplit("/", 1)[1]


async def wait_connected(page: Page) -> None:
    await expect(page.locator(".connection")).to_have_attribute("data-status", "connected")
    await expect(editor(page)).to_be_visible()


async def copy_invite(page: Page, role: str, *, shot: str | None = None) -> str:
    """Host controls → Invite → Copy link; returns the link shown (and copied)."""
    await page.get_by_role("button", name="Invite", exact=True).click()
    await page.get_by_role("button", name=f"Copy {role} link").click()
    link = page.locator(f"[data-invite-url={role}]")
    await expect(link).to_have_value(re.compile(r"/s/[^?]+\?invite="))
    url = await link.input_value()
    if shot:
        await screenshot(page, shot)
    await page.get_by_role("button", name="Done").click()
    return url


async def join(page: Page, invite_url: str, name: str) -> None:
    await page.goto(invite_url)
    await page.get_by_label("Your name").fill(name)
    await page.get_by_role("button", name="Join interview").click()
    await expect(page).to_have_url(re.compile(r"/s/[A-Za-z0-9_-]+$"))  # the token left the URL
    await wait_connected(page)


async def open_tab(page: Page, name: str) -> None:
    await page.locator(f".tab[data-tab={name}]").click()
