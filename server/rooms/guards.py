"""Server-side rules on the *content* of the `code` document, for writers who are not
interviewers (candidates).

An update is merged before its effects are known, so a guard watches the shared types
while the update applies and, if the writer broke a rule, writes the inverse as a server
update of its own. Rules (the schema is in CONTRACT.md):
- `meta` (language, problem, lock, runs_disabled): interviewers only; a change by anyone
  else is reverted and the connection is closed (a tampered client);
- `chat`, `runs` and `events` are append-only for them, a chat message must carry the
  writer's own id and role, a run or event the writer's own id, and no run may be appended
  while `meta.runs_disabled` is true.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pycrdt import Array, ArrayEvent, Doc, Map, MapEvent

from server import permissions
from server.rooms.access import Grant

log = logging.getLogger("codesync.rooms")

MAX_CHAT_TEXT = 4000
_ARRAYS = ("chat", "runs", "events")


class DocumentGuard:
    def __init__(self, doc: Doc) -> None:  # type: ignore[type-arg]
        self.doc = doc
        self.meta: Map[Any] = doc.get("meta", type=Map)
        self.arrays: dict[str, Array[Any]] = {name: doc.get(name, type=Array) for name in _ARRAYS}
        self._cache: dict[str, list[Any]] = {n: a.to_py() or [] for n, a in self.arrays.items()}
        self._writer: Grant | None = None
        self._repairs: list[Callable[[], None]] = []
        self.reasons: list[str] = []
        self.locked = self.meta.get("locked") is True
        self.meta.observe(self._meta_changed)
        for name, array in self.arrays.items():
            array.observe(self._observer(name))

    def _observer(self, name: str) -> Callable[[ArrayEvent], None]:
        return lambda event: self._array_changed(name, event)

    @property
    def runs_disabled(self) -> bool:
        return self.meta.get("runs_disabled") is True

    @contextmanager
    def writing(self, grant: Grant) -> Iterator[None]:
        """Attribute every change made inside to `grant` (None role: trusted)."""
        self._writer = (
            grant if grant.role is not None and not permissions.is_interviewer(grant.role) else None
        )
        try:
            yield
        finally:
            self._writer = None

    def repair(self) -> tuple[bytes, list[str]] | None:
        """Undo what the last update was not allowed to do: the server's repair update and
        the reasons, or None if it was fine."""
        if not self._repairs:
            return None
        repairs, self._repairs = self._repairs, []
        reasons, self.reasons = self.reasons, []
        before = self.doc.get_state()
        with self.doc.transaction():
            for undo in reversed(repairs):
                undo()
        return self.doc.get_update(before), reasons

    # -- observers --------------------------------------------------------------------------
    def _meta_changed(self, event: MapEvent) -> None:
        self.locked = self.meta.get("locked") is True
        if self._writer is None:
            return
        changes: Mapping[str, Mapping[str, Any]] = event.keys  # type: ignore[attr-defined]
        self.reasons.append("changed the session settings")

        def undo() -> None:
            for key, change in changes.items():
                if "oldValue" in change:
                    self.meta[key] = change["oldValue"]
                elif key in self.meta:
                    del self.meta[key]

        self._repairs.append(undo)

    def _array_changed(self, name: str, event: ArrayEvent) -> None:
        array = self.arrays[name]
        old = self._cache[name]
        self._cache[name] = array.to_py() or []
        writer = self._writer
        if writer is None:
            return
        inverse: list[tuple[int, str, Any]] = []  # (index in the new array, op, payload)
        new_pos = old_pos = 0
        allowed = True
        for op in event.delta:  # type: ignore[attr-defined]
            if "retain" in op:
                new_pos += op["retain"]
                old_pos += op["retain"]
            elif "insert" in op:
                items = list(op["insert"])
                allowed = allowed and all(self._may_append(name, writer, i) for i in items)
                inverse.append((new_pos, "delete", len(items)))
                new_pos += len(items)
            elif "delete" in op:
                allowed = False  # history is append-only for non-interviewers
                inverse.append((new_pos, "insert", old[old_pos : old_pos + op["delete"]]))
                old_pos += op["delete"]
        if allowed:
            return
        self.reasons.append(f"broke the rules of `{name}`")

        def undo() -> None:
            for index, kind, payload in sorted(inverse, key=lambda x: x[0], reverse=True):
                if kind == "delete":
                    del array[index : index + payload]
                else:
                    for offset, value in enumerate(payload):
                        array.insert(index + offset, _plain(value))
            self._cache[name] = array.to_py() or []

        self._repairs.append(undo)

    def _may_append(self, name: str, writer: Grant, item: Any) -> bool:
        value = item.to_py() if hasattr(item, "to_py") else item
        if not isinstance(value, dict):
            return False
        if name == "runs":
            return not self.runs_disabled and value.get("by") == writer.user_id
        if name == "events":  # pastes, leaving the tab: reported by the client about itself
            return value.get("by") == writer.user_id
        text = value.get("text")
        return (
            value.get("author_id") == writer.user_id
            and value.get("role") == writer.role
            and isinstance(text, str)
            and 0 < len(text) <= MAX_CHAT_TEXT
        )


def _plain(value: Any) -> Any:
    """Re-inserted values must be plain data (a prelim copy), never integrated types."""
    if isinstance(value, dict):
        return Map({k: _plain(v) for k, v in value.items()})
    if isinstance(value, list):
        return Array([_plain(v) for v in value])
    return value
