"""Security headers on every HTTP response: a strict Content-Security-Policy (with a per-
response nonce for the style elements the editor creates), no sniffing, no referrer (invite
tokens travel in URLs), no framing — except for the code sandbox, which the room frames."""

from __future__ import annotations

import re
import secrets

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NONCE_STATE_KEY = "csp_nonce"
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")

STATIC_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(
    nonce: str, host: str | None, connect_extra: tuple[str, ...] = ()
) -> str:
    """Everything from our own origin only. Loosen a directive only for a feature that needs
    it, and say which: `style-src` admits CodeMirror's <style> elements by nonce;
    `style-src-attr 'unsafe-inline'` is for the style attributes CodeMirror and
    y-codemirror.next set on decorations (remote carets); `connect-src` names the websocket
    origin explicitly because older browsers do not match ws: against 'self'; with Stream
    configured it also names Stream's hosts (`connect_extra`), and user images may come from
    Stream's CDN."""
    sockets = f" ws://{host} wss://{host}" if host else ""
    sockets += "".join(f" {origin}" for origin in connect_extra)
    images = " https://*.stream-io-cdn.com" if connect_extra else ""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "style-src-attr 'unsafe-inline'",
            f"img-src 'self' data: blob:{images}",
            "font-src 'self'",
            f"connect-src 'self'{sockets}",
            "worker-src 'self'",
            "manifest-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


SANDBOX_PATH = "/sandbox.html"  # web/sandbox.html, the frame that runs candidates' code
# Files the sandbox loads from its opaque origin, so as cross-origin requests: its own script
# chunks and Pyodide. Public, static and credential-free, so any origin may read them.
_SHARED_PREFIXES = ("/assets/", "/pyodide/")


def sandbox_policy(host: str | None) -> str:
    """The code sandbox is framed by the room with `sandbox="allow-scripts"` (no
    same-origin), so it and its workers run in an opaque origin: no access to the room's
    DOM, cookies, storage or documents. It gets what the room must never have: `'unsafe-eval'`
    (the JavaScript runner evaluates the candidate's program), `'wasm-unsafe-eval'` (Pyodide
    compiles CPython's WebAssembly) and `blob:` workers (the only kind an opaque origin may
    start); it may be framed by our own pages only. Our origin is also named explicitly:
    `'self'` of an opaque origin matches nothing in some browsers."""
    origin = f" http://{host} https://{host}" if host else ""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self'{origin} 'unsafe-eval' 'wasm-unsafe-eval'",
            "worker-src blob:",
            f"connect-src 'self'{origin}",
            "frame-ancestors 'self'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def _host(scope: Scope) -> str | None:
    host = Headers(scope=scope).get("host", "")
    return host if _HOST.fullmatch(host) else None  # never echo a malformed Host header


class SecurityHeaders:
    """Pure ASGI middleware. The nonce is put in `scope["state"]` for the SPA handler, which
    writes it into index.html."""

    def __init__(self, app: ASGIApp, connect_extra: tuple[str, ...] = ()) -> None:
        self.app = app
        self.connect_extra = connect_extra

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})[NONCE_STATE_KEY] = nonce
        path: str = scope["path"]
        sandbox = path == SANDBOX_PATH
        if sandbox:
            policy = sandbox_policy(_host(scope))
        else:
            policy = content_security_policy(nonce, _host(scope), self.connect_extra)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                for name, value in STATIC_HEADERS.items():
                    headers[name] = value
                if sandbox:
                    headers["X-Frame-Options"] = "SAMEORIGIN"
                if path.startswith(_SHARED_PREFIXES):
                    headers["Access-Control-Allow-Origin"] = "*"
            await send(message)

        await self.app(scope, receive, send_with_headers)
