"""Security headers on every response, and the single-page app served for page paths."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.conftest import StartServer

INDEX = """<!doctype html><html><head>
<meta name="csp-nonce" content="__CSP_NONCE__" />
<script type="module" src="/assets/app-abc123.js"></script>
</head><body><div id="root"></div></body></html>"""


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "assets" / "app-abc123.js").write_text("console.log('app');")
    (root / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (root / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("outside the dist folder")
    return root


def assert_secured(response: httpx.Response) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    policy = headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
        "img-src 'self' data:",
    ):
        assert directive in policy, directive
    assert "unsafe-eval" not in policy
    script = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "unsafe-inline" not in script


async def test_pages_get_the_app_with_a_fresh_nonce(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        nonces = set()
        for path in ("/", "/dashboard", "/signin", "/s/abc123?invite=tok", "/index.html"):
            response = await http.get(path)
            assert response.status_code == 200, path
            assert response.headers["content-type"].startswith("text/html")
            assert response.headers["cache-control"] == "no-cache"
            assert_secured(response)
            policy = response.headers["content-security-policy"]
            nonce = re.search(r"'nonce-([^']+)'", policy)
            assert nonce is not None
            assert f'content="{nonce.group(1)}"' in response.text, "index.html carries the nonce"
            assert "__CSP_NONCE__" not in response.text
            nonces.add(nonce.group(1))
            port = server.http_url.rsplit(":", 1)[1]
            assert f"ws://127.0.0.1:{port}" in policy
        assert len(nonces) == 5, "a new nonce for every response"


async def test_files_are_served_as_files(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        script = await http.get("/assets/app-abc123.js")
        assert script.status_code == 200
        assert script.text == "console.log('app');"
        assert "javascript" in script.headers["content-type"]
        assert "immutable" in script.headers["cache-control"]
        assert_secured(script)
        worker = await http.get("/sw.js")
        assert worker.status_code == 200
        assert worker.headers["cache-control"] == "no-cache"
        missing = await http.get("/assets/app-gone.js")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "not_found"
        assert_secured(missing)
        assert (await http.get("/robots.txt")).status_code == 404


async def test_nothing_outside_dist_is_served(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        for raw in (
            "/assets/..%2f..%2fsecret.txt",
            "/..%2fsecret.txt",
            "/assets/%2e%2e/%2e%2e/secret.txt",
        ):
            response = await http.get(raw)
            assert "outside the dist folder" not in response.text, raw


async def test_api_answers_json_with_the_headers(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        health = await http.get("/api/health")
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
        assert_secured(health)
        unknown = await http.get("/api/no-such-thing")
        assert unknown.status_code == 404
        assert unknown.json() == {
            "error": {"code": "not_found", "message": "No such API endpoint."}
        }
        assert_secured(unknown)
        refused = await http.get("/api/me")
        assert refused.status_code == 401
        assert_secured(refused)


async def test_a_malformed_host_is_not_echoed(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        response = await http.get("/", headers={"host": "evil.example; script-src *"})
        policy = response.headers["content-security-policy"]
        assert "evil" not in policy
        assert "connect-src 'self';" in policy
