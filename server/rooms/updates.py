"""Just enough of the Yjs v1 update format to know which clock ranges an update carries.

The server drops writes from read-only peers. A client whose write was dropped continues
its own clock sequence, so its next updates start past what the server has: applied as
is, they would sit in the server's document as structs that Yjs clients cannot integrate
(a silent divergence). `starts_past` finds such updates so the room can drop them too.
"""

from __future__ import annotations

from server.rooms.protocol import ProtocolError, read_var_bytes, read_var_uint

_GC, _SKIP = 0, 10
_CONTENT_DELETED, _CONTENT_JSON, _CONTENT_BINARY, _CONTENT_STRING = 1, 2, 3, 4
_CONTENT_EMBED, _CONTENT_FORMAT, _CONTENT_TYPE, _CONTENT_ANY, _CONTENT_DOC = 5, 6, 7, 8, 9
_XML_ELEMENT, _XML_HOOK = 3, 5
_MAX_DEPTH = 64


def client_ranges(update: bytes) -> dict[int, int]:
    """{client id: first clock} of every client whose structs the update carries."""
    count, pos = read_var_uint(update, 0)
    starts: dict[int, int] = {}
    for _ in range(count):
        structs, pos = read_var_uint(update, pos)
        client, pos = read_var_uint(update, pos)
        clock, pos = read_var_uint(update, pos)
        starts[client] = clock
        for _ in range(structs):
            pos = _skip_struct(update, pos)
    return starts


def decode_state_vector(state: bytes) -> dict[int, int]:
    count, pos = read_var_uint(state, 0)
    vector = {}
    for _ in range(count):
        client, pos = read_var_uint(state, pos)
        clock, pos = read_var_uint(state, pos)
        vector[client] = clock
    return vector


def starts_past(update: bytes, state_vector: dict[int, int]) -> bool:
    """True if some client's structs in `update` begin after the clock the document has."""
    count, pos = read_var_uint(update, 0)
    if count == 1:  # the common case, a client's own edit: no need to walk its structs
        _, pos = read_var_uint(update, pos)
        client, pos = read_var_uint(update, pos)
        clock, _ = read_var_uint(update, pos)
        return clock > state_vector.get(client, 0)
    return any(
        start > state_vector.get(client, 0) for client, start in client_ranges(update).items()
    )


def _byte(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise ProtocolError("truncated update")
    return data[pos], pos + 1


def _skip_struct(data: bytes, pos: int) -> int:
    info, pos = _byte(data, pos)
    ref = info & 0x1F
    if ref in (_GC, _SKIP):
        return read_var_uint(data, pos)[1]
    if info & 0x80:  # origin id
        pos = read_var_uint(data, read_var_uint(data, pos)[1])[1]
    if info & 0x40:  # right origin id
        pos = read_var_uint(data, read_var_uint(data, pos)[1])[1]
    if not info & 0xC0:  # no origins: the parent is written out
        parent_is_root, pos = read_var_uint(data, pos)
        if parent_is_root:
            pos = read_var_bytes(data, pos)[1]
        else:
            pos = read_var_uint(data, read_var_uint(data, pos)[1])[1]
        if info & 0x20:  # parent sub (a map key)
            pos = read_var_bytes(data, pos)[1]
    return _skip_content(data, pos, ref)


def _skip_content(data: bytes, pos: int, ref: int) -> int:
    if ref == _CONTENT_DELETED:
        return read_var_uint(data, pos)[1]
    if ref == _CONTENT_JSON:
        count, pos = read_var_uint(data, pos)
        for _ in range(count):
            pos = read_var_bytes(data, pos)[1]
        return pos
    if ref in (_CONTENT_BINARY, _CONTENT_STRING, _CONTENT_EMBED):
        return read_var_bytes(data, pos)[1]
    if ref == _CONTENT_FORMAT:
        return read_var_bytes(data, read_var_bytes(data, pos)[1])[1]
    if ref == _CONTENT_TYPE:
        type_ref, pos = read_var_uint(data, pos)
        if type_ref in (_XML_ELEMENT, _XML_HOOK):
            pos = read_var_bytes(data, pos)[1]
        return pos
    if ref == _CONTENT_ANY:
        count, pos = read_var_uint(data, pos)
        for _ in range(count):
            pos = _skip_any(data, pos, 0)
        return pos
    if ref == _CONTENT_DOC:
        return _skip_any(data, read_var_bytes(data, pos)[1], 0)
    raise ProtocolError(f"unknown content type {ref}")


def _skip_any(data: bytes, pos: int, depth: int) -> int:
    """lib0's `readAny` encoding."""
    if depth > _MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    kind, pos = _byte(data, pos)
    if kind in (127, 126, 121, 120):  # undefined, null, false, true
        return pos
    if kind == 125:  # signed varint
        for i in range(10):
            byte, pos = _byte(data, pos)
            if not byte & (0x40 if i == 0 else 0x80):
                return pos
        raise ProtocolError("integer too long")
    if kind in (124, 123, 122):  # float32, float64, bigint64
        end = pos + (4 if kind == 124 else 8)
        if end > len(data):
            raise ProtocolError("truncated update")
        return end
    if kind in (119, 116):  # string, bytes
        return read_var_bytes(data, pos)[1]
    if kind == 118:  # object
        count, pos = read_var_uint(data, pos)
        for _ in range(count):
            pos = _skip_any(data, read_var_bytes(data, pos)[1], depth + 1)
        return pos
    if kind == 117:  # array
        count, pos = read_var_uint(data, pos)
        for _ in range(count):
            pos = _skip_any(data, pos, depth + 1)
        return pos
    raise ProtocolError(f"unknown value type {kind}")
