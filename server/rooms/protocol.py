"""The y-websocket wire format: pure functions from bytes to messages and back.

A frame carries one message: varuint type, then for SYNC a varuint subtype and a
varuint-length-prefixed payload, for AWARENESS a length-prefixed awareness update.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import IntEnum


class MessageType(IntEnum):
    SYNC = 0
    AWARENESS = 1
    AUTH = 2
    QUERY_AWARENESS = 3


class SyncType(IntEnum):
    STEP1 = 0
    STEP2 = 1
    UPDATE = 2


class ProtocolError(ValueError):
    """The frame is not a well-formed y-websocket message."""


# Ten 7-bit groups cover a 64-bit integer; more is never a valid varuint.
_MAX_VARUINT_BYTES = 10
# An update that changes nothing: zero structs, empty delete set.
EMPTY_UPDATE = b"\x00\x00"


def read_var_uint(data: bytes, pos: int) -> tuple[int, int]:
    if pos < len(data) and data[pos] < 0x80:  # most integers in an update fit one byte
        return data[pos], pos + 1
    value = 0
    shift = 0
    for i in range(_MAX_VARUINT_BYTES):
        if pos + i >= len(data):
            raise ProtocolError("truncated integer")
        byte = data[pos + i]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos + i + 1
        shift += 7
    raise ProtocolError("integer too long")


def read_var_bytes(data: bytes, pos: int) -> tuple[bytes, int]:
    length, pos = read_var_uint(data, pos)
    end = pos + length
    if end > len(data):
        raise ProtocolError("truncated payload")
    return data[pos:end], end


def write_var_uint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def write_var_bytes(payload: bytes) -> bytes:
    return write_var_uint(len(payload)) + payload


@dataclass(frozen=True, slots=True)
class Sync:
    kind: SyncType
    payload: bytes  # a state vector for STEP1, an update otherwise


@dataclass(frozen=True, slots=True)
class AwarenessEntry:
    client_id: int
    clock: int
    state: str  # JSON text; "null" means the client went away


@dataclass(frozen=True, slots=True)
class Awareness:
    entries: tuple[AwarenessEntry, ...]


@dataclass(frozen=True, slots=True)
class QueryAwareness:
    pass


@dataclass(frozen=True, slots=True)
class Auth:
    pass


Message = Sync | Awareness | QueryAwareness | Auth


def parse(frame: bytes) -> Message:
    """Decode one frame, or raise ProtocolError. Never trusts a length it has not checked."""
    kind, pos = read_var_uint(frame, 0)
    if kind == MessageType.SYNC:
        sub, pos = read_var_uint(frame, pos)
        if sub not in (SyncType.STEP1, SyncType.STEP2, SyncType.UPDATE):
            raise ProtocolError(f"unknown sync message type {sub}")
        payload, pos = read_var_bytes(frame, pos)
        _expect_end(frame, pos)
        return Sync(SyncType(sub), payload)
    if kind == MessageType.AWARENESS:
        payload, pos = read_var_bytes(frame, pos)
        _expect_end(frame, pos)
        return Awareness(parse_awareness_update(payload))
    if kind == MessageType.QUERY_AWARENESS:
        return QueryAwareness()
    if kind == MessageType.AUTH:
        return Auth()
    raise ProtocolError(f"unknown message type {kind}")


def _expect_end(frame: bytes, pos: int) -> None:
    if pos != len(frame):
        raise ProtocolError("trailing bytes after the message")


def parse_awareness_update(payload: bytes) -> tuple[AwarenessEntry, ...]:
    count, pos = read_var_uint(payload, 0)
    if count > len(payload):  # every entry takes at least three bytes
        raise ProtocolError("awareness entry count exceeds the payload")
    entries = []
    for _ in range(count):
        client_id, pos = read_var_uint(payload, pos)
        clock, pos = read_var_uint(payload, pos)
        raw, pos = read_var_bytes(payload, pos)
        try:
            state = raw.decode("utf-8")
            json.loads(state)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # "[" * 16000 recurses
            raise ProtocolError("awareness state is not JSON") from exc
        entries.append(AwarenessEntry(client_id, clock, state))
    _expect_end(payload, pos)
    return tuple(entries)


def encode_awareness_update(entries: list[AwarenessEntry]) -> bytes:
    parts = [write_var_uint(len(entries))]
    for entry in entries:
        parts.append(write_var_uint(entry.client_id))
        parts.append(write_var_uint(entry.clock))
        parts.append(write_var_bytes(entry.state.encode("utf-8")))
    return b"".join(parts)


def sync_message(kind: SyncType, payload: bytes) -> bytes:
    return bytes((MessageType.SYNC, kind)) + write_var_bytes(payload)


def awareness_message(entries: list[AwarenessEntry]) -> bytes:
    return bytes((MessageType.AWARENESS,)) + write_var_bytes(encode_awareness_update(entries))
