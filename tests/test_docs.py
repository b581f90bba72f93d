"""docs/interface.md stays true: its routes are the OpenAPI document's, its variables the ones
server/settings.py reads, its close codes server/closecodes.py's; the README names no route
that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

from server.app import VERSION, api_endpoints
from server.closecodes import CloseCode
from server.http.openapi import openapi_document

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "interface.md").read_text(encoding="utf-8")
ROUTE = re.compile(r"`(GET|POST|PUT|DELETE|PATCH) (/api/[^`\s?]*)")


def _shape(path: str) -> str:
    return re.sub(r"{\w+}", "{}", path)


def documented_routes(text: str) -> set[str]:
    """The routes of the HTTP API table (rows starting with a `METHOD /api/…` cell)."""
    rows = (line for line in text.splitlines() if line.startswith("| `"))
    return {f"{m[1]} {_shape(m[2])}" for line in rows if (m := ROUTE.match(line[2:]))}


def served_routes() -> set[str]:
    paths = openapi_document(api_endpoints(), VERSION)["paths"]
    return {f"{method.upper()} {_shape(path)}" for path, ops in paths.items() for method in ops}


def test_every_route_is_documented_and_every_documented_route_is_served() -> None:
    served, documented = served_routes(), documented_routes(DOC)
    assert not served - documented, f"routes missing from docs/interface.md: {served - documented}"
    assert not documented - served, f"documented but not served: {documented - served}"


def test_the_readme_names_only_routes_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {f"{m[1]} {_shape(m[2].rstrip('/'))}" for m in ROUTE.finditer(readme)}
    named = {n.replace("{id}", "{}") for n in named}
    assert not named - served_routes(), named - served_routes()


def test_environment_variables_match_the_settings() -> None:
    source = (ROOT / "server" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'"((?:CODESYNC|STREAM)_[A-Z_]+)"', source))
    read |= {f"CODESYNC_OIDC_{n}" for n in ("JWKS_URL", "ISSUER", "AUDIENCE")}  # built in a loop
    documented = set(re.findall(r"`((?:CODESYNC|STREAM)_[A-Z_]+)`", DOC))
    assert not read - documented, f"variables missing from docs/interface.md: {read - documented}"
    everywhere = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "server").rglob("*.py"))
    unread = {name for name in documented if name not in everywhere}
    assert not unread, f"documented variables the server never reads: {unread}"


def test_close_codes_match() -> None:
    documented = {int(c) for c in re.findall(r"^\| `(\d{4})` \|", DOC, re.MULTILINE)}
    assert documented == {int(code) for code in CloseCode}
