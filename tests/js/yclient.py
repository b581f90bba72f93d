"""Drive a real Node y-websocket client (``tests/js/client.mjs``) from Python tests.

Needs ``npm ci`` in ``tests/js`` first. Usage::

    from tests.js.yclient import NodeYClient

    a, b = NodeYClient(), NodeYClient()
    await a.start("ws://127.0.0.1:8000/yjs", "s1/code", name="alice")
    await b.start("ws://127.0.0.1:8000/yjs", "s1/code", name="bob",
                  options={"params": {"token": jwt}})   # -> ...?token=<jwt>
    try:
        await a.wait_synced()
        await b.wait_synced()
        await a.insert(0, "hello")
        assert await b.wait_text(contains="hello") == "hello"
        st = await b.state()   # {"status", "synced", "awareness": [...], "client_id", ...}
        # close codes from the server: every closed socket is a {"event": "close", ...}
        ev = await a.wait_event(lambda e: e.get("event") == "close", timeout=5)
    finally:
        await a.aclose()
        await b.aclose()

Events printed by the client (all kept in ``client.events``): ``ready``, ``status``
(``connecting``/``connected``/``disconnected``), ``sync`` (``synced``), ``close`` (``code``,
``reason``, ``local``: true with code None when the client closed the socket itself),
``closed`` (a terminal 4400-4499 close: y-websocket stops reconnecting), ``error``,
``awareness`` (remote ``added``/``updated``/``removed`` client ids), ``uncaught``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["JS_DIR", "NodeYClient", "NodeYClientError"]

JS_DIR = Path(__file__).resolve().parent
CLIENT_SCRIPT = JS_DIR / "client.mjs"

JSON = dict[str, Any]


class NodeYClientError(RuntimeError):
    """The Node client answered ok:false, died, or did not answer in time."""


class NodeYClient:
    def __init__(self, *, node: str = "node", request_timeout: float = 30.0) -> None:
        self.node = node
        self.request_timeout = request_timeout
        self.events: list[JSON] = []
        self.client_id: int | None = None
        self.returncode: int | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._stderr_task: asyncio.Task[None] | None = None
        self._stderr: list[str] = []
        self._pending: dict[int, asyncio.Future[JSON]] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._exited = False

    # ------------------------------------------------------------------ process

    async def start(
        self,
        server_url: str,
        room: str,
        name: str = "node",
        *,
        options: JSON | None = None,
        timeout: float = 15.0,
    ) -> None:
        """Spawn ``node client.mjs server_url room name`` and wait for its ready line.

        ``options`` may hold y-websocket provider options: ``params`` (query string),
        ``protocols``, ``maxBackoffTime`` (ms, default 2500), ``resyncInterval``.
        """
        if self._proc is not None:
            raise RuntimeError("NodeYClient already started")
        self._proc = await asyncio.create_subprocess_exec(
            self.node,
            str(CLIENT_SCRIPT),
            server_url,
            room,
            name,
            json.dumps(options or {}),
            cwd=str(JS_DIR),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        self._reader_task = asyncio.create_task(self._read_stdout())
        self._stderr_task = asyncio.create_task(self._read_stderr())
        try:
            ready = await self.wait_event(lambda e: e.get("event") == "ready", timeout)
        except BaseException:
            await self.aclose()
            raise
        self.client_id = int(ready["client_id"])

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    @property
    def running(self) -> bool:
        return self._proc is not None and not self._exited

    async def _read_stdout(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        try:
            while line := await stdout.readline():
                try:
                    msg = json.loads(line)
                except ValueError:
                    self._stderr.append(f"[non-JSON stdout] {line.decode(errors='replace')}")
                    continue
                if not isinstance(msg, dict):
                    continue
                if "event" in msg:
                    self.events.append(msg)
                    self._notify()
                elif "id" in msg:
                    fut = self._pending.pop(msg["id"], None)
                    if fut is not None and not fut.done():
                        fut.set_result(msg)
        finally:
            self._exited = True
            self.returncode = await self._proc.wait()
            err = NodeYClientError(
                f"node client exited (rc={self.returncode}); stderr: {self.stderr[-2000:]}"
            )
            for fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(err)
            self._pending.clear()
            self._notify()

    async def _read_stderr(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        while chunk := await self._proc.stderr.read(4096):
            self._stderr.append(chunk.decode(errors="replace"))

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ------------------------------------------------------------------ protocol

    async def request(self, cmd: JSON, timeout: float | None = None) -> JSON:
        """Send one command, wait for the answer with the same id; raise on ok:false."""
        proc = self._proc
        if proc is None or proc.stdin is None or self._exited:
            raise NodeYClientError(f"node client not running; stderr: {self.stderr[-2000:]}")
        req_id = next(self._ids)
        fut: asyncio.Future[JSON] = asyncio.get_running_loop().create_future()
        self._pending[req_id] = fut
        proc.stdin.write((json.dumps({**cmd, "id": req_id}) + "\n").encode())
        try:
            await proc.stdin.drain()
            async with asyncio.timeout(timeout if timeout is not None else self.request_timeout):
                answer = await fut
        except TimeoutError:
            raise NodeYClientError(f"no answer to {cmd!r} in time") from None
        except (ConnectionError, BrokenPipeError) as exc:
            raise NodeYClientError(f"node client pipe closed: {exc}") from exc
        finally:
            self._pending.pop(req_id, None)
        if not answer.get("ok"):
            raise NodeYClientError(f"{cmd.get('cmd')} failed: {answer.get('error')}")
        return answer

    async def wait_event(
        self, predicate: Callable[[JSON], bool], timeout: float = 10.0, *, since: int = 0
    ) -> JSON:
        """Return the first event (from index ``since`` of ``events``) matching ``predicate``."""
        seen = since
        try:
            async with asyncio.timeout(timeout):
                while True:
                    changed = self._changed
                    for ev in self.events[seen:]:
                        if predicate(ev):
                            return ev
                    seen = len(self.events)
                    if self._exited:
                        raise NodeYClientError(
                            f"node client exited (rc={self.returncode}) before the event; "
                            f"stderr: {self.stderr[-2000:]}"
                        )
                    await changed.wait()
        except TimeoutError:
            raise NodeYClientError(
                f"no matching event within {timeout}s; events: {self.events[-20:]!r}"
            ) from None

    # ------------------------------------------------------------------ commands

    async def wait_synced(self, timeout: float = 10.0) -> None:
        await self.request({"cmd": "wait_synced", "timeout_ms": int(timeout * 1000)}, timeout + 5)

    async def insert(self, index: int, text: str) -> int:
        """Insert into the ``code`` Y.Text (index clamped); return the new length."""
        return int((await self.request({"cmd": "insert", "index": index, "text": text}))["length"])

    async def delete(self, index: int, length: int) -> int:
        return int(
            (await self.request({"cmd": "delete", "index": index, "length": length}))["length"]
        )

    async def insert_random(self, count: int, seed: int, token: str, interval_ms: int = 0) -> int:
        """``count`` inserts of ``token`` at seeded random positions, one transaction each."""
        cmd: JSON = {
            "cmd": "insert_random",
            "count": count,
            "seed": seed,
            "token": token,
            "interval_ms": interval_ms,
        }
        budget = self.request_timeout + count * interval_ms / 1000
        return int((await self.request(cmd, budget))["length"])

    async def text(self) -> str:
        return str((await self.request({"cmd": "text"}))["text"])

    async def state(self) -> JSON:
        """``status``, ``synced``, ``awareness`` (others' states), ``awareness_ids``,
        ``client_id``."""
        answer = await self.request({"cmd": "state"})
        return {k: v for k, v in answer.items() if k not in ("id", "ok")}

    async def wait_text(
        self, contains: str | None = None, length: int | None = None, timeout_ms: int = 10000
    ) -> str:
        """Wait until the text contains ``contains`` / has ``length``; return the text."""
        cmd: JSON = {"cmd": "wait_text", "timeout_ms": timeout_ms}
        if contains is not None:
            cmd["contains"] = contains
        if length is not None:
            cmd["length"] = length
        return str((await self.request(cmd, timeout_ms / 1000 + 5))["text"])

    async def set_awareness(self, field: str, value: Any) -> None:
        await self.request({"cmd": "set_awareness", "field": field, "value": value})

    async def set_params(self, params: dict[str, str]) -> None:
        """Query parameters used from the next (re)connection on."""
        await self.request({"cmd": "set_params", "params": params})

    async def disconnect(self) -> None:
        await self.request({"cmd": "disconnect"})

    async def connect(self) -> None:
        await self.request({"cmd": "connect"})

    async def close(self, timeout: float = 10.0) -> None:
        """Destroy the provider (clean websocket close) and wait for the process to exit 0."""
        await self.request({"cmd": "close"}, timeout)
        if self._reader_task is not None:
            async with asyncio.timeout(timeout):
                await asyncio.shield(self._reader_task)

    async def aclose(self) -> None:
        """Close politely if possible, else kill; always reap the process (idempotent)."""
        proc = self._proc
        if proc is None:
            return
        if not self._exited:
            with contextlib.suppress(Exception):
                await self.close(timeout=3.0)
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
        if proc.stdin is not None:
            proc.stdin.close()
            with contextlib.suppress(Exception):
                await proc.stdin.wait_closed()
        await proc.wait()
        for task in (self._reader_task, self._stderr_task):
            if task is None:
                continue
            try:
                async with asyncio.timeout(5.0):
                    await asyncio.shield(task)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def __aenter__(self) -> NodeYClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
