"""Give the heap that unloaded rooms freed back to the operating system.

glibc keeps freed memory in its arenas, so a process's RSS stays at its high-water mark
after rooms unload; `malloc_trim(0)` returns the free pages. Measured with bench/soak.py
(bench/results/issue20-memory.md): RSS after a cycle's rooms unloaded fell from 91 to 82 MB.
Elsewhere than glibc (musl, macOS) there is no such call and this hook does nothing.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from server.rooms.hooks import Hook

if TYPE_CHECKING:
    from server.rooms.room import Room

log = logging.getLogger("codesync.rooms")

# Unloads come in waves (a batch of interviews ends): one trim after the wave, not one each.
QUIET_S = 5.0


def glibc_trim() -> Callable[[], object] | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim: Callable[[int], object] = libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    return lambda: trim(0)


class ReturnFreedMemory(Hook):
    """Trims the heap once no room has unloaded for `quiet_s`, in a worker thread: a trim
    walks the whole heap (milliseconds to a tenth of a second) and must not stall the loop."""

    def __init__(
        self, trim: Callable[[], object] | None = None, *, quiet_s: float = QUIET_S
    ) -> None:
        self.trim = trim
        self.quiet_s = quiet_s
        self.trims = 0
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None

    def on_unload(self, room: Room) -> None:
        if self.trim is None:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(self.quiet_s, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        assert self.trim is not None
        try:
            await asyncio.to_thread(self.trim)
            self.trims += 1
        except Exception:
            log.exception("returning freed memory failed")

    async def on_close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is not None:
            await self._task
