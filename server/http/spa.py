"""Serving the built web app (web/dist): its files as they are, and index.html for every
other page path, so `/dashboard` and `/s/{id}` load the app and its router takes over."""

from __future__ import annotations

import html
import os
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Match, Route
from starlette.staticfiles import StaticFiles

from server.http.errors import error_response
from server.http.security import NONCE_STATE_KEY

NONCE_PLACEHOLDER = "__CSP_NONCE__"  # web/index.html
_BACKEND_PREFIXES = ("/api/", "/yjs/", "/signal/")
_IMMUTABLE = "public, max-age=31536000, immutable"  # content-hashed file names
_REVALIDATE = "no-cache"


def _cache_control(path: str) -> str:
    if path.startswith("/assets/"):
        return _IMMUTABLE
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
        if path not in ("/", "/index.html"):
            try:
                response = await self.files.get_response(
                    self.files.get_path(request.scope), request.scope
                )
            except HTTPException as exc:
                if exc.status_code != 404:
                    raise
            else:
                response.headers["Cache-Control"] = _cache_control(path)
                return response
            if _looks_like_a_file(path):
                # A missing script or stylesheet must not come back as HTML.
                return error_response(404, "not_found", "No such file.")
        return self._index_page(request)

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
