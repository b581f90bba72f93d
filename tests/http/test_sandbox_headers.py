"""The code sandbox's own policy (server/http/security.py): /sandbox.html may be framed by our
pages and may eval and compile WebAssembly; nothing else gets those, and the files the
sandbox loads from its opaque origin are readable cross-origin."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import StartServer


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "pyodide").mkdir()
    (root / "index.html").write_text('<meta name="csp-nonce" content="__CSP_NONCE__" />')
    (root / "sandbox.html").write_text('<script type="module" src="/assets/sandbox-1.js"></script>')
    (root / "assets" / "sandbox-1.js").write_text("console.log('sandbox');")
    (root / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    return root


def directives(policy: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d for d in policy.split("; ")}


async def test_the_sandbox_page_has_its_own_policy(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    host = server.http_url.removeprefix("http://")
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        sandbox = await http.get("/sandbox.html")
        assert sandbox.status_code == 200
        policy = directives(sandbox.headers["content-security-policy"])
        assert policy["default-src"] == "default-src 'none'"
        assert "'unsafe-eval'" in policy["script-src"]
        assert "'wasm-unsafe-eval'" in policy["script-src"]
        assert f"http://{host}" in policy["script-src"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert policy["worker-src"] == "worker-src blob:"
        assert policy["frame-ancestors"] == "frame-ancestors 'self'"
        assert sandbox.headers["x-frame-options"] == "SAMEORIGIN"
        assert sandbox.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in sandbox.headers

        # The room itself stays strict: no eval, no framing, no blob workers.
        room = await http.get("/s/abc")
        room_policy = room.headers["content-security-policy"]
        assert "unsafe-eval" not in room_policy
        assert "frame-ancestors 'none'" in room_policy
        assert "worker-src 'self';" in room_policy
        assert room.headers["x-frame-options"] == "DENY"
        assert "access-control-allow-origin" not in room.headers


async def test_sandbox_files_are_readable_from_an_opaque_origin(
    start_server: StartServer, dist: Path
) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        for path, kind in (
            ("/assets/sandbox-1.js", "javascript"),
            ("/pyodide/pyodide.asm.wasm", "application/wasm"),
        ):
            response = await http.get(path, headers={"origin": "null"})
            assert response.status_code == 200, path
            assert response.headers["access-control-allow-origin"] == "*"
            assert kind in response.headers["content-type"]
            assert "access-control-allow-credentials" not in response.headers
        api = await http.get("/api/health", headers={"origin": "null"})
        assert "access-control-allow-origin" not in api.headers
