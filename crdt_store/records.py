from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class UpdateRecord:
    """One Yjs update as it arrived, before the store gives it a sequence number."""

    doc: str
    update: bytes
    ts: float
    author: str | None = None


@dataclass(frozen=True, slots=True)
class LoggedUpdate:
    """One entry of a document's update log.

    `seq` grows strictly within a document; it is assigned by the store and need not be
    contiguous (the SQLite backend shares one counter between all documents).
    """

    seq: int
    ts: float
    author: str | None
    update: bytes


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The merged state of every log entry of a document with `seq <= self.seq`."""

    seq: int
    ts: float
    state: bytes


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """What loading a document returns: the newest snapshot and the log entries after it."""

    snapshot: Snapshot | None
    tail: list[LoggedUpdate] = field(default_factory=list)

    @property
    def last_seq(self) -> int:
        if self.tail:
            return self.tail[-1].seq
        return self.snapshot.seq if self.snapshot else 0

    def updates(self) -> list[bytes]:
        """Every update needed to rebuild the document, oldest first."""
        head = [self.snapshot.state] if self.snapshot else []
        return head + [entry.update for entry in self.tail]
