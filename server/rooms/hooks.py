"""The room hook chain: everything that reacts to a room's life (persistence, fan-out to other
processes, snapshots, metrics, signalling) is a `Hook`, registered once in `create_app` in the
order it must run, in the spirit of Hocuspocus extensions.

A hook overrides only the methods it needs; the chain calls only those, in registration order.

- `before_update` runs before an update from a client is applied and may refuse it by raising
  `UpdateRefused` (the sender gets 4400, or 4413 with `too_large`; nothing changes). Any
  other exception refuses it too and drops the sender with 1011: a check that fails, fails
  closed.
- Every other method runs after the fact: an exception there is logged and never reaches the
  room or the next hook, so a failing metric cannot stop an update from being stored.

The document guards (`guards.py`) are not hooks: they must observe the apply transaction
itself, which no method here sees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crdt_store.committer import CommitStats
from server.access import Grant
from server.closecodes import CloseCode

if TYPE_CHECKING:
    from server.rooms.room import Peer, Room

log = logging.getLogger("codesync.rooms")

GrantMatch = Callable[[Grant], bool]


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the store held for a room when it was loaded."""

    entries: int  # log entries after the newest snapshot (plus those still queued)
    last_seq: int  # the newest committed log entry


class Hook:
    """A link of the chain. Every method here does nothing."""

    def on_load(self, room: Room, loaded: Loaded) -> None:
        """The room's stored state is in its document; nobody has joined yet."""

    def before_update(self, room: Room, update: bytes, origin: Peer) -> None:
        """A client's update, validated but not applied: raise UpdateRefused to refuse it."""

    def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
        """An update was applied here and relayed to the room's peers (`origin` None: the
        server wrote it, e.g. a guard's repair or a REST chat message). Not called for updates
        relayed from another process, which that process stored."""

    def on_awareness(self, room: Room, payload: bytes) -> None:
        """Awareness states changed through a client of this process (an awareness update)."""

    def on_commit(self, stats: CommitStats) -> None:
        """The group committer made a batch of updates durable."""

    def on_disconnect(
        self, matches: GrantMatch, session_id: str | None, code: CloseCode, reason: str
    ) -> int:
        """Close the matching connections this hook holds (in one session, or in all):
        returns how many. The rooms' own peers are closed by the manager."""
        return 0

    def on_unload(self, room: Room) -> None:
        """The room left memory; every update it received is durable."""

    async def on_close(self) -> None:
        """The server is stopping; every update is durable. Finish background work."""


_EVENTS = (
    "on_load",
    "before_update",
    "on_change",
    "on_awareness",
    "on_commit",
    "on_disconnect",
    "on_unload",
    "on_close",
)


class HookChain:
    """The registered hooks, called in order. Hot-path events (`before_update`, `on_change`)
    call only the hooks that override them."""

    def __init__(self, hooks: Iterable[Hook] = ()) -> None:
        self.hooks: list[Hook] = []
        self._bound: dict[str, list[Callable[..., Any]]] = {name: [] for name in _EVENTS}
        for hook in hooks:
            self.add(hook)

    def add(self, hook: Hook) -> None:
        self.hooks.append(hook)
        for name, bound in self._bound.items():
            if getattr(type(hook), name) is not getattr(Hook, name):
                bound.append(getattr(hook, name))

    def __repr__(self) -> str:
        return f"HookChain({', '.join(type(hook).__name__ for hook in self.hooks)})"

    def before_update(self, room: Room, update: bytes, origin: Peer) -> None:
        for check in self._bound["before_update"]:
            check(room, update, origin)

    def changed(self, room: Room, update: bytes, origin: Peer | None) -> None:
        for hook in self._bound["on_change"]:
            try:
                hook(room, update, origin)
            except Exception:
                log.exception("hook %r failed on an update of %s", hook, room.key)

    def loaded(self, room: Room, loaded: Loaded) -> None:
        self._after("on_load", room.key, room, loaded)

    def awareness(self, room: Room, payload: bytes) -> None:
        self._after("on_awareness", room.key, room, payload)

    def committed(self, stats: CommitStats) -> None:
        self._after("on_commit", "a commit", stats)

    def unloaded(self, room: Room) -> None:
        self._after("on_unload", room.key, room)

    def disconnect(
        self, matches: GrantMatch, session_id: str | None, code: CloseCode, reason: str
    ) -> int:
        closed = 0
        for hook in self._bound["on_disconnect"]:
            try:
                closed += hook(matches, session_id, code, reason)
            except Exception:
                log.exception("hook %r failed to disconnect", hook)
        return closed

    async def close(self) -> None:
        for hook in self._bound["on_close"]:
            try:
                await hook()
            except Exception:
                log.exception("hook %r failed to close", hook)

    def _after(self, name: str, what: str, *args: Any) -> None:
        for hook in self._bound[name]:
            try:
                hook(*args)
            except Exception:
                log.exception("hook %r failed on %s of %s", hook, name, what)
