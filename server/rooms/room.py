from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pycrdt import Doc

from server import permissions, schema
from server.access import Grant
from server.closecodes import CloseCode
from server.rooms import protocol as yp
from server.rooms.guards import DocumentGuard
from server.rooms.hooks import HookChain
from server.rooms.updates import (
    UpdateLimits,
    UpdateRefused,
    decode_state_vector,
    inspect,
    starts_past,
)

log = logging.getLogger("codesync.rooms")

_NULL_STATE = "null"
# Documents whose schema holds shared types inside shared types; none does today (the
# whiteboard will: it gets a type-depth bound of its own when it is built).
_NESTED_TYPE_DOCS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RoomLimits:
    """Bounds of one room against a hostile peer (README: "Limits and bad input")."""

    max_document_bytes: int = 8 * 1024 * 1024  # encoded state; writes past it are refused
    update: UpdateLimits = field(default_factory=UpdateLimits)
    awareness_clients_per_peer: int = 4  # a browser tab has one per document
    awareness_state_bytes: int = 16 * 1024
    awareness_rate: float = 10.0  # messages per second, sustained
    awareness_burst: float = 40.0


class RoomFault(Exception):
    """Applying or observing an update failed inside the room (a bug, never the input's
    fault alone): the sender is disconnected with 1011; the room and the process go on."""


class Peer(Protocol):
    """One connection as a room sees it. `send` must not block: it queues."""

    grant: Grant

    def send(self, frame: bytes) -> None: ...

    def close(self, code: CloseCode, reason: str) -> None: ...


class RemoteOwner:
    """Awareness states introduced through another server process."""

    __slots__ = ("process", "seen")

    def __init__(self, process: str, seen: float) -> None:
        self.process = process
        self.seen = seen


class Room:
    """One shared document and the peers editing it.

    Every method is synchronous: a frame is parsed, applied, fanned out and queued for the
    store without yielding to the event loop, so frames of one room are handled strictly in
    arrival order and no task is spawned per update.
    """

    def __init__(
        self,
        key: str,
        doc: Doc,  # type: ignore[type-arg]
        hooks: HookChain,
        limits: RoomLimits | None = None,
    ) -> None:
        self.key = key
        self.limits = limits or RoomLimits()
        self.session_id, _, self.doc_name = key.partition("/")
        self.doc = doc
        self._hooks = hooks
        self.peers: dict[Peer, set[int]] = {}
        self._awareness: dict[int, yp.AwarenessEntry] = {}
        self._owner: dict[int, Peer | RemoteOwner] = {}
        self.dropped_writes = 0
        self.ended = False  # the session has ended: every write is dropped
        self.guard = DocumentGuard(doc) if self.doc_name == schema.CODE else None
        self._update_limits = (
            self.limits.update
            if self.doc_name not in _NESTED_TYPE_DOCS
            else UpdateLimits(**{**_fields(self.limits.update), "nested_types": True})
        )
        # An upper estimate of the encoded state: exact at load, then grown by every update
        # applied; measured again (O(document)) only when it reaches the limit.
        self._size = len(doc.get_update())
        self._awareness_budget: dict[Peer, list[float]] = {}

    @property
    def locked(self) -> bool:
        return self.guard is not None and self.guard.locked

    def add(self, peer: Peer) -> None:
        self.peers[peer] = set()
        self._awareness_budget[peer] = [self.limits.awareness_burst, time.monotonic()]
        peer.send(yp.sync_message(yp.SyncType.STEP1, self.doc.get_state()))
        if self._awareness:
            peer.send(yp.awareness_message(list(self._awareness.values())))

    def remove(self, peer: Peer) -> None:
        """Forget a peer and tell the others its cursors are gone (no ghost carets)."""
        client_ids = self.peers.pop(peer, set())
        self._awareness_budget.pop(peer, None)
        gone = []
        for client_id in client_ids:
            entry = self._awareness.pop(client_id, None)
            self._owner.pop(client_id, None)
            if entry is not None:
                # Same clock with a null state, as the reference server sends: receivers
                # drop the state, and the client's next renewal (clock + 1) restores it.
                gone.append(yp.AwarenessEntry(client_id, entry.clock, _NULL_STATE))
        if gone:
            self.broadcast(yp.awareness_message(gone), exclude=None)
            self._hooks.awareness(self, yp.encode_awareness_update(gone))

    def broadcast(self, frame: bytes, exclude: Peer | None) -> None:
        for peer in self.peers:
            if peer is not exclude:
                peer.send(frame)

    def receive(self, peer: Peer, frame: bytes) -> None:
        """Handle one frame from `peer`. Raises yp.ProtocolError if it is malformed,
        UpdateRefused if it is over a bound (nothing changed), RoomFault if the room failed
        on it."""
        message = yp.parse(frame)
        if isinstance(message, yp.Sync):
            if message.kind is yp.SyncType.STEP1:
                # The whole document in one frame: it is bounded by max_document_bytes, and
                # the peer's queue does not count it against the slow-client limit.
                reply = yp.sync_message(yp.SyncType.STEP2, self._missing(message.payload))
                send_bulk = getattr(peer, "send_bulk", None)
                (send_bulk or peer.send)(reply)
            else:
                self._receive_update(peer, frame, message)
        elif isinstance(message, yp.Awareness):
            self._receive_awareness(peer, frame, message)
        elif isinstance(message, yp.QueryAwareness) and self._awareness:
            peer.send(yp.awareness_message(list(self._awareness.values())))

    def _missing(self, state_vector: bytes) -> bytes:
        try:
            return self.doc.get_update(state_vector)
        except ValueError as exc:
            raise yp.ProtocolError("invalid state vector") from exc

    def server_write(self, change: Callable[[Doc], None]) -> None:  # type: ignore[type-arg]
        """A change made by the server itself (chat sent over REST, the end of the session):
        applied, relayed and stored like any update, trusted by the guards."""
        before = self.doc.get_state()
        with self.doc.transaction():
            change(self.doc)
        update = self.doc.get_update(before)
        if update != yp.EMPTY_UPDATE:
            self.broadcast(yp.sync_message(yp.SyncType.UPDATE, update), exclude=None)
            self._hooks.changed(self, update, None)

    def may_write(self, grant: Grant) -> bool:
        if grant.role is None:  # open rooms (no accounts configured, tests of the core)
            return grant.can_write and not self.ended
        return grant.can_write and permissions.can_edit_document(
            grant.role, self.doc_name, ended=self.ended, locked=self.locked
        )

    def _receive_update(self, peer: Peer, frame: bytes, message: yp.Sync) -> None:
        if not self.may_write(peer.grant):
            # Read-only peers keep syncing; their writes are dropped, never applied or stored.
            self.dropped_writes += 1
            return
        update = message.payload
        if update == yp.EMPTY_UPDATE:
            return
        # Walked in full before pycrdt sees it: malformed or over a bound, it changes nothing.
        shape = inspect(update, self._update_limits)
        before = self.doc.get_state()
        if starts_past(shape, decode_state_vector(before)):
            # The sender's earlier writes were dropped (it was read-only then): this one
            # builds on them. Applied, it would sit unintegrable in every Yjs client.
            self.dropped_writes += 1
            return
        self._check_size(len(update))
        try:
            self._hooks.before_update(self, update, peer)
        except UpdateRefused:
            raise
        except Exception as exc:
            log.exception("%s: a hook failed before an update; refused", self.key)
            raise RoomFault(str(exc)) from exc
        fault: Exception | None = None
        try:
            if self.guard is None:
                self.doc.apply_update(update)
            else:
                with self.guard.writing(peer.grant):
                    self.doc.apply_update(update)
        except ValueError as exc:
            if self.doc.get_state() == before:
                raise yp.ProtocolError("invalid update") from exc
            fault = exc
        except Exception as exc:  # RecursionError, a bug in an observer: never the process
            fault = exc
        if fault is not None:
            log.error("%s: applying an update failed", self.key, exc_info=fault)
            if self.doc.get_state() == before:
                raise RoomFault(str(fault)) from fault
            # Partly or wholly merged: relay and store it like any update, so every replica
            # and the store agree, let the guard repair it, then drop the sender.
        self._size += len(update)
        if message.kind is not yp.SyncType.UPDATE:
            frame = yp.sync_message(yp.SyncType.UPDATE, update)
        self.broadcast(frame, exclude=peer)
        self._hooks.changed(self, update, peer)
        repaired = self.guard.repair() if self.guard is not None else None
        if repaired is not None:
            self._apply_repair(peer, *repaired)
        if fault is not None:
            raise RoomFault(str(fault)) from fault

    def _check_size(self, incoming: int) -> None:
        limit = self.limits.max_document_bytes
        if self._size + incoming <= limit:
            return
        self._size = len(self.doc.get_update())  # deletions may have shrunk it
        if self._size + incoming > limit:
            raise UpdateRefused(
                f"the document is full ({limit // (1024 * 1024)} MiB): this change was not saved",
                too_large=True,
            )

    def _apply_repair(self, offender: Peer, repair: bytes, reasons: list[str]) -> None:
        """The offending update is merged already: the server's inverse goes out (and into
        the store) right behind it, so every replica ends as if it never happened."""
        self.broadcast(yp.sync_message(yp.SyncType.UPDATE, repair), exclude=None)
        self._hooks.changed(self, repair, None)
        log.warning(
            "%s: reverted a %s's update: %s", self.key, offender.grant.role, "; ".join(reasons)
        )
        if "changed the session settings" in reasons:
            offender.close(CloseCode.FORBIDDEN, "not allowed to change the session settings")

    def _receive_awareness(self, peer: Peer, frame: bytes, message: yp.Awareness) -> None:
        owned = self.peers.get(peer)
        if owned is None or not self._awareness_allowed(peer):
            return
        limits = self.limits
        accepted = []
        changed = False
        for entry in message.entries:  # checked whole first: a refused message changes nothing
            if len(entry.state) > limits.awareness_state_bytes:
                raise UpdateRefused(
                    f"awareness state larger than {limits.awareness_state_bytes} bytes",
                    too_large=True,
                )
        stamped_entries = [_stamp_identity(entry, peer.grant) for entry in message.entries]
        for entry, stamped in zip(message.entries, stamped_entries, strict=True):
            owner = self._owner.get(entry.client_id)
            if owner is not None and owner is not peer and not isinstance(owner, RemoteOwner):
                continue  # a peer may only speak for the clients it introduced
            if owner is None and len(owned) >= limits.awareness_clients_per_peer:
                continue  # one tab has one client per document; more are made up
            current = self._awareness.get(entry.client_id)
            if current is not None and entry.clock < current.clock:
                continue
            changed = changed or stamped is not entry
            entry = stamped
            if entry.state == _NULL_STATE:
                self._awareness.pop(entry.client_id, None)
                self._owner.pop(entry.client_id, None)
                owned.discard(entry.client_id)
            else:
                self._awareness[entry.client_id] = entry
                self._owner[entry.client_id] = peer
                owned.add(entry.client_id)
            accepted.append(entry)
        if len(accepted) == len(message.entries) and not changed:
            self.broadcast(frame, exclude=peer)
        elif accepted:
            self.broadcast(yp.awareness_message(accepted), exclude=peer)
        if accepted:
            self._hooks.awareness(self, yp.encode_awareness_update(accepted))

    def _awareness_allowed(self, peer: Peer) -> bool:
        """A token bucket per peer: bursts pass, a flood is dropped (clients renew every
        15 s and on cursor moves, far below the rate)."""
        budget = self._awareness_budget.get(peer)
        if budget is None:
            return False
        now = time.monotonic()
        tokens = min(
            self.limits.awareness_burst, budget[0] + (now - budget[1]) * self.limits.awareness_rate
        )
        budget[1] = now
        if tokens < 1.0:
            budget[0] = tokens
            return False
        budget[0] = tokens - 1.0
        return True

    # -- updates from other server processes ------------------------------------------------
    def apply_remote(self, update: bytes) -> None:
        """An update another process received (and stored): apply and fan out, never store."""
        try:
            self.doc.apply_update(update)
        except ValueError:
            log.warning("%s: dropped an undecodable update from another process", self.key)
            return
        self.broadcast(yp.sync_message(yp.SyncType.UPDATE, update), exclude=None)

    def apply_remote_awareness(self, payload: bytes, process: str, now: float) -> None:
        try:
            entries = yp.parse_awareness_update(payload)
        except yp.ProtocolError:
            return
        accepted = []
        for entry in entries:
            owner = self._owner.get(entry.client_id)
            if owner is not None and not isinstance(owner, RemoteOwner):
                continue  # a client connected here speaks for itself
            current = self._awareness.get(entry.client_id)
            if current is not None and entry.clock < current.clock:
                continue
            if entry.state == _NULL_STATE:
                self._awareness.pop(entry.client_id, None)
                self._owner.pop(entry.client_id, None)
            else:
                self._awareness[entry.client_id] = entry
                self._owner[entry.client_id] = RemoteOwner(process, now)
            accepted.append(entry)
        if accepted:
            self.broadcast(yp.awareness_message(accepted), exclude=None)

    def expire_remote_awareness(self, before: float) -> None:
        """Forget remote states not renewed since `before` (their process may be dead;
        live clients renew every 15 s)."""
        gone = []
        for client_id, owner in list(self._owner.items()):
            if isinstance(owner, RemoteOwner) and owner.seen < before:
                entry = self._awareness.pop(client_id, None)
                del self._owner[client_id]
                if entry is not None:
                    gone.append(yp.AwarenessEntry(client_id, entry.clock, _NULL_STATE))
        if gone:
            self.broadcast(yp.awareness_message(gone), exclude=None)

    def close_all(self, code: CloseCode, reason: str) -> None:
        for peer in list(self.peers):
            peer.close(code, reason)


def _fields(limits: UpdateLimits) -> dict[str, Any]:
    return {name: getattr(limits, name) for name in limits.__slots__}


def _stamp_identity(entry: yp.AwarenessEntry, grant: Grant) -> yp.AwarenessEntry:
    """Who a client is comes from the server: the `user` of an awareness state is stamped
    with the connection's id, name and role (an observer cannot show up as "Host")."""
    if grant.role is None or entry.state == _NULL_STATE:
        return entry
    state = json.loads(entry.state)  # parses: the protocol reader checked it
    if not isinstance(state, dict):
        return entry
    user = state.get("user")
    if user is None:
        return entry
    identity = {"id": grant.user_id, "name": grant.name or "", "role": grant.role}
    if isinstance(user, dict) and all(user.get(k) == v for k, v in identity.items()):
        return entry
    state["user"] = {**(user if isinstance(user, dict) else {}), **identity}
    return yp.AwarenessEntry(entry.client_id, entry.clock, json.dumps(state))
