"""server/http/spa.py and the app's gzip: the build's brotli/gzip twins are sent to browsers
that accept them (unchanged bytes, with Content-Encoding and Vary), other large answers are
gzipped on the fly, source maps are never served, Pyodide's versioned files are immutable."""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest

from tests.conftest import StartServer

SCRIPT = "console.log('the room');\n" * 200


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "pyodide" / "314.0.7").mkdir(parents=True)
    (root / "index.html").write_text('<meta name="csp-nonce" content="__CSP_NONCE__" />')
    script = root / "assets" / "room-1.js"
    script.write_text(SCRIPT)
    script.with_name("room-1.js.br").write_bytes(b"brotli twin")  # served as is, never decoded
    script.with_name("room-1.js.gz").write_bytes(gzip.compress(SCRIPT.encode()))
    script.with_name("room-1.js.map").write_text('{"version": 3}')
    (root / "assets" / "plain-1.js").write_text(SCRIPT)  # no twins: sent as it is
    (root / "pyodide" / "314.0.7" / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    return root


async def raw(http: httpx.AsyncClient, path: str, accept: str) -> tuple[httpx.Response, bytes]:
    """The answer and its bytes as sent (httpx would decode gzip)."""
    async with http.stream("GET", path, headers={"accept-encoding": accept}) as response:
        return response, b"".join([chunk async for chunk in response.aiter_raw()])


async def test_the_build_twins_go_to_browsers_that_accept_them(
    start_server: StartServer, dist: Path
) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        answer, body = await raw(http, "/assets/room-1.js", "gzip, deflate, br, zstd")
        assert answer.headers["content-encoding"] == "br" and body == b"brotli twin"
        assert answer.headers["content-type"].startswith("text/javascript")
        assert answer.headers["vary"] == "Accept-Encoding"
        assert "immutable" in answer.headers["cache-control"]

        answer, body = await raw(http, "/assets/room-1.js", "gzip;q=1, br;q=0")
        assert answer.headers["content-encoding"] == "gzip"
        assert gzip.decompress(body).decode() == SCRIPT

        answer, body = await raw(http, "/assets/room-1.js", "identity")
        assert "content-encoding" not in answer.headers and body.decode() == SCRIPT
        assert answer.headers["vary"] == "Accept-Encoding"


async def test_other_large_answers_are_gzipped_on_the_fly(
    start_server: StartServer, dist: Path
) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        answer, body = await raw(http, "/api/openapi.json", "gzip")
        assert answer.headers["content-encoding"] == "gzip"
        assert len(body) < len(gzip.decompress(body)) / 4
        answer, body = await raw(http, "/assets/plain-1.js", "gzip")
        assert answer.headers["content-encoding"] == "gzip"
        assert gzip.decompress(body).decode() == SCRIPT
        answer, _ = await raw(http, "/api/health", "gzip")  # small: not worth it
        assert "content-encoding" not in answer.headers


async def test_source_maps_are_not_served(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        answer = await http.get("/assets/room-1.js.map")
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "not_found"


async def test_pyodide_files_are_kept_for_a_year(start_server: StartServer, dist: Path) -> None:
    server = await start_server(web_dist=dist)
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        answer = await http.get("/pyodide/314.0.7/pyodide.asm.wasm")
        assert answer.status_code == 200 and answer.content == b"\0asm\1\0\0\0"
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
