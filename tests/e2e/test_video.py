"""Built-in WebRTC video in real headless Chromium with fake camera and microphone: two and
three participants receive each other's video and audio, mute and camera-off reach the
others, a participant switches camera and microphone mid-call, and media comes back without
a reload both after a participant drops off the network (the call is rebuilt) and after the
peer-to-peer path alone is cut (ICE restarts on the same connections).

WebRTC must use loopback only, so the browser tests run inside a private network namespace:
outside one, `test_in_private_network_namespace` re-runs this file under `unshare -n` (with
`lo` up) and the other tests are not collected there; inside (`CODESYNC_NETNS=1`) they run.

No test hook ships in the app: an init script records the page's RTCPeerConnections so the
test can read `getStats()`."""

from __future__ import annotations

import asyncio
import errno
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from tests.conftest import StartServer
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    WEB_DIST,
    Console,
    NewPage,
    screenshot,
)
from tests.e2e.flows import copy_invite, create_interview, join, sign_up
from tests.support.serverproc import ROOT, InProcessServer

IN_NETNS = os.environ.get("CODESYNC_NETNS") == "1"
# Chosen at collection (tests/e2e/conftest.py): outside the namespace only the re-exec test
# is collected, inside only the browser tests: nothing is skipped.
inside = pytest.mark.netns("inside")

# Three fake cameras, to switch between fake_device_0 (I420) and fake_device_2 (MJPEG):
# fake_device_1 is a depth camera (Y16), which plays locally but which WebRTC's encoder
# silently drops (the other side's video freezes). There are three fake microphones anyway
# ("Fake Default Audio Input", "Fake Audio Input 1", "Fake Audio Input 2").
FAKE_MEDIA_ARGS = [
    "--use-fake-device-for-media-stream=device-count=3",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
]

# Chromium reports itself offline (navigator.onLine false) when only `lo` exists, so the
# namespace also gets a veth pair (both ends inside it) with a documentation address.
NETNS_ADDRESS = "192.0.2.1"
NAMESPACE_ADDRESSES = {"127.0.0.1", NETNS_ADDRESS}
NETNS_SETUP = (
    "ip link set lo up && ip link add cs0 type veth peer name cs1"
    f" && ip addr add {NETNS_ADDRESS}/24 dev cs0 && ip link set cs0 up && ip link set cs1 up"
)

RECORD_PEER_CONNECTIONS = """(() => {
  const Native = window.RTCPeerConnection;
  const all = [];
  window.__testPeerConnections = all;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      all.push(this);
      this.__added = 0; this.__gathered = 0; this.__addErrors = [];
      this.addEventListener('icecandidate', (e) => { if (e.candidate) this.__gathered += 1; });
    }
    async addIceCandidate(c) {
      try { const r = await super.addIceCandidate(c); this.__added += 1; return r; }
      catch (e) { this.__addErrors.push(String(e)); throw e; }
    }
  };
  // Every WebSocket the page opens (signalling and the documents' sync), by URL.
  const NativeSocket = window.WebSocket;
  window.__testSockets = [];
  window.WebSocket = class extends NativeSocket {
    constructor(url, protocols) { super(url, protocols); window.__testSockets.push(String(url)); }
  };
})();"""

# Per open peer connection: decoded video frames, received audio, and the local address of
# the selected candidate pair.
MEDIA_STATS = """async () => {
  const open = window.__testPeerConnections.filter((pc) => pc.connectionState !== 'closed');
  return Promise.all(open.map(async (pc) => {
    const stats = await pc.getStats();
    const out = { state: pc.connectionState, frames: 0, audioBytes: 0, local: null,
      signaling: pc.signalingState, ice: pc.iceConnectionState, gathering: pc.iceGatheringState,
      ld: pc.localDescription && pc.localDescription.type,
      rd: pc.remoteDescription && pc.remoteDescription.type,
      added: pc.__added, gathered: pc.__gathered, errors: pc.__addErrors };
    stats.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') out.frames += r.framesDecoded || 0;
      if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioBytes += r.bytesReceived || 0;
      if (r.type === 'candidate-pair' && r.state === 'succeeded' && r.nominated) {
        const local = stats.get(r.localCandidateId);
        out.local = local ? local.address : null;
      }
    });
    return out;
  }));
}"""


@pytest.mark.netns("outside")
def test_in_private_network_namespace() -> None:
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to isolate WebRTC from the network")
    here = Path(__file__).relative_to(ROOT)
    pytest_cmd = f"{sys.executable} -m pytest {here} -q -p no:cacheprovider -k 'not namespace'"
    inner = f"{NETNS_SETUP} && CODESYNC_NETNS=1 {pytest_cmd}"
    result = subprocess.run(
        ["unshare", "-n", "sh", "-c", inner],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    summary = output.strip().splitlines()[-1]
    assert re.match(r"\d+ passed, 1 deselected in ", summary), output


@pytest.fixture
async def video_server(start_server: StartServer) -> InProcessServer:
    # CODESYNC_WEB_DIST: a private build, while others rebuild web/dist concurrently.
    dist = Path(os.environ.get("CODESYNC_WEB_DIST") or WEB_DIST)
    if not (dist / "index.html").exists():
        pytest.fail(f"{dist} is missing: run `cd web && npm run build` (make test does)")
    return await start_server(web_dist=dist)


@pytest.fixture
async def media_page() -> AsyncIterator[NewPage]:
    """Like `new_page`, in a Chromium with fake devices and loopback WebRTC."""
    console = Console()
    async with async_playwright() as playwright:
        browser: Browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MEDIA_ARGS
        )
        contexts: list[BrowserContext] = []

        async def make() -> tuple[BrowserContext, Page]:
            context = await browser.new_context(viewport=VIEWPORT)
            await context.add_init_script(RECORD_PEER_CONNECTIONS)
            contexts.append(context)
            page = await context.new_page()
            console.watch(page)
            if os.environ.get("CODESYNC_VIDEO_DEBUG"):
                page.on("console", lambda m: print("console", m.type, m.text))
            return context, page

        yield make
        for context in contexts:
            await context.close()
        await browser.close()
    console.assert_clean()


async def join_call(page: Page, shot: str | None = None) -> None:
    """The pre-join check: wait for the camera preview and the microphone, then join."""
    await page.get_by_role("button", name="Join video call").click()
    check = page.get_by_role("region", name="Check your camera and microphone")
    await page.wait_for_function(
        "() => { const v = document.querySelector('.device-preview video');"
        " return v && v.videoWidth > 0; }"
    )
    await expect(check.get_by_role("combobox", name="Camera")).to_be_enabled()
    await expect(check.get_by_role("combobox", name="Microphone")).to_be_enabled()
    # The level meter moves with the fake microphone's beeps.
    await page.wait_for_function(
        "() => Number(document.querySelector('.mic-meter').getAttribute('aria-valuenow')) > 0"
    )
    if shot:
        await screenshot(page, shot)
    await page.get_by_role("button", name="Join call").click()
    await expect(page.locator(".video-strip")).to_have_attribute("data-call-status", "connected")


async def wait_receiving(page: Page, peers: int, timeout: float = 15.0) -> list[dict[str, Any]]:
    """Until the page has `peers` open connections, each decoding video and receiving audio
    (getStats is asynchronous, so this polls from here rather than in wait_for_function)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        links: list[dict[str, Any]] = await page.evaluate(MEDIA_STATS)
        if len(links) == peers and all(
            link["frames"] > 0 and link["audioBytes"] > 0 for link in links
        ):
            return links
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not receiving from {peers} peer(s): {links}")
        await asyncio.sleep(0.2)


def tile(page: Page, name: str) -> Any:
    return page.locator(f".video-tile[data-name='{name}']")


async def room_with(media_page: NewPage, base: str, guests: list[str]) -> list[Page]:
    _, host = await media_page()
    await sign_up(host, base)
    await create_interview(host, "Video call")
    pages = [host]
    for name in guests:
        invite = await copy_invite(host, "candidate" if len(pages) == 1 else "observer")
        _, guest = await media_page()
        await join(guest, invite, name)
        pages.append(guest)
    return pages


@inside
async def test_two_people_see_and_hear_each_other_and_recover_from_a_drop(
    video_server: InProcessServer, media_page: NewPage
) -> None:
    host, candidate = await room_with(media_page, video_server.http_url, ["Grace Hopper"])
    await join_call(host, shot="video-device-check")
    await join_call(candidate)
    for page in (host, candidate):
        (link,) = await wait_receiving(page, 1)
        assert link["local"] in NAMESPACE_ADDRESSES, link  # nothing outside the namespace
    # The remote video actually plays in its tile.
    await candidate.wait_for_function(
        "() => [...document.querySelectorAll('.video-tile[data-peer-id] video')]"
        ".some((v) => v.videoWidth === 640 && !v.paused)"
    )

    # Mute and camera-off are shown to the other side.
    await host.get_by_role("button", name="Mute", exact=True).click()
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-muted", "true")
    await expect(tile(candidate, "Ada Lovelace")).to_contain_text("muted")
    assert await host.evaluate(
        "() => window.__testPeerConnections.flatMap((pc) => pc.getSenders())"
        ".filter((s) => s.track && s.track.kind === 'audio').every((s) => !s.track.enabled)"
    )
    await host.get_by_role("button", name="Camera off").click()
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-camera-off", "true")
    await expect(tile(candidate, "Ada Lovelace").locator(".video-avatar")).to_have_text("AL")
    await host.get_by_role("button", name="Unmute").click()
    await host.get_by_role("button", name="Camera on").click()
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-muted", "false")
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-camera-off", "false")

    # Screen sharing replaces the outgoing camera track (no renegotiation) and back.
    await host.get_by_role("button", name="Share screen").click()
    await expect(tile(candidate, "Ada Lovelace")).to_contain_text("screen")
    sent = (
        "() => window.__testPeerConnections.filter((pc) => pc.connectionState !== 'closed')"
        ".flatMap((pc) => pc.getSenders()).filter((s) => s.track && s.track.kind === 'video')"
        ".map((s) => s.track.label)"
    )
    screen_labels = await host.evaluate(sent)
    await wait_receiving(candidate, 1)
    await host.get_by_role("button", name="Stop sharing").click()
    await expect(tile(candidate, "Ada Lovelace")).not_to_contain_text("screen")
    assert await host.evaluate(sent) != screen_labels, screen_labels

    # The candidate's network drops: the call says so, the host's tile goes; back online,
    # the call is rebuilt (new peer connections) without a reload.
    candidate_context = candidate.context
    await candidate.evaluate("() => { window.__sameDocument = true; }")
    await candidate_context.set_offline(True)
    await expect(candidate.locator(".video-strip")).to_have_attribute("data-call-status", "offline")
    await expect(tile(host, "Grace Hopper")).to_have_count(0)
    await candidate_context.set_offline(False)
    await expect(candidate.locator(".video-strip")).to_have_attribute(
        "data-call-status", "connected"
    )
    await expect(tile(host, "Grace Hopper")).to_have_count(1)
    for page in (host, candidate):
        await wait_receiving(page, 1)
    assert await candidate.evaluate("() => window.__sameDocument === true")  # no reload
    assert await candidate.evaluate("() => window.__testPeerConnections.length") >= 2

    # The host removes the candidate: the server closes their signalling socket (4403), the
    # candidate's call ends and their camera and microphone are released.
    session_id = host.url.rsplit("/", 1)[1]
    user_id = await tile(host, "Grace Hopper").get_attribute("data-user-id")
    status = await host.evaluate(
        "([s, u]) => fetch(`/api/sessions/${s}/participants/${u}`, {method: 'DELETE'})"
        ".then((r) => r.status)",
        [session_id, user_id],
    )
    assert status == 200
    await expect(candidate.locator(".video-strip")).to_have_attribute("data-call-status", "ended")
    await expect(candidate.locator(".video-strip")).to_contain_text("removed from the session")
    await expect(tile(host, "Grace Hopper")).to_have_count(0)
    assert await candidate.evaluate(
        "() => window.__testPeerConnections.every((pc) => pc.connectionState === 'closed'"
        " && pc.getSenders().every((s) => !s.track || s.track.readyState === 'ended'))"
    )


@inside
async def test_three_people_each_receive_the_two_others(
    video_server: InProcessServer, media_page: NewPage
) -> None:
    pages = await room_with(media_page, video_server.http_url, ["Grace Hopper", "Olga Observer"])
    for page in pages:
        await join_call(page)
    for page in pages:
        links = await wait_receiving(page, 2)
        assert all(link["state"] == "connected" for link in links), links
    host = pages[0]
    await expect(host.locator(".video-tile[data-peer-id]")).to_have_count(2)
    # The speaking indicator follows the others' (fake, beeping) microphones.
    speaking = host.locator(".video-tile[data-peer-id][data-speaking=true]")
    await expect(speaking.first).to_be_visible(timeout=8_000)
    await pages[1].get_by_role("button", name="Mute", exact=True).click()
    for page in (pages[0], pages[2]):
        await expect(tile(page, "Grace Hopper")).to_have_attribute("data-muted", "true")
    await host.wait_for_timeout(500)  # a frame or two more in every tile
    await screenshot(host, "video-three-people")
    await host.get_by_role("button", name="Hide video").click()
    await expect(host.locator(".video-strip")).to_have_attribute("data-collapsed", "true")
    await screenshot(host, "video-collapsed")


# The tracks this page sends, of one kind, on its open connections.
SENT_TRACKS = """(kind) => window.__testPeerConnections
  .filter((pc) => pc.connectionState !== 'closed').flatMap((pc) => pc.getSenders())
  .filter((s) => s.track && s.track.kind === kind)
  .map((s) => ({ label: s.track.label, deviceId: s.track.getSettings().deviceId,
    enabled: s.track.enabled, live: s.track.readyState === 'live' }))"""

# Everything that a renegotiation or a new connection would change, per connection ever made.
NEGOTIATION = """() => window.__testPeerConnections.map((pc) => ({ state: pc.connectionState,
  signaling: pc.signalingState, transceivers: pc.getTransceivers().length,
  sdp: pc.localDescription && pc.localDescription.sdp }))"""

# Per connection ever made: closed or not, and the ICE username fragment of its local
# description (an ICE restart changes it).
ICE_CREDENTIALS = """() => window.__testPeerConnections.map((pc) => ({
  closed: pc.connectionState === 'closed',
  ufrag: (((pc.localDescription && pc.localDescription.sdp) || '')
    .match(/a=ice-ufrag:(\\S+)/) || [])[1] }))"""

SIGNAL_SOCKETS = "() => window.__testSockets.filter((url) => url.includes('/signal/')).length"


async def decoded_frames(page: Page) -> int:
    return sum(link["frames"] for link in await page.evaluate(MEDIA_STATS))


async def wait_more_frames(page: Page, than: int, timeout: float = 15.0) -> int:
    """Until the page has decoded clearly more video frames than `than` (about a second's)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (frames := await decoded_frames(page)) < than + 20:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"video stalled at {frames} decoded frames (was {than})")
        await asyncio.sleep(0.2)
    return frames


async def wait_sending(page: Page, kind: str, label: str) -> dict[str, Any]:
    await page.wait_for_function(
        f"(label) => {{ const sent = ({SENT_TRACKS})('{kind}');"
        " return sent.length > 0 && sent.every((t) => t.label === label); }",
        arg=label,
    )
    (track,) = await page.evaluate(SENT_TRACKS, kind)
    return track  # type: ignore[no-any-return]


def preview_label(page: Page) -> Any:
    return page.evaluate(
        "() => document.querySelector('.video-tile[data-self] video').srcObject"
        ".getVideoTracks()[0].label"
    )


# The next getUserMedia call fails with this DOMException name (then the real one is back).
FAIL_NEXT_OPEN = """(name) => {
  const media = navigator.mediaDevices, real = media.getUserMedia;
  media.getUserMedia = async () => {
    media.getUserMedia = real;
    throw new DOMException('test', name);
  };
}"""


@inside
async def test_switching_camera_and_microphone_mid_call_replaces_the_tracks(
    video_server: InProcessServer, media_page: NewPage
) -> None:
    host, candidate = await room_with(media_page, video_server.http_url, ["Grace Hopper"])
    for page in (host, candidate):
        await join_call(page)
    for page in (host, candidate):
        await wait_receiving(page, 1)
    camera = await wait_sending(host, "video", "fake_device_0")
    mic = await wait_sending(host, "audio", "Fake Default Audio Input")
    negotiated = await host.evaluate(NEGOTIATION)
    await host.evaluate(
        "() => { window.__firstSenders = window.__testPeerConnections[0].getSenders()"
        ".map((s) => s.track); }"
    )

    # The menu lists the fake cameras and the (several) fake microphones.
    await host.get_by_role("button", name="Devices").click()
    menu = host.get_by_role("group", name="Switch camera and microphone")
    cameras, mics = (
        menu.get_by_role("combobox", name="Camera"),
        menu.get_by_role("combobox", name="Microphone"),
    )
    await expect(cameras.locator("option")).to_have_text(
        ["fake_device_0", "fake_device_1", "fake_device_2"]
    )
    await expect(mics.locator("option")).to_have_count(3)
    await expect(mics.locator("option:checked")).to_have_text("Fake Default Audio Input")
    await screenshot(host, "video-device-menu")

    # A muted microphone stays muted on the new device; the camera switch shows locally too.
    await host.get_by_role("button", name="Mute", exact=True).click()
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-muted", "true")
    frames = await decoded_frames(candidate)
    await cameras.select_option(label="fake_device_2")
    switched = await wait_sending(host, "video", "fake_device_2")
    assert switched["deviceId"] != camera["deviceId"] and switched["live"], switched
    assert await preview_label(host) == "fake_device_2"
    await mics.select_option(label="Fake Audio Input 1")
    switched = await wait_sending(host, "audio", "Fake Audio Input 1")
    assert switched["deviceId"] != mic["deviceId"] and not switched["enabled"], switched
    await expect(host.get_by_role("button", name="Unmute")).to_be_visible()
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-muted", "true")
    # The old devices are released; the same connection carries on, not renegotiated.
    assert await host.evaluate("() => window.__firstSenders.every((t) => t.readyState === 'ended')")
    assert await host.evaluate(NEGOTIATION) == negotiated, negotiated
    assert negotiated[0]["signaling"] == "stable" and len(negotiated) == 1, negotiated
    frames = await wait_more_frames(candidate, frames)
    await wait_more_frames(candidate, frames)  # and keeps decoding

    # While the screen is shared, a new camera waits for the share to stop.
    await host.get_by_role("button", name="Share screen").click()
    await expect(tile(candidate, "Ada Lovelace")).to_contain_text("screen")
    (screen,) = await host.evaluate(SENT_TRACKS, "video")
    await expect(menu).to_contain_text("A new camera is sent when you stop sharing.")
    await cameras.select_option(label="fake_device_0")
    await expect(cameras.locator("option:checked")).to_have_text("fake_device_0")
    assert await host.evaluate(SENT_TRACKS, "video") == [screen]
    await host.get_by_role("button", name="Stop sharing").click()
    await wait_sending(host, "video", "fake_device_0")
    assert await preview_label(host) == "fake_device_0"
    await wait_more_frames(candidate, await decoded_frames(candidate))

    # A device that is gone or refused: the strip says why, the call keeps the old one.
    for error, message in (
        ("OverconstrainedError", "That camera is no longer available"),
        ("NotAllowedError", "The browser blocked the camera"),
    ):
        await host.evaluate(FAIL_NEXT_OPEN, error)
        await cameras.select_option(label="fake_device_2")
        await expect(menu.get_by_role("alert")).to_contain_text(message)
        await expect(menu.get_by_role("alert")).to_contain_text("Still using the previous camera")
        await expect(cameras.locator("option:checked")).to_have_text("fake_device_0")
        (sent,) = await host.evaluate(SENT_TRACKS, "video")
        assert sent["label"] == "fake_device_0" and sent["live"], sent
    await screenshot(host, "video-device-error")

    # The camera in use goes away by itself (unplugged): its track ends — the event the
    # browser fires then, dispatched here since a fake device cannot be unplugged. The call
    # goes on with the camera off, the strip says so; choosing a camera brings video back.
    await host.evaluate(
        "() => window.__testPeerConnections[0].getSenders()"
        ".find((s) => s.track && s.track.kind === 'video').track.dispatchEvent(new Event('ended'))"
    )
    await expect(host.locator("[data-device-lost]")).to_contain_text("Your camera stopped")
    await screenshot(host, "video-camera-lost")
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-camera-off", "true")
    assert await host.evaluate(SENT_TRACKS, "video") == []
    await cameras.select_option(label="fake_device_2")
    await wait_sending(host, "video", "fake_device_2")
    await expect(host.locator("[data-device-lost]")).to_have_count(0)
    await expect(tile(candidate, "Ada Lovelace")).to_have_attribute("data-camera-off", "false")
    await wait_more_frames(candidate, await decoded_frames(candidate))

    await host.get_by_role("button", name="Devices").click()
    await expect(menu).to_have_count(0)
    assert await host.evaluate(NEGOTIATION) == negotiated  # still no renegotiation


class PeerToPeerCut:
    """Cuts every path between the browsers except the server's TCP port, so the signalling
    socket stays up while ICE has nothing to slide over to (UDP, nor TCP candidates). The
    namespace has no iptables or nft, but we are root there and policy routing works: the
    local table moves from priority 0 behind the blackhole rules, which then come first."""

    def __init__(self, port: int) -> None:
        self.rules = [
            ["pref", "5", "ipproto", "tcp", "sport", str(port), "lookup", "local"],
            ["pref", "6", "ipproto", "tcp", "dport", str(port), "lookup", "local"],
            ["pref", "10", "ipproto", "udp", "blackhole"],
            ["pref", "11", "ipproto", "tcp", "blackhole"],
        ]
        self.added: list[list[str]] = []

    def __enter__(self) -> PeerToPeerCut:
        ip_rule("add", "pref", "100", "lookup", "local")
        ip_rule("del", "pref", "0")
        return self

    def cut(self) -> None:
        for rule in self.rules:
            ip_rule("add", *rule)
            self.added.append(rule)
        assert udp_is_blocked(), "the blackhole rules did not stop UDP"

    def lift(self) -> None:
        while self.added:
            ip_rule("del", *self.added.pop())

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.lift()
        ip_rule("add", "pref", "0", "lookup", "local")
        ip_rule("del", "pref", "100")


def ip_rule(*args: str) -> None:
    subprocess.run(["ip", "rule", *args], check=True, capture_output=True, timeout=5)


def udp_is_blocked() -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.sendto(b"x", ("127.0.0.1", 9))
        except OSError as error:
            return error.errno == errno.EINVAL
        return False


async def wait_ice_restarted(page: Page, before: list[dict[str, Any]], timeout: float) -> None:
    """Until each open connection has new ICE credentials in its local description."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        now = await page.evaluate(ICE_CREDENTIALS)
        if len(now) == len(before) and all(
            n["closed"] or n["ufrag"] != b["ufrag"] for n, b in zip(now, before, strict=True)
        ):
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no ICE restart: {before} -> {now}")
        await asyncio.sleep(0.2)


@inside
async def test_a_cut_peer_to_peer_path_recovers_by_ice_restart_on_the_same_connections(
    video_server: InProcessServer, media_page: NewPage
) -> None:
    host, candidate = await room_with(media_page, video_server.http_url, ["Grace Hopper"])
    pages = {host: "Grace Hopper", candidate: "Ada Lovelace"}  # page: the other's name
    for page in pages:
        await join_call(page)
    for page in pages:
        await wait_receiving(page, 1)
        await page.evaluate("() => { window.__sameDocument = true; }")
    credentials = {page: await page.evaluate(ICE_CREDENTIALS) for page in pages}
    peer_ids = {
        page: await tile(page, name).get_attribute("data-peer-id") for page, name in pages.items()
    }

    with PeerToPeerCut(video_server.port) as network:
        network.cut()
        for page, name in pages.items():
            await expect(tile(page, name)).to_have_attribute(
                "data-link", "reconnecting", timeout=15_000
            )
            await expect(tile(page, name).locator(".video-conn")).to_have_text("Reconnecting…")
        await screenshot(host, "video-reconnecting")
        # Cut until both sides have restarted ICE, then some more: lifted sooner, the old
        # candidate pair could simply resume (nothing would show that a restart recovers),
        # and a restart sent just before the lift would connect at once. An outage outlasts
        # the first restart, whose checks then fail (Chromium retries them only after 15 s).
        for page in pages:
            await wait_ice_restarted(page, credentials[page], timeout=30)
        await asyncio.sleep(2)
        frames = {page: await decoded_frames(page) for page in pages}
        network.lift()
        # Back within a retry period (5 s) or so: not only once ICE gives up ("failed").
        for page, name in pages.items():
            back = tile(page, name)
            await expect(back).to_have_attribute("data-link", "connected", timeout=10_000)
            await expect(back.locator(".video-conn")).to_have_count(0)
            await wait_more_frames(page, frames[page])

    for page, name in pages.items():
        # The same connections (none added), the same signalling socket and peer ids, and
        # the same document.
        after = await page.evaluate(ICE_CREDENTIALS)
        assert len(after) == len(credentials[page]) and not any(c["closed"] for c in after), after
        assert await page.evaluate(SIGNAL_SOCKETS) == 1
        assert await tile(page, name).get_attribute("data-peer-id") == peer_ids[page]
        await expect(page.locator(".video-strip")).to_have_attribute(
            "data-call-status", "connected"
        )
        assert await page.evaluate("() => window.__sameDocument === true")
