"""What the service worker keeps for an offline reload (`/asset-manifest.json`, written by
web/vite.config.ts): every file the app needs, lazy chunks included, served by the real
server — but not Stream's SDKs, which only rooms of a server with Stream keys load."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import WEB_DIST
from tests.support.serverproc import InProcessServer

STREAM_MARKERS = ("StreamVideoClient", "stream-chat-react")


async def test_the_offline_list_has_the_app_and_leaves_out_stream(
    app_server: InProcessServer,
) -> None:
    async with httpx.AsyncClient(base_url=app_server.http_url) as http:
        files: list[str] = (await http.get("/asset-manifest.json")).json()["files"]
        for path in files:
            assert (await http.get(path)).status_code == 200, path
    names = [path.rsplit("/", 1)[1] for path in files]
    for lazy in ("RoomPage-", "ReplayPage-"):
        assert any(name.startswith(lazy) for name in names), (lazy, names)

    def mentions_stream(path: str) -> bool:
        text = (WEB_DIST / path.lstrip("/")).read_text(errors="replace")
        return any(marker in text for marker in STREAM_MARKERS)

    built = [f"/assets/{p.name}" for p in (WEB_DIST / "assets").glob("*.js")]
    stream_chunks = {path for path in built if mentions_stream(path)}
    assert stream_chunks, "the build should contain the lazy Stream chunks"
    assert not stream_chunks & set(files), sorted(stream_chunks & set(files))
    assert not any(mentions_stream(p) for p in files if p.endswith(".js"))
