"""Serving the built web app (web/dist): its files, and index.html for every other page path,
so `/dashboard` and `/s/{id}` load the app and its router takes over. The build writes a
brotli and a gzip twin of every compressible file (web/vite.config.ts `precompress`): a
browser that accepts one gets it, with no compression work per request. Source maps are
built for reading stack traces and never served."""

from __future__ import annotations

import html
import mimetypes
import os
from pathlib import Path
from stat import S_ISREG

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Match, Route
from starlette.staticfiles import StaticFiles

from server.http.errors import error_response
from server.http.security import NONCE_STATE_KEY

NONCE_PLACEHOLDER = "__CSP_NONCE__"  # web/index.html
_BACKEND_PREFIXES = ("/api/", "/yjs/", "/signal/")
_IMMUTABLE = "public, max-age=31536000, immutable"  # content-hashed file names
_REVALIDATE = "no-cache"
# Preferred first: brotli is ~15-20 % smaller than gzip on our bundles.
_ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def _cache_control(path: str) -> str:
    if path.startswith("/assets/") or path.startswith("/pyodide/"):
        return _IMMUTABLE  # hashed names, or Pyodide's version in the path
    if path.endswith(".html") or path in ("/sw.js", "/asset-manifest.json"):
        return _REVALIDATE  # must change as soon as a new build is deployed
    return "public, max-age=3600"


class SinglePageApp:
    def __init__(self, dist: Path) -> None:
        self.dist = dist
        self.files = StaticFiles(directory=dist)
        self._index: tuple[float, str] | None = None

    def route(self) -> Route:
        """The catch-all route; add it after every other route."""
        return Route("/{path:path}", self.handle, methods=["GET"], name="web")

    async def handle(self, request: Request) -> Response:
        path = request.url.path
        if path == "/api" or path.startswith(_BACKEND_PREFIXES):
            if allowed := _methods_elsewhere(request):
                # An API path we serve with other methods: 405 with Allow (RFC 9110), as
                # the router answers when this catch-all is not installed.
                refusal = error_response(405, "method_not_allowed", "Method Not Allowed")
                refusal.headers["Allow"] = ", ".join(sorted(allowed))
                return refusal
            return error_response(404, "not_found", "No such API endpoint.")
        if path.endswith(".map"):
            return error_response(404, "not_found", "No such file.")
        if path not in ("/", "/index.html"):
            if (compressed := await self._compressed(request)) is not None:
                compressed.headers["Cache-Control"] = _cache_control(path)
                return compressed
            try:
                response = await self.files.get_response(
                    self.files.get_path(request.scope), request.scope
                )
            except HTTPException as exc:
                if exc.status_code != 404:
                    raise
            else:
                response.headers["Cache-Control"] = _cache_control(path)
                return response  # the gzip middleware adds Vary: Accept-Encoding
            if _looks_like_a_file(path):
                # A missing script or stylesheet must not come back as HTML.
                return error_response(404, "not_found", "No such file.")
        return self._index_page(request)

    async def _compressed(self, request: Request) -> Response | None:
        """The file's brotli or gzip twin, when the browser accepts it and the build made one."""
        accepted = _accepted_encodings(request.headers.get("accept-encoding", ""))
        relative = self.files.get_path(request.scope)
        for encoding, suffix in _ENCODINGS:
            if encoding not in accepted:
                continue
            full, stat = await anyio.to_thread.run_sync(self.files.lookup_path, relative + suffix)
            if stat is None or not S_ISREG(stat.st_mode):
                continue
            media_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            return FileResponse(
                full,
                stat_result=stat,
                media_type=media_type,
                headers={"Content-Encoding": encoding, "Vary": "Accept-Encoding"},
            )
        return None

    def _index_page(self, request: Request) -> Response:
        nonce = request.scope.get("state", {}).get(NONCE_STATE_KEY, "")
        page = self._template().replace(NONCE_PLACEHOLDER, html.escape(nonce, quote=True))
        return HTMLResponse(page, headers={"Cache-Control": _REVALIDATE})

    def _template(self) -> str:
        index = self.dist / "index.html"
        mtime = os.stat(index).st_mtime  # re-read after a rebuild, without a restart
        if self._index is None or self._index[0] != mtime:
            self._index = (mtime, index.read_text(encoding="utf-8"))
        return self._index[1]


def _methods_elsewhere(request: Request) -> set[str]:
    """The methods other routes serve this path with (a partial match: path, not method)."""
    allowed: set[str] = set()
    for route in request.app.router.routes:
        partial = isinstance(route, Route) and route.matches(request.scope)[0] is Match.PARTIAL
        if partial and route.name != "web":
            allowed |= route.methods or set()
    return allowed


def _looks_like_a_file(path: str) -> bool:
    return path.startswith("/assets/") or "." in path.rsplit("/", 1)[-1]


def _accepted_encodings(header: str) -> set[str]:
    """The codings of an Accept-Encoding header that are not refused with q=0."""
    accepted = set()
    for part in header.split(","):
        coding, _, params = part.partition(";")
        try:
            quality = float(params.strip().removeprefix("q=")) if params.strip() else 1.0
        except ValueError:
            quality = 1.0
        if coding.strip() and quality > 0:
            accepted.add(coding.strip().lower())
    return accepted
