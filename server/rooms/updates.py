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
    reader = _Reader(update, limits)
    return reader.update()


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


class _Reader:
    __slots__ = ("data", "limits", "pos")

    def __init__(self, data: bytes, limits: UpdateLimits) -> None:
        self.data = data
        self.limits = limits
        self.pos = 0

    def uint(self) -> int:
        value, self.pos = read_var_uint(self.data, self.pos)
        return value

    def bytes_(self) -> bytes:
        value, self.pos = read_var_bytes(self.data, self.pos)
        return value

    def skip_bytes(self) -> None:
        self.pos = read_var_bytes(self.data, self.pos)[1]

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise ProtocolError("truncated update")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def count(self, what: str) -> int:
        """A count of things that each take at least one byte: never more than remain."""
        value = self.uint()
        if value > len(self.data) - self.pos:
            raise ProtocolError(f"{what} count exceeds the update")
        return value

    def update(self) -> UpdateShape:
        limits = self.limits
        clients = self.count("client")
        if clients > limits.max_clients:
            raise UpdateRefused(f"more than {limits.max_clients} clients in one update")
        starts: dict[int, int] = {}
        structs = 0
        for _ in range(clients):
            n = self.count("struct")
            structs += n
            if structs > limits.max_structs:
                raise UpdateRefused(f"more than {limits.max_structs} structs in one update")
            client = self.uint()
            clock = self.uint()
            if client in starts:
                raise ProtocolError("a client appears twice in one update")
            starts[client] = clock
            for _ in range(n):
                self.struct()
        deletes = 0
        for _ in range(self.count("delete set client")):
            self.uint()  # client
            ranges = self.count("delete range")
            deletes += ranges
            if deletes > limits.max_delete_ranges:
                raise UpdateRefused(f"more than {limits.max_delete_ranges} deleted ranges")
            for _ in range(ranges):
                self.uint()  # clock
                self.uint()  # length
        if self.pos != len(self.data):
            raise ProtocolError("trailing bytes after the update")
        return UpdateShape(starts, structs, deletes)

    def struct(self) -> None:
        info = self.byte()
        ref = info & 0x1F
        if ref in (_GC, _SKIP):
            self.uint()
            return
        if info & 0x80:  # origin id
            self.uint(), self.uint()
        if info & 0x40:  # right origin id
            self.uint(), self.uint()
        if not info & 0xC0:  # no origins: the parent is written out
            if self.uint():  # parent is a root type, by name
                self.skip_bytes()
            else:
                self.uint(), self.uint()
            if info & 0x20:  # parent sub (a map key)
                self.skip_bytes()
        self.content(ref)

    def content(self, ref: int) -> None:
        if ref == _CONTENT_DELETED:
            self.uint()
        elif ref in (_CONTENT_BINARY, _CONTENT_STRING):
            self.skip_bytes()
        elif ref == _CONTENT_EMBED:
            self.json_text()
        elif ref == _CONTENT_FORMAT:
            self.skip_bytes()  # key
            self.json_text()
        elif ref == _CONTENT_TYPE:
            if not self.limits.nested_types:
                raise UpdateRefused("shared types inside this document are not allowed")
            type_ref = self.uint()
            if type_ref not in _TYPE_REFS:
                raise ProtocolError(f"unknown shared type {type_ref}")
            if type_ref in (_XML_ELEMENT, _XML_HOOK):
                self.skip_bytes()
        elif ref == _CONTENT_ANY:
            for _ in range(self.count("value")):
                self.any_value()
        elif ref == _CONTENT_JSON:
            raise UpdateRefused("legacy JSON content is not accepted; send plain values")
        elif ref == _CONTENT_DOC:
            raise UpdateRefused("subdocuments are not supported")
        else:
            raise ProtocolError(f"unknown content type {ref}")

    def json_text(self) -> None:
        """A JSON document in a string (embeds, formatting attributes): bound its nesting."""
        text = self.bytes_()
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
                if depth > self.limits.max_depth:
                    raise UpdateRefused(f"value nested deeper than {self.limits.max_depth}")
            elif byte in (0x5D, 0x7D):
                depth -= 1

    def any_value(self) -> None:
        """lib0's `readAny`, walked with an explicit stack: arbitrarily deep input costs no
        native or Python stack, and is refused once it passes the bound."""
        stack = [[1, 0]]  # per open level: [values left to read, 1 if they are keyed]
        limit = self.limits.max_depth
        while stack:
            level = stack[-1]
            if level[0] == 0:
                stack.pop()
                continue
            level[0] -= 1
            if level[1]:
                self.skip_bytes()  # the key of an object entry
            kind = self.byte()
            if kind in (127, 126, 121, 120):  # undefined, null, false, true
                continue
            if kind == 125:  # signed varint
                self._signed()
            elif kind in (124, 123, 122):  # float32, float64, bigint64
                end = self.pos + (4 if kind == 124 else 8)
                if end > len(self.data):
                    raise ProtocolError("truncated update")
                self.pos = end
            elif kind in (119, 116):  # string, bytes
                self.skip_bytes()
            elif kind in (118, 117):  # object, array
                if len(stack) > limit:
                    raise UpdateRefused(f"value nested deeper than {limit}")
                stack.append([self.count("entry"), 1 if kind == 118 else 0])
            else:
                raise ProtocolError(f"unknown value type {kind}")

    def _signed(self) -> None:
        """lib0's signed varint: 0x80 continues in every byte (0x40 of the first is the sign)."""
        for _ in range(10):
            if not self.byte() & 0x80:
                return
        raise ProtocolError("integer too long")
