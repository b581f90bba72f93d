"""Server-side rules on the *content* of the `code` document, for writers who are not
interviewers (candidates).

An update is merged before its effects are known, so a guard watches the shared types
while the update applies and, if the writer broke a rule, writes the inverse as a server
update of its own. Rules (the schema is in docs/interface.md):
- `meta` (language, problem, lock, runs_disabled): interviewers only; a change by anyone
  else is reverted and the connection is closed (a tampered client);
- `chat`, `runs` and `events` are append-only for them, by construction: the array after
  their update must be the array before it plus new items at the end, each a plain JSON
  value (no shared type inside) with a fresh id and the writer's own id, role and name as
  the server knows them; no run may be appended while `meta.runs_disabled` is true.
  Anything else (a deletion, an edit inside an item, an insert before the end) restores the
  array as it was, and that restored state is what every client and the store end up with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from pycrdt import Array, Doc, Map, MapEvent

from server import permissions, schema
from server.access import Grant
from server.schema import Meta

log = logging.getLogger("codesync.rooms")

MAX_CHAT_TEXT = 4000
MAX_ID = 64
MAX_NAME = 100  # the web app cuts names to this length
EVENT_KINDS = frozenset({"paste", "hidden", "visible"})


class DocumentGuard:
    def __init__(self, doc: Doc) -> None:  # type: ignore[type-arg]
        self.doc = doc
        typed = schema.CodeDoc(doc)
        self.meta: Map[Any] = typed.meta
        self.arrays: dict[str, Array[Any]] = {
            schema.CHAT: typed.chat,
            schema.RUNS: typed.runs,
            schema.EVENTS: typed.events,
        }
        self._cache: dict[str, list[Any]] = {n: _items(a) for n, a in self.arrays.items()}
        self._writer: Grant | None = None
        self._repairs: list[Callable[[], None]] = []
        self.reasons: list[str] = []
        self.locked = self.meta.get(Meta.LOCKED) is True
        self.meta.observe(self._meta_changed)
        for name, array in self.arrays.items():
            array.observe_deep(self._observer(name))  # deep: edits inside items too

    def _observer(self, name: str) -> Callable[[Any], None]:
        return lambda events: self._array_changed(name)

    @property
    def runs_disabled(self) -> bool:
        return self.meta.get(Meta.RUNS_DISABLED) is True

    def writing(self, grant: Grant) -> DocumentGuard:
        """Attribute every change made inside `with guard.writing(grant):` to `grant` (None
        role: trusted). A plain context manager: it wraps every update of every client."""
        self._writer = (
            grant if grant.role is not None and not permissions.is_interviewer(grant.role) else None
        )
        return self

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
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
        self.locked = self.meta.get(Meta.LOCKED) is True
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

    def _array_changed(self, name: str) -> None:
        old = self._cache[name]
        try:
            new = _items(self.arrays[name])
            allowed = self._writer is None or self._only_appends(name, self._writer, old, new)
        except Exception:  # never let an observer fail the update: restore instead
            log.exception("checking `%s` failed; restoring it", name)
            allowed = False
        if allowed:
            self._cache[name] = new
            return
        self.reasons.append(f"broke the rules of `{name}`")
        self._repairs.append(lambda: self._restore(name, old))

    def _restore(self, name: str, old: list[Any]) -> None:
        """Make the array hold exactly `old` again, as plain values."""
        array = self.arrays[name]
        current = _items(array)
        keep = 0
        while keep < min(len(old), len(current)) and current[keep] == old[keep]:
            keep += 1
        if keep < len(current):
            del array[keep:]
        for value in old[keep:]:
            array.append(_plain(value))
        self._cache[name] = _items(array)

    def _only_appends(self, name: str, writer: Grant, old: list[Any], new: list[Any]) -> bool:
        if len(new) < len(old) or new[: len(old)] != old:
            return False  # a deletion, an edit inside an item, or an insert before the end
        ids = {item[1].get("id") for item in old if isinstance(item[1], dict)}
        for shared, value in new[len(old) :]:
            if shared or not self._may_append(name, writer, value) or value["id"] in ids:
                return False
            ids.add(value["id"])
        return True

    def _may_append(self, name: str, writer: Grant, value: Any) -> bool:
        if name == schema.RUNS and not (
            writer.role is not None
            and permissions.can_run_code(writer.role, runs_disabled=self.runs_disabled)
        ):
            return False
        return entry_problem(name, value, writer) is None


def entry_problem(array: str, value: Any, writer: Grant) -> str | None:
    """Why `value` may not be appended to `array` by `writer`, or None. One schema for what
    a candidate's browser appends and what the server appends for it over REST."""
    if not isinstance(value, dict) or not _is_json(value):
        return "not a plain JSON object"
    item_id = value.get("id")
    if not isinstance(item_id, str) or not 0 < len(item_id) <= MAX_ID:
        return f"`id` must be a string of 1 to {MAX_ID} characters"
    if value.get(schema.WRITER_ID[array]) != writer.user_id:
        return f"`{schema.WRITER_ID[array]}` is not the writer's id"
    server_name = writer.name or ""
    if value.get(schema.WRITER_NAME[array]) not in (server_name, server_name[:MAX_NAME]):
        return f"`{schema.WRITER_NAME[array]}` is not the writer's name"
    ts = value.get("ts")
    if not isinstance(ts, (int, float)) or isinstance(ts, bool):
        return "`ts` must be a number"
    if array == schema.EVENTS:  # pastes, leaving the tab: reported by the client about itself
        if value.get("kind") not in EVENT_KINDS:
            return f"`kind` must be one of {sorted(EVENT_KINDS)}"
        sizes = [value[key] for key in ("chars", "lines") if key in value]
        if not all(_is_count(n) for n in sizes):
            return "`chars` and `lines` must be counts"
    if array == schema.CHAT:
        if value.get("role") != writer.role:
            return "`role` is not the writer's role"
        text = value.get("text")
        if not isinstance(text, str) or not 0 < len(text) <= MAX_CHAT_TEXT:
            return f"`text` must be 1 to {MAX_CHAT_TEXT} characters"
    return None


def _items(array: Array[Any]) -> list[tuple[bool, Any]]:
    """(is a shared type, plain value) of every item: a shared type can be edited inside
    later, so it never counts as the plain value it holds now."""
    out = []
    for item in array:
        shared = hasattr(item, "to_py")
        out.append((shared, item.to_py() if shared else item))
    return out


def _is_count(value: Any) -> bool:
    """A whole number >= 0 (pycrdt reads the numbers a browser writes as floats)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0 <= value < 2**53
        and value == int(value)
    )


def _is_json(value: Any) -> bool:
    """Plain JSON data only (no bytes, no undefined). Depth is bounded by the update check."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not (item is None or isinstance(item, (str, bool, int, float))):
            return False
    return True


def _plain(item: tuple[bool, Any]) -> Any:
    """What a restored item is written back as: its value, never a shared type (the web
    app's readers, and the append-only rule, expect plain data)."""
    return item[1]
