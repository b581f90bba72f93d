from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field

from pycrdt import Doc

from crdt_store import GroupCommitter, UpdateStore
from server.closecodes import CloseCode
from server.rooms import protocol as yp
from server.rooms.fanout import Fanout, Kind
from server.rooms.hooks import GrantMatch, HookChain, Loaded
from server.rooms.room import Peer, Room, RoomLimits

log = logging.getLogger("codesync.rooms")


@dataclass(frozen=True, slots=True)
class RoomPolicy:
    unload_after_s: float = 30.0  # grace period after the last peer leaves
    # Awareness relayed from another process is dropped when not renewed for this long
    # (clients renew every 15 s; a process that died stops renewing).
    remote_awareness_ttl_s: float = 35.0
    limits: RoomLimits = field(default_factory=RoomLimits)


class RoomUnavailable(Exception):
    """The room's stored state could not be loaded; the client should retry later."""


class RoomManager:
    """Owns every loaded room: get-or-create, loading from the store, the rooms of other
    processes, unloading. What reacts to a room's updates (storing them, publishing them,
    snapshots, metrics) is a hook on `hooks`, registered by the app.

    Invariants:
    - a room answers nobody before its full stored state (and any update still queued for
      the store) is in its document;
    - concurrent first joins share one load;
    - a room is dropped only once it has no peers, and every update it received is already
      queued for the store, so a reload sees all of it.
    """

    def __init__(
        self,
        store: UpdateStore,
        committer: GroupCommitter,
        hooks: HookChain,
        policy: RoomPolicy | None = None,
        fanout: Fanout | None = None,
    ) -> None:
        self.store = store
        self.fanout = fanout
        if fanout is not None:
            fanout.attach(self._from_fanout, self._from_control)
        self._remote_buffer: dict[str, list[tuple[Kind, bytes, str]]] = {}
        self._unsubscribing: dict[str, asyncio.Task[None]] = {}
        self._sweeper: asyncio.Task[None] | None = None
        self.committer = committer
        self.policy = policy or RoomPolicy()
        self.hooks = hooks
        self.rooms: dict[str, Room] = {}
        self._loading: dict[str, asyncio.Task[Room]] = {}
        self._unload_timers: dict[str, asyncio.TimerHandle] = {}
        self._background: set[asyncio.Task[None]] = set()

    async def _room(self, key: str) -> Room:
        """The loaded room, or the one load every concurrent caller shares."""
        room = self.rooms.get(key)
        if room is not None:
            return room
        task = self._loading.get(key)
        if task is None:
            task = asyncio.create_task(self._load(key), name=f"load {key}")
            self._loading[key] = task
        try:
            # Shielded: a caller that gives up must not cancel the load others wait on.
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            raise RoomUnavailable(key) from exc

    async def join(self, key: str, peer: Peer) -> Room:
        room = await self._room(key)
        self._cancel_unload(key)
        if peer.grant.session_ended:
            room.ended = True
        room.add(peer)
        return room

    async def read_document(self, key: str) -> Doc:  # type: ignore[type-arg]
        """A copy of the document as it is now (loaded or not): for exports and reports."""
        room = self.rooms.get(key)
        copy: Doc = Doc()  # type: ignore[type-arg]
        if room is not None:
            copy.apply_update(room.doc.get_update())
            return copy
        pending = self.committer.pending(key)
        stored = await self.store.load(key)
        with copy.transaction():
            for update in [*stored.updates(), *pending]:
                copy.apply_update(update)
        return copy

    def close_session(self, session_id: str, code: CloseCode, reason: str) -> None:
        """Disconnect everyone from the session (it was deleted), on this process."""
        self._disconnect(lambda grant: True, session_id, code, reason)

    async def write(self, key: str, change: Callable[[Doc], None]) -> None:  # type: ignore[type-arg]
        """Apply a server-side change to a document, loading its room if needed."""
        (await self._room(key)).server_write(change)

    def end_session(self, session_id: str, *, here_only: bool = False) -> None:
        """Every loaded document of the session becomes read-only at once (on every process)."""
        for room in self.rooms.values():
            if room.session_id == session_id:
                room.ended = True
        if self.fanout is not None and not here_only:
            self.fanout.publish_control({"op": "end", "session_id": session_id})

    def disconnect_user(
        self,
        session_id: str,
        user_id: str,
        code: CloseCode,
        reason: str,
        *,
        here_only: bool = False,
    ) -> int:
        """Close every connection of one user in one session (removed participant)."""
        if self.fanout is not None and not here_only:
            self.fanout.publish_control(
                {
                    "op": "disconnect",
                    "session_id": session_id,
                    "user_id": user_id,
                    "code": str(int(code)),
                    "reason": reason,
                }
            )
        return self._disconnect(lambda grant: grant.user_id == user_id, session_id, code, reason)

    def disconnect_login(
        self, login: str, code: CloseCode, reason: str, *, here_only: bool = False
    ) -> int:
        """Close every connection opened with one sign-in, in every session (logout)."""
        if self.fanout is not None and not here_only:
            self.fanout.publish_control(
                {"op": "signout", "login": login, "code": str(int(code)), "reason": reason}
            )
        return self._disconnect(lambda grant: grant.login == login, None, code, reason)

    def _disconnect(
        self, matches: GrantMatch, session_id: str | None, code: CloseCode, reason: str
    ) -> int:
        closed = 0
        for room in self.rooms.values():
            if session_id is not None and room.session_id != session_id:
                continue
            for peer in list(room.peers):
                if matches(peer.grant):
                    peer.close(code, reason)
                    closed += 1
        return closed + self.hooks.disconnect(matches, session_id, code, reason)

    def leave(self, room: Room, peer: Peer) -> None:
        room.remove(peer)
        if not room.peers and self.rooms.get(room.key) is room:
            self._schedule_unload(room.key)

    async def _load(self, key: str) -> Room:
        try:
            if self.fanout is not None:
                # Subscribe first, then load, then apply what arrived meanwhile: no window
                # in which another process's update is missed.
                if (leaving := self._unsubscribing.get(key)) is not None:
                    await leaving
                self._remote_buffer[key] = []
                await self.fanout.subscribe(key)
                self._start_sweeper()
            # Pending first, then the store: an update committed in between is in both
            # (harmless, updates are idempotent) rather than in neither.
            pending = self.committer.pending(key)
            stored = await self.store.load(key)
            doc: Doc = Doc()  # type: ignore[type-arg]
            with doc.transaction():
                for update in [*stored.updates(), *pending]:
                    doc.apply_update(update)
            room = Room(key, doc, self.hooks, limits=self.policy.limits)
            self.rooms[key] = room
            for kind, payload, origin in self._remote_buffer.pop(key, []):
                self._deliver(room, kind, payload, origin)
            if self.fanout is not None:
                self.fanout.publish(key, Kind.QUERY, doc.get_state())
            self._schedule_unload(key)  # dropped again as soon as someone joins
            self.hooks.loaded(room, Loaded(len(stored.tail) + len(pending), stored.last_seq))
            log.debug("loaded %s (%d log entries after snapshot)", key, len(stored.tail))
            return room
        except BaseException:
            self._remote_buffer.pop(key, None)
            if self.fanout is not None and key not in self.rooms:
                self._unsubscribe_soon(key)
            raise
        finally:
            self._loading.pop(key, None)

    # -- other processes ------------------------------------------------------------------
    def _from_fanout(self, key: str, kind: Kind, payload: bytes, origin: str) -> None:
        room = self.rooms.get(key)
        if room is not None:
            self._deliver(room, kind, payload, origin)
        elif key in self._remote_buffer:
            self._remote_buffer[key].append((kind, payload, origin))

    def _deliver(self, room: Room, kind: Kind, payload: bytes, origin: str) -> None:
        if kind is Kind.UPDATE:
            room.apply_remote(payload)
        elif kind is Kind.AWARENESS:
            room.apply_remote_awareness(payload, origin, time.monotonic())
        elif kind is Kind.QUERY and self.fanout is not None:
            try:
                missing = room.doc.get_update(payload)
            except ValueError:
                return
            if missing != yp.EMPTY_UPDATE:
                self.fanout.publish(room.key, Kind.UPDATE, missing)

    def _from_control(self, message: Mapping[str, str]) -> None:
        session_id = message.get("session_id", "")
        if message.get("op") == "end":
            self.end_session(session_id, here_only=True)
        elif message.get("op") == "disconnect":
            self.disconnect_user(
                session_id, message.get("user_id", ""),
                CloseCode(int(message.get("code", CloseCode.FORBIDDEN))),
                message.get("reason", ""), here_only=True,
            )  # fmt: skip
        elif message.get("op") == "signout":
            self.disconnect_login(
                message.get("login", ""),
                CloseCode(int(message.get("code", CloseCode.UNAUTHORIZED))),
                message.get("reason", ""), here_only=True,
            )  # fmt: skip

    def _unsubscribe_soon(self, key: str) -> None:
        if self.fanout is None:
            return

        async def unsubscribe(fanout: Fanout) -> None:
            try:
                await fanout.unsubscribe(key)
            finally:
                self._unsubscribing.pop(key, None)

        task = asyncio.create_task(unsubscribe(self.fanout))
        self._unsubscribing[key] = task

    def _start_sweeper(self) -> None:
        if self._sweeper is None:
            self._sweeper = asyncio.create_task(self._sweep_remote_awareness())

    async def _sweep_remote_awareness(self) -> None:
        ttl = self.policy.remote_awareness_ttl_s
        while True:
            await asyncio.sleep(ttl / 4)
            cutoff = time.monotonic() - ttl
            for room in list(self.rooms.values()):
                room.expire_remote_awareness(cutoff)

    def _spawn(self, coroutine: Coroutine[None, None, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _schedule_unload(self, key: str) -> None:
        self._cancel_unload(key)
        loop = asyncio.get_running_loop()
        self._unload_timers[key] = loop.call_later(self.policy.unload_after_s, self._unload, key)

    def _cancel_unload(self, key: str) -> None:
        timer = self._unload_timers.pop(key, None)
        if timer is not None:
            timer.cancel()

    def _unload(self, key: str) -> None:
        self._unload_timers.pop(key, None)
        room = self.rooms.get(key)
        if room is None or room.peers:
            return
        # From here the room takes no more peers; a new joiner loads a fresh room, which
        # picks up this one's updates from the store or the commit queue.
        del self.rooms[key]
        self._unsubscribe_soon(key)
        self._spawn(self._finish_unload(room))

    async def _finish_unload(self, room: Room) -> None:
        try:
            await self.committer.flush()
        finally:
            self.hooks.unloaded(room)
            log.debug("unloaded %s", room.key)

    async def aclose(self) -> None:
        """Close every connection and make every received update durable (SIGTERM path)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
        for timer in self._unload_timers.values():
            timer.cancel()
        self._unload_timers.clear()
        for room in self.rooms.values():
            room.close_all(CloseCode.SERVICE_RESTART, "server restarting")
        await self.committer.flush()
        while self._background:  # unloads under way
            await asyncio.gather(*self._background, return_exceptions=True)
        await self.hooks.close()
        self.rooms.clear()
