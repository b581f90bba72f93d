"""Running code in the room, in real Chromium: Python on Pyodide and JavaScript in a worker of
a sandboxed frame, never on the server. Everyone sees every run; "Run tests" judges the
problem's cases; infinite loops are stopped at the time limit without freezing the page; the
sandbox cannot reach the page, its cookies, storage or documents; the interviewer can turn
running off for the candidate."""

from __future__ import annotations

import json
import re
import time

import httpx
from playwright.async_api import Locator, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import Console, NewPage, screenshot
from tests.e2e.flows import (
    EDITOR_TEXT_JS,
    copy_invite,
    create_interview,
    editor,
    join,
    sign_up,
    type_at_end,
    wait_for_text,
)
from tests.support.serverproc import InProcessServer

PYTHON_START_MS = 90_000  # Pyodide takes 4-5 s here, much more with both cores busy
RUN_MS = 30_000
TIME_LIMIT_S = 10

CORRECT = """def pair_with_sum(nums, target):
    seen = {}
    for index, value in enumerate(nums):
        if target - value in seen:
            return [seen[target - value], index]
        seen[value] = index
"""
WRONG = """def pair_with_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target and nums[i] >= 0:
                return [i, j]
"""
CORRECT_JS = """function pairWithSum(nums, target) {
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
    seen.set(nums[i], i);
  }
}
"""

# What candidate-written code tries from inside the sandbox, run in the interviewer's browser:
# the page's DOM and storage, its cookies (session cookie included), the API with those
# cookies, the Yjs documents over the websocket, and the documents' copy in IndexedDB.
PROBE = """const origin = "ORIGIN";
const probes = {
  document: () => typeof document,
  cookie: () => document.cookie,
  parent: () => parent.document.title,
  top: () => window.top.location.href,
  localStorage: () => localStorage.getItem("probe"),
  indexedDB: () => (indexedDB.open("codesync"), "opened"),
  origin: () => self.origin,
};
for (const [name, probe] of Object.entries(probes)) {
  try {
    console.log(`${name}: ${probe()}`);
  } catch (e) {
    console.log(`${name}: ${e.name}`);
  }
}
const api = fetch(`${origin}/api/sessions/SESSION/end`, { method: "POST", credentials: "include" })
  .then((r) => `status ${r.status}`, (e) => e.name);
const notes = new Promise((resolve) => {
  try {
    const ws = new WebSocket(`${origin.replace("http", "ws")}/yjs/SESSION/notes`);
    ws.onmessage = () => resolve("got data");
    ws.onclose = (e) => resolve(`closed ${e.code}`);
  } catch (e) {
    resolve(e.name);
  }
});
Promise.all([api, notes]).then(([a, n]) => {
  console.log(`api: ${a}`);
  console.log(`notes: ${n}`);
});
setTimeout(() => console.log("done"), 1500);
"""


def panel(page: Page) -> Locator:
    return page.locator(".run-panel")


def output(page: Page) -> Locator:
    return page.locator(".run-panel .run-output[data-run-id]")


def run_button(page: Page) -> Locator:
    return panel(page).get_by_role("button", name="Run", exact=True)


def run_tests_button(page: Page) -> Locator:
    return panel(page).get_by_role("button", name="Run tests")


async def replace_code(page: Page, text: str) -> None:
    """Select everything in the shared editor and put `text` in its place (no auto-indent),
    then wait until the editor holds exactly that.

    A loaded headless browser now and then loses the keyboard focus between the click and
    the keystrokes; the input is then given once more, and what the page showed is kept in
    the test's output. An editor that stays wrong fails with its text and the page's words."""
    content = page.locator("#editor .cm-content")
    # Remote carets draw word joiners (U+2060) into the lines: not content.
    holds = (
        f"(t) => ({EDITOR_TEXT_JS})(document.querySelector('#editor .cm-editor'))"
        ".replaceAll('\\u2060', '') === t"
    )
    for attempt, timeout in ((1, 10_000), (2, 30_000)):
        await content.click()
        await content.focus()
        await page.keyboard.press("Control+a")
        await page.keyboard.insert_text(text)
        try:
            await page.wait_for_function(holds, arg=text, timeout=timeout)
            return
        except PlaywrightTimeout:
            shown = await page.evaluate(
                f"() => [({EDITOR_TEXT_JS})(document.querySelector('#editor .cm-editor')),"
                " document.activeElement?.outerHTML.slice(0, 200),"
                " document.body.innerText.slice(0, 1500)]"
            )
            print(f"replace_code, attempt {attempt}: the editor did not hold {text!r}: {shown!r}")
    await screenshot(page, "replace-code-timeout")
    raise AssertionError(f"the editor never held {text!r}: {shown!r}")


async def run(page: Page, button: str = "Run", *, timeout: float = RUN_MS) -> None:
    """Click Run (or Run tests) and wait until this page shows a run newer than before."""
    before = await output(page).get_attribute("data-run-id") if await output(page).count() else None
    await panel(page).get_by_role("button", name=button, exact=True).click()
    newer = re.compile(f"^(?!{re.escape(before)}$)" if before else "^.")
    await expect(output(page)).to_have_attribute("data-run-id", newer, timeout=timeout)


# Records every status line the run panel shows, however briefly.
WATCH_STATUS_JS = """() => {
  window.runStatuses = [];
  const panel = document.querySelector(".run-panel");
  new MutationObserver(() => {
    const shown = panel.querySelectorAll("[role=status]");
    for (const el of shown) window.runStatuses.push(el.textContent);
  }).observe(panel, { subtree: true, childList: true, characterData: true });
}"""


async def interview_with_candidate(
    new_page: NewPage, base: str, title: str, language: str, problem: str | None = None
) -> tuple[Page, Page, str]:
    _, host = await new_page()
    await sign_up(host, base, "Ada Lovelace")
    session_id = await create_interview(host, title, language, problem=problem)
    invite_url = await copy_invite(host, "candidate")
    _, candidate = await new_page()
    await join(candidate, invite_url, "Grace Hopper")
    return host, candidate, session_id


async def test_candidate_runs_python_and_javascript_and_everyone_sees_it(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    host, candidate, _ = await interview_with_candidate(
        new_page, app_server.http_url, "Run code together", "Python"
    )
    await expect(panel(candidate)).to_contain_text("extra packages (numpy…)")

    # Python: the first run waits for Pyodide, with a visible loading state.
    await replace_code(
        candidate, 'import sys, math\nprint("hello from", sys.platform)\nprint(math.comb(5, 2))\n'
    )
    await wait_for_text(host, "math.comb(5, 2)")
    await candidate.evaluate(WATCH_STATUS_JS)
    await run_button(candidate).click()
    for page, who in ((candidate, "You"), (host, "Grace Hopper")):
        await expect(output(page).locator(".run-stdout")).to_have_text(
            "hello from emscripten\n10\n", timeout=PYTHON_START_MS
        )
        await expect(output(page).locator(".run-who")).to_contain_text(f"{who} ran Python")
        await expect(output(page).locator("[data-exit-code]")).to_have_text("exit 0")
    statuses = await candidate.evaluate("() => window.runStatuses")
    assert "Starting Python… (first run takes a few seconds)" in statuses, statuses
    await screenshot(candidate, "run-python-candidate")
    await screenshot(host, "run-python-interviewer")

    # Errors come back as a traceback of the candidate's own lines, with exit status 1.
    await replace_code(candidate, "def f(n):\n    return 10 // n\n\nprint(f(0))\n")
    await run(candidate)
    for page in (candidate, host):
        stderr = output(page).locator(".run-stderr")
        await expect(stderr).to_contain_text('File "solution.py", line 4, in <module>')
        await expect(stderr).to_contain_text('File "solution.py", line 2, in f')
        await expect(stderr).to_contain_text("ZeroDivisionError")
        await expect(stderr).not_to_contain_text("harness")
        await expect(output(page).locator("[data-exit-code]")).to_have_text("exit 1")

    # Only the standard library: say so instead of suggesting micropip.
    await replace_code(candidate, "import numpy\n")
    await run(candidate)
    await expect(output(host).locator(".run-stderr")).to_contain_text(
        "extra packages such as numpy are not installed"
    )

    # JavaScript, after the interviewer switches the language.
    await host.get_by_label("Language").select_option(label="JavaScript")
    await expect(candidate.locator("span[data-language]")).to_have_text("JavaScript")
    await replace_code(
        candidate,
        'const xs = [3, 1, 2].sort();\nconsole.log("sorted", xs, { n: xs.length });\n'
        'console.error("careful");\n',
    )
    await run(candidate)
    for page in (candidate, host):
        await expect(output(page).locator(".run-stdout")).to_have_text(
            "sorted [ 1, 2, 3 ] { n: 3 }\n"
        )
        await expect(output(page).locator(".run-stderr")).to_have_text("careful\n")
        await expect(output(page).locator(".run-who")).to_contain_text("ran JavaScript")

    # The interviewer's run is shared the same way, named for them on the candidate's side.
    await replace_code(host, 'console.log("from the interviewer")\n')
    await run(host)
    await expect(output(candidate).locator(".run-who")).to_contain_text(
        "Ada Lovelace ran JavaScript"
    )
    await expect(output(candidate).locator(".run-stdout")).to_have_text("from the interviewer\n")
    await screenshot(candidate, "run-javascript-candidate")

    # Languages without a runner say so rather than offering a broken button.
    await host.get_by_label("Language").select_option(label="Java")
    await expect(panel(candidate)).to_contain_text(
        "Running Java is not supported in the browser yet."
    )
    await expect(run_button(candidate)).to_have_count(0)


async def test_run_tests_reports_passes_and_failures(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    host, candidate, _ = await interview_with_candidate(
        new_page,
        app_server.http_url,
        "Tests",
        "Python",
        problem="Pair With Target Sum · easy",
    )
    # A session created with a problem starts with its starter code, for both.
    await wait_for_text(candidate, "def pair_with_sum(nums, target):")
    await expect(candidate.locator("#side-panel-problem")).to_contain_text("Pair With Target Sum")

    await replace_code(candidate, CORRECT)
    await wait_for_text(host, "seen[value] = index")
    await run_tests_button(candidate).click()
    for page in (candidate, host):
        summary = output(page).locator(".run-tests-summary")
        await expect(summary).to_have_text("All 6 tests passed", timeout=PYTHON_START_MS)
        await expect(output(page).locator(".run-case[data-passed=true]")).to_have_count(6)
    await screenshot(host, "run-tests-passed")

    # A wrong solution: the failing cases show what was expected and what came back.
    await replace_code(candidate, WRONG)
    await run(candidate, "Run tests")
    for page in (candidate, host):
        summary = output(page).locator(".run-tests-summary")
        await expect(summary).to_have_text("4 of 6 tests passed")
        failing = output(page).locator(".run-case[data-case=negative-value]")
        await expect(failing).to_have_attribute("data-passed", "false")
        await expect(failing.locator(".run-case-diff")).to_contain_text("Expected[0,2]")
        await expect(failing.locator(".run-case-diff")).to_contain_text("Gotnull")
        await expect(
            output(page).locator(".run-case[data-case=example][data-passed=true]")
        ).to_have_count(1)
    await screenshot(candidate, "run-tests-failed")

    # The same tests in JavaScript, calling the problem's JavaScript function name.
    await host.get_by_label("Language").select_option(label="JavaScript")
    await expect(candidate.locator("span[data-language]")).to_have_text("JavaScript")
    await replace_code(candidate, CORRECT_JS)
    await run(candidate, "Run tests")
    await expect(output(host).locator(".run-tests-summary")).to_have_text("All 6 tests passed")
    await expect(output(host).locator(".run-who")).to_contain_text(
        "Grace Hopper ran the tests in JavaScript"
    )


# A program that patches the harness's json.dumps: in a shared interpreter the next
# "Run tests" would report whatever it says (here: fail to report at all).
PATCH_JSON = """import json
def dumps(*args, **kwargs):
    raise RuntimeError("patched by the previous program")
json.dumps = dumps
"""


async def test_a_program_cannot_change_the_next_run_tests_result(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    _, candidate, _ = await interview_with_candidate(
        new_page,
        app_server.http_url,
        "Patched harness",
        "Python",
        problem="Pair With Target Sum · easy",
    )
    await wait_for_text(candidate, "def pair_with_sum(nums, target):")
    await replace_code(candidate, PATCH_JSON)
    await run(candidate, timeout=PYTHON_START_MS)
    await replace_code(candidate, CORRECT)
    await run(candidate, "Run tests", timeout=PYTHON_START_MS)
    summary = output(candidate).locator(".run-tests-summary")
    await expect(summary).to_have_text("All 6 tests passed")


async def test_infinite_loops_are_stopped_and_the_page_stays_responsive(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    _, page = await new_page()
    await sign_up(page, app_server.http_url)
    await create_interview(page, "Loops", "JavaScript")

    await replace_code(page, 'console.log("before the loop");\nfor (;;) {}\n')
    started = time.monotonic()
    await run_button(page).click()
    await expect(panel(page).get_by_role("status")).to_contain_text("Running")
    # The page is not frozen while the program spins: typing still reaches the editor.
    await type_at_end(page, "\n// typed while it runs")
    await wait_for_text(page, "// typed while it runs")
    assert await page.evaluate("() => 6 * 7") == 42
    await expect(output(page)).to_have_attribute("data-verdict", "timeout", timeout=RUN_MS)
    elapsed = time.monotonic() - started
    assert TIME_LIMIT_S - 1 < elapsed < TIME_LIMIT_S + 10, elapsed
    await expect(output(page).locator(".run-stdout")).to_have_text("before the loop\n")
    await expect(output(page).locator(".run-stderr")).to_contain_text(
        f"still running after the {TIME_LIMIT_S} s time limit"
    )
    await expect(output(page).locator("[data-exit-code]")).to_have_text("killed")
    await screenshot(page, "run-time-limit")

    # A new run works right away.
    await replace_code(page, 'console.log("after")\n')
    await run(page)
    await expect(output(page).locator(".run-stdout")).to_have_text("after\n")

    # Python: the worker is killed, then Python starts again for the next run.
    await page.get_by_label("Language").select_option(label="Python")
    await replace_code(page, "print('spinning', flush=True)\nwhile True:\n    pass\n")
    await run_button(page).click()
    await expect(output(page)).to_have_attribute("data-verdict", "timeout", timeout=PYTHON_START_MS)
    await expect(output(page).locator(".run-stdout")).to_have_text("spinning\n")
    await replace_code(page, "print(sum(range(10)))\n")
    await run(page, timeout=PYTHON_START_MS)
    await expect(output(page).locator(".run-stdout")).to_have_text("45\n")
    await expect(output(page)).to_have_attribute("data-verdict", "ok")


async def test_sandboxed_code_cannot_reach_the_page(
    app_server: InProcessServer, new_page: NewPage, console: Console
) -> None:
    base = app_server.http_url
    host, candidate, session_id = await interview_with_candidate(
        new_page, base, "Sandbox", "JavaScript"
    )
    # Secrets in the interviewer's page that the candidate's code must not see.
    await host.evaluate(
        """() => {
        document.cookie = "probe=page-cookie; path=/";
        localStorage.setItem("probe", "page-storage");
        document.title = "page-title";
    }"""
    )
    probe = PROBE.replace("ORIGIN", base).replace("SESSION", session_id)
    await replace_code(candidate, probe)
    await wait_for_text(host, "Promise.all([api, notes])")

    # The interviewer runs the candidate's code: it executes in the interviewer's browser.
    await run(host)
    out = output(host).locator(".run-stdout")
    await expect(out).to_contain_text("done")
    text = await out.inner_text()
    lines = dict(line.split(": ", 1) for line in text.strip().splitlines() if ": " in line)
    assert lines["document"] == "undefined"
    assert lines["cookie"] == "ReferenceError"
    assert lines["parent"] == "ReferenceError"
    assert lines["top"] == "ReferenceError"
    assert lines["localStorage"] == "ReferenceError"
    assert lines["indexedDB"] == "SecurityError"
    assert lines["origin"] == "null"
    assert lines["api"] == "TypeError", "the API answered the sandbox"
    assert lines["notes"] == "closed 4401", "the notes socket accepted the sandbox"
    for secret in ("page-cookie", "page-storage", "page-title", "codesync_session"):
        assert secret not in text
    await screenshot(host, "run-sandbox-probe")

    # The POST with the page's cookies did not end the interview.
    cookies = {c["name"]: c["value"] for c in await host.context.cookies()}
    async with httpx.AsyncClient(base_url=base, cookies=cookies) as http:
        session = (await http.get(f"/api/sessions/{session_id}")).json()
    assert session["status"] == "active", json.dumps(session)

    # The refused cross-origin calls are the point of this test, not console noise.
    console.errors[:] = [e for e in console.errors if "CORS policy" not in e]


async def test_interviewer_can_turn_running_off_for_the_candidate(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    host, candidate, _ = await interview_with_candidate(
        new_page, app_server.http_url, "No running", "JavaScript"
    )
    toggle = host.get_by_label("Disable running for the candidate")
    await toggle.check()
    await expect(run_button(candidate)).to_be_disabled()
    await expect(run_tests_button(candidate)).to_be_disabled()
    await expect(candidate.locator("[data-run-blocked]")).to_have_text(
        "Your interviewer has turned off running code for now."
    )
    await expect(candidate.get_by_label("Disable running for the candidate")).to_have_count(0)
    await screenshot(candidate, "run-disabled-candidate")

    # The interviewer still runs; the candidate still sees it.
    await replace_code(host, 'console.log("interviewer only")\n')
    await run(host)
    await expect(output(candidate).locator(".run-stdout")).to_have_text("interviewer only\n")

    # Back on: the candidate runs again, and the interviewer sees it.
    await toggle.uncheck()
    await expect(candidate.locator("[data-run-blocked]")).to_have_count(0)
    await replace_code(candidate, 'console.log("candidate again")\n')
    await run(candidate)
    await expect(output(host).locator(".run-stdout")).to_have_text("candidate again\n")
    await expect(editor(host)).to_be_visible()


async def test_interviewer_picks_the_problem_in_the_room(
    app_server: InProcessServer, new_page: NewPage
) -> None:
    host, candidate, _ = await interview_with_candidate(
        new_page, app_server.http_url, "Pick a problem", "JavaScript"
    )
    await expect(candidate.get_by_role("button", name="Choose a problem")).to_have_count(0)
    await host.get_by_role("button", name="Choose a problem").click()
    picker = host.get_by_role("dialog", name="Choose a problem")
    await expect(picker.locator(".picker-item")).to_have_count(24)

    # Search, then narrow by difficulty and tag.
    await picker.get_by_label("Search problems").fill("brackets")
    await expect(picker.locator(".picker-item")).to_have_count(1)
    await picker.get_by_label("Search problems").fill("")
    await picker.get_by_label("Difficulty").select_option(label="Hard")
    await picker.get_by_label("Tag").select_option("dynamic-programming")
    await expect(picker.locator(".picker-item")).to_have_count(2)
    await expect(picker).to_contain_text("Minimum Edit Operations")
    await picker.get_by_label("Difficulty").select_option(label="Easy")
    await picker.get_by_label("Tag").select_option("stack")
    await expect(picker.locator(".picker-item")).to_have_count(1)
    await screenshot(host, "problem-picker")
    await picker.get_by_role("button", name=re.compile("Balanced Brackets")).click()
    await expect(picker).to_be_hidden()

    # Everyone gets the statement, and the empty editor the starter code for the language.
    for page in (host, candidate):
        statement = page.locator("#side-panel-problem")
        await expect(statement.get_by_role("heading", name="Balanced Brackets")).to_be_visible()
        await wait_for_text(page, "function isBalanced(s) {")
    await expect(run_tests_button(candidate)).to_be_enabled()

    # Changing the problem never replaces code already written.
    await host.get_by_role("button", name="Change problem").click()
    await picker.get_by_label("Search problems").fill("coins")
    await picker.get_by_role("button", name=re.compile("Fewest Coins")).click()
    await expect(
        candidate.locator("#side-panel-problem").get_by_role("heading", name=re.compile("Fewest"))
    ).to_be_visible()
    await wait_for_text(candidate, "function isBalanced(s) {")
    await wait_for_text(candidate, "function minCoins", present=False)
