"""External services the suites need, started by the tests themselves on free loopback ports.

The machines start bare: nothing runs Redis or MongoDB for us. `.ci/system-packages` installs
Debian's `redis-server`; `make` builds FerretDB (a MongoDB wire-protocol server) into
`.cache/bin`. Each is started here as a throw-away instance (no fixed port, data in a temp
dir), so a developer's own Redis or MongoDB is never touched and a test can stop and restart
it at will.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from pathlib import Path

import redis.asyncio as aioredis
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from tests.support.serverproc import ROOT, free_port

# Where `make ferretdb` puts the binary (.ci/build-ferretdb, into .cache/bin).
FERRETDB_BINARY = Path(os.environ.get("CODESYNC_FERRETDB") or ROOT / ".cache/bin/ferretdb")


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


class FerretDB:
    """FerretDB 1.24 with its pure-Go SQLite handler: a MongoDB wire server in a child process.

    Synchronous, so that one instance can serve a whole session of tests, each in its own
    event loop. `stop()` then `start()` keeps the port and the data: an outage, not a reset.
    """

    def __init__(self, workdir: Path, binary: Path = FERRETDB_BINARY) -> None:
        if not binary.is_file():
            raise RuntimeError(f"FerretDB is not built ({binary} is missing): `make ferretdb`")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.debug_port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 20) -> FerretDB:
        data = self.workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        argv = [str(self.binary), "--handler=sqlite", f"--sqlite-url=file:{data}/",
                f"--listen-addr=127.0.0.1:{self.port}", f"--state-dir={self.workdir}",
                f"--debug-addr=127.0.0.1:{self.debug_port}", "--telemetry=disable",
                "--log-level=warn"]  # fmt: skip
        log = (self.workdir / "ferretdb.log").open("ab")
        self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ferretdb exited with {self.proc.returncode}: {self.log()}")
            if self.ping():
                return self
            time.sleep(0.05)
        raise RuntimeError(f"ferretdb did not answer ping within {timeout} s: {self.log()}")

    def ping(self) -> bool:
        client: MongoClient[dict[str, object]] = MongoClient(
            self.url, serverSelectionTimeoutMS=300, connectTimeoutMS=300
        )
        try:
            client.admin.command("ping")
            return True
        except PyMongoError:
            return False
        finally:
            client.close()

    def log(self) -> str:
        path = self.workdir / "ferretdb.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
