"""Run the real server for tests: in this event loop (fast) or as a child process (signals)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import uvicorn

from server.access import OpenAccess
from server.app import create_app
from server.http.context import Limits
from server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class InProcessServer:
    """uvicorn serving `create_app(settings)` as a task of the running loop."""

    def __init__(
        self, settings: Settings, *, open_rooms: bool = False, limits: Limits | None = None
    ) -> None:
        self.settings = settings
        self.open_rooms = open_rooms
        self.limits = limits
        self.port = settings.port
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def room_url(self, session: str = "s1", doc: str = "code") -> str:
        return f"{self.ws_url}/yjs/{session}/{doc}"

    async def start(self) -> InProcessServer:
        self.app = create_app(
            self.settings,
            authorizer=OpenAccess() if self.open_rooms else None,
            limits=self.limits,
        )
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
            # Yjs frames are small and binary: compressing them costs more CPU than it saves.
            ws_per_message_deflate=False,
            ws_max_size=max(16 * 1024 * 1024, 2 * self.settings.max_message_bytes),
            ws_ping_interval=self.settings.ws_ping_interval_s,
            ws_ping_timeout=self.settings.ws_ping_timeout_s,
        )
        self._server = uvicorn.Server(config)
        self._server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
                raise RuntimeError("server exited during startup")
            await asyncio.sleep(0.01)
        return self

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
            self._server = None
            self._task = None

    async def restart(self) -> InProcessServer:
        await self.stop()
        return await self.start()


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    base = Settings(
        port=free_port(),
        data_dir=data_dir,
        room_unload_after_s=0.2,
        secret_key="test-secret-key-that-is-long-enough-0123456789",
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


class ChildServer:
    """`python -m server.cli serve` in a child process, for SIGTERM and kill -9 tests."""

    def __init__(
        self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.extra_env = env or {}
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / f"server-{self.port}.log"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def room_url(self, session: str = "s1", doc: str = "code") -> str:
        return f"ws://127.0.0.1:{self.port}/yjs/{session}/{doc}"

    async def start(self, timeout: float = 20) -> ChildServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CODESYNC_")}
        env["CODESYNC_SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
        env.update(self.extra_env)
        log = self.log_path.open("ab")
        # Starting a process is quick; waiting for it is what must not block the loop.
        self.process = subprocess.Popen(  # noqa: ASYNC220
            [
                sys.executable,
                "-m",
                "server.cli",
                "serve",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
                "--log-level",
                "info",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = asyncio.get_running_loop().time() + timeout
        async with httpx.AsyncClient() as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log_path.read_text()}")
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{self.http_url}/api/health")).status_code == 200:
                        return self
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError("server did not start")
                await asyncio.sleep(0.05)

    async def terminate(self, timeout: float = 20) -> int:
        return await self._signal(signal.SIGTERM, timeout)

    async def kill(self) -> int:
        return await self._signal(signal.SIGKILL, 10)

    async def _signal(self, sig: signal.Signals, timeout: float) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        code = await asyncio.wait_for(asyncio.to_thread(self.process.wait), timeout)
        self.process = None
        return code

    def ensure_stopped(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
