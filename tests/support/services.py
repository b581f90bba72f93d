"""External services the suites need, started by the tests themselves on free loopback ports.

The machines start bare: nothing runs Redis for us. `.ci/system-packages` installs Debian's
`redis-server`; each test that needs one starts its own throw-away instance here (no
persistence, no fixed port), so a developer's own Redis on 6379 is never touched and a test
can stop and restart it at will.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import redis.asyncio as aioredis

from tests.support.serverproc import free_port


class RedisServer:
    """A `redis-server` child process on a free loopback port, stoppable and restartable."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not installed: `bash .ci/system-packages` installs it "
                "(apt-get install redis-server); the scale-out tests need it"
            )
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> RedisServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        argv = [self.binary, "--bind", "127.0.0.1", "--port", str(self.port),
                "--save", "", "--appendonly", "no", "--dir", str(self.workdir)]  # fmt: skip
        self.proc = await asyncio.create_subprocess_exec(
            *argv, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
        )
        for _ in range(200):
            if self.proc.returncode is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}")
            if await self.ping():
                return self
            await asyncio.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING within 10 s")

    async def ping(self) -> bool:
        client = aioredis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            return bool(await client.ping())
        except (OSError, aioredis.RedisError):
            return False
        finally:
            await client.aclose()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            await asyncio.wait_for(self.proc.wait(), 10)
        self.proc = None
