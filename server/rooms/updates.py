"""The Yjs v1 update format, read in full before pycrdt ever sees an update.

Every update a client sends is walked here first, without recursion and without building
values: a malformed update, or one over a structural bound, is refused before it can reach
the CRDT library (a value nested 100,000 levels deep overflows the native stack of the
decoder, and the process with it). The walk also yields the first clock of every client the
update carries, which the room uses to drop updates that build on writes it never applied.

Format (lib0 encoding, as y-protocols and yrs write it):
    update     := varuint clients, {varuint structs, varuint client, varuint clock, struct*}*,
                  delete set
    struct     := info byte; GC and Skip carry a length, items carry origins, maybe their
                  parent, and content (`info & 0x1F` names the content type)
    delete set := varuint clients, {varuint client, varuint ranges, {varuint clock, len}*}*
"""

from __future__ import annotations

from dataclasses import dataclass

from server.rooms.protocol import ProtocolError, read_var_bytes, read_var_uint

_GC, _SKIP = 0, 10
_CONTENT_DELETED, _CONTENT_JSON, _CONTENT_BINARY, _CONTENT_STRING = 1, 2, 3, 4
_CONTENT_EMBED, _CONTENT_FORMAT, _CONTENT_TYPE, _CONTENT_ANY, _CONTENT_DOC = 5, 6, 7, 8, 9
_XML_ELEMENT, _XML_HOOK = 3, 5
_TYPE_REFS = range(7)  # Array, Map, Text, XmlElement, XmlFragment, XmlHook, XmlText


class UpdateRefused(ProtocolError):
    """Well formed, but over a bound: the update is refused whole and nothing changes."""

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.too_large = too_large  # 4413 rather than 4400


@dataclass(frozen=True, slots=True)
class UpdateLimits:
    """Structural bounds on one update (see the README's "Limits and bad input")."""

    max_depth: int = 32  # nesting of one value: arrays and objects, also inside JSON text
    max_structs: int = 250_000  # items over all clients
    max_clients: int = 10_000
    max_delete_ranges: int = 250_000
    # Documents whose schema has no nested shared types (code, notes): a shared type inside
    # a shared type is refused, so no chain of types can nest deeper than the schema.
    nested_types: bool = False


@dataclass(frozen=True, slots=True)
class UpdateShape:
    starts: dict[int, int]  # {client id: first clock} of every client with structs
    structs: int
    deletes: int  # delete ranges


def inspect(update: bytes, limits: UpdateLimits) -> UpdateShape:
    """Walk the whole update; raise ProtocolError (malformed) or UpdateRefused (bounds)."""
    try:
        return _walk(update, limits)
    except IndexError:  # read past the end: every byte access is indexed, none is checked
        raise ProtocolError("truncated update") from None


def client_ranges(update: bytes) -> dict[int, int]:
    """{client id: first clock} of every client whose structs the update carries."""
    return inspect(update, UpdateLimits(nested_types=True)).starts


def decode_state_vector(state: bytes) -> dict[int, int]:
    count, pos = read_var_uint(state, 0)
    vector = {}
    for _ in range(count):
        client, pos = read_var_uint(state, pos)
        clock, pos = read_var_uint(state, pos)
        vector[client] = clock
    return vector


def starts_past(shape: UpdateShape, state_vector: dict[int, int]) -> bool:
    """True if some client's structs begin after the clock the document has."""
    return any(start > state_vector.get(client, 0) for client, start in shape.starts.items())


# The walk runs for every keystroke of every client, so it is written flat: one function per
# level, local variables, and the one-byte integer (most of them) read without a call.


def _walk(data: bytes, limits: UpdateLimits) -> UpdateShape:
    clients, pos = _count(data, 0, "client")
    if clients > limits.max_clients:
        raise UpdateRefused(f"more than {limits.max_clients} clients in one update")
    starts: dict[int, int] = {}
    structs = 0
    for _ in range(clients):
        n, pos = _count(data, pos, "struct")
        structs += n
        if structs > limits.max_structs:
            raise UpdateRefused(f"more than {limits.max_structs} structs in one update")
        client, pos = read_var_uint(data, pos)
        clock, pos = read_var_uint(data, pos)
        if client in starts:
            raise ProtocolError("a client appears twice in one update")
        starts[client] = clock
        for _ in range(n):
            pos = _struct(data, pos, limits)
    deletes = 0
    delete_clients, pos = _count(data, pos, "delete set client")
    for _ in range(delete_clients):
        pos = _skip_uint(data, pos)  # client
        ranges, pos = _count(data, pos, "delete range")
        deletes += ranges
        if deletes > limits.max_delete_ranges:
            raise UpdateRefused(f"more than {limits.max_delete_ranges} deleted ranges")
        for _ in range(ranges):
            pos = _skip_uint(data, _skip_uint(data, pos))  # clock, length
    if pos != len(data):
        raise ProtocolError("trailing bytes after the update")
    return UpdateShape(starts, structs, deletes)


def _struct(data: bytes, pos: int, limits: UpdateLimits) -> int:
    info = data[pos]
    pos += 1
    ref = info & 0x1F
    if ref in (_GC, _SKIP):
        return _skip_uint(data, pos)  # length
    if info & 0x80:  # origin id
        pos = _skip_uint(data, _skip_uint(data, pos))
    if info & 0x40:  # right origin id
        pos = _skip_uint(data, _skip_uint(data, pos))
    if not info & 0xC0:  # no origins: the parent is written out
        by_name, pos = read_var_uint(data, pos)  # 1: a root type, by name; else an item id
        pos = _skip_bytes(data, pos) if by_name == 1 else _skip_uint(data, _skip_uint(data, pos))
        if info & 0x20:  # parent sub (a map key)
            pos = _skip_bytes(data, pos)
    if ref == _CONTENT_STRING:  # typed text: by far the most common
        return _skip_bytes(data, pos)
    return _content(data, pos, ref, limits)


def _content(data: bytes, pos: int, ref: int, limits: UpdateLimits) -> int:
    if ref == _CONTENT_DELETED:
        return _skip_uint(data, pos)
    if ref == _CONTENT_BINARY:
        return _skip_bytes(data, pos)
    if ref == _CONTENT_EMBED:
        return _json_text(data, pos, limits)
    if ref == _CONTENT_FORMAT:
        return _json_text(data, _skip_bytes(data, pos), limits)  # key, then value
    if ref == _CONTENT_TYPE:
        if not limits.nested_types:
            raise UpdateRefused("shared types inside this document are not allowed")
        type_ref, pos = read_var_uint(data, pos)
        if type_ref not in _TYPE_REFS:
            raise ProtocolError(f"unknown shared type {type_ref}")
        return _skip_bytes(data, pos) if type_ref in (_XML_ELEMENT, _XML_HOOK) else pos
    if ref == _CONTENT_ANY:
        values, pos = _count(data, pos, "value")
        for _ in range(values):
            pos = _any_value(data, pos, limits.max_depth)
        return pos
    if ref == _CONTENT_JSON:
        raise UpdateRefused("legacy JSON content is not accepted; send plain values")
    if ref == _CONTENT_DOC:
        raise UpdateRefused("subdocuments are not supported")
    raise ProtocolError(f"unknown content type {ref}")


def _skip_uint(data: bytes, pos: int) -> int:
    if data[pos] < 0x80:
        return pos + 1
    return read_var_uint(data, pos)[1]


def _skip_bytes(data: bytes, pos: int) -> int:
    length, pos = read_var_uint(data, pos)
    end = pos + length
    if end > len(data):
        raise ProtocolError("truncated payload")
    return end


def _count(data: bytes, pos: int, what: str) -> tuple[int, int]:
    """A count of things that each take at least one byte: never more than remain."""
    value, pos = read_var_uint(data, pos)
    if value > len(data) - pos:
        raise ProtocolError(f"{what} count exceeds the update")
    return value, pos


def _json_text(data: bytes, pos: int, limits: UpdateLimits) -> int:
    """A JSON document in a string (embeds, formatting attributes): bound its nesting."""
    text, pos = read_var_bytes(data, pos)
    depth = 0
    in_string = escaped = False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limits.max_depth:
                raise UpdateRefused(f"value nested deeper than {limits.max_depth}")
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return pos


def _any_value(data: bytes, pos: int, limit: int) -> int:
    """lib0's `readAny`, walked with an explicit stack: arbitrarily deep input costs no
    native or Python stack, and is refused once it passes the bound."""
    stack = [[1, 0]]  # per open level: [values left to read, 1 if they are keyed]
    while stack:
        level = stack[-1]
        if level[0] == 0:
            stack.pop()
            continue
        level[0] -= 1
        if level[1]:
            pos = _skip_bytes(data, pos)  # the key of an object entry
        kind = data[pos]
        pos += 1
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            continue
        if kind == 125:  # signed varint: 0x80 continues in every byte
            for _ in range(10):
                pos += 1
                if not data[pos - 1] & 0x80:
                    break
            else:
                raise ProtocolError("integer too long")
        elif kind in (124, 123, 122):  # float32, float64, bigint64
            pos += 4 if kind == 124 else 8
            if pos > len(data):
                raise ProtocolError("truncated update")
        elif kind in (119, 116):  # string, bytes
            pos = _skip_bytes(data, pos)
        elif kind in (118, 117):  # object, array
            if len(stack) > limit:
                raise UpdateRefused(f"value nested deeper than {limit}")
            entries, pos = _count(data, pos, "entry")
            stack.append([entries, 1 if kind == 118 else 0])
        else:
            raise ProtocolError(f"unknown value type {kind}")
    return pos
