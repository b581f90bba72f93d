"""The servers the benchmark drives: ours and the peers a user would pick instead."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CODESYNC = REPO / ".venv" / "bin" / "codesync"
NODE_MODULES = BENCH / "node_modules"


@dataclass(frozen=True)
class ServerSpec:
    key: str
    label: str
    persistent: bool
    path_fmt: str  # room path; "{room}" is replaced
    hocuspocus: bool
    argv: Callable[[int, Path], list[str]]
    health: str | None = None
    cwd: Path = BENCH

    @property
    def is_codesync(self) -> bool:
        return self.key == "ours" or self.key == BASELINE

    def unavailable(self) -> str | None:
        if self.is_codesync and not CODESYNC.exists():
            return f"{CODESYNC} not installed (pip install -e . in the repo)"
        if self.argv(0, Path("/"))[0] == "node":
            if shutil.which("node") is None:
                return "node not on PATH"
            if not NODE_MODULES.exists():
                return "bench/node_modules missing (cd bench && npm ci)"
        return None


def _py(script: str, *extra: str) -> Callable[[int, Path], list[str]]:
    return lambda port, data: [
        sys.executable,
        str(BENCH / "peers" / script),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *[e.format(data=data) for e in extra],
    ]


def _node(script: str, *extra: str) -> Callable[[int, Path], list[str]]:
    return lambda port, data: [
        "node",
        str(BENCH / "peers" / script),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *[e.format(data=data) for e in extra],
    ]


BASELINE = "ours-baseline"


def _codesync(port: int, data: Path) -> list[str]:
    """Our server from the source tree in the working directory (`-m` puts it first on
    sys.path), so the same interpreter can run this commit and a baseline's."""
    return [
        str(CODESYNC.parent / "python"),
        "-m",
        "server.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data-dir",
        str(data),
        "--log-level",
        "warning",
    ]


def baseline(tree: Path, ref: str) -> ServerSpec:
    """Our server as of another commit, checked out in `tree`: `--baseline REF`."""
    return ServerSpec(
        BASELINE,
        f"codesync @ {ref} (SQLite)",
        persistent=True,
        path_fmt="/yjs/{room}/code",
        hocuspocus=False,
        argv=_codesync,
        health="/api/health",
        cwd=tree,
    )


SERVERS: dict[str, ServerSpec] = {
    s.key: s
    for s in [
        ServerSpec(
            "ours",
            "codesync (SQLite)",
            persistent=True,
            path_fmt="/yjs/{room}/code",
            hocuspocus=False,
            argv=_codesync,
            cwd=REPO,
            health="/api/health",
        ),
        ServerSpec(
            "pycrdt-bare",
            "pycrdt-websocket (memory)",
            persistent=False,
            path_fmt="/{room}",
            hocuspocus=False,
            argv=_py("pycrdt_bare.py"),
        ),
        ServerSpec(
            "pycrdt-sqlite",
            "pycrdt-websocket + SQLiteYStore",
            persistent=True,
            path_fmt="/{room}",
            hocuspocus=False,
            argv=_py("pycrdt_sqlite.py", "--db", "{data}/ystore.db"),
        ),
        ServerSpec(
            "y-websocket",
            "@y/websocket-server 0.1.1 (memory)",
            persistent=False,
            path_fmt="/{room}",
            hocuspocus=False,
            argv=_node("y_websocket_server.mjs"),
        ),
        ServerSpec(
            "hocuspocus",
            "Hocuspocus 4.7.0 (memory)",
            persistent=False,
            path_fmt="/",
            hocuspocus=True,
            argv=_node("hocuspocus.mjs"),
        ),
        ServerSpec(
            "hocuspocus-sqlite",
            "Hocuspocus 4.7.0 + SQLite",
            persistent=True,
            path_fmt="/",
            hocuspocus=True,
            argv=_node("hocuspocus.mjs", "--sqlite", "{data}/hocuspocus.sqlite"),
        ),
    ]
}

DEFAULT_SERVERS = ["ours", "pycrdt-bare", "y-websocket", "hocuspocus", "hocuspocus-sqlite"]
