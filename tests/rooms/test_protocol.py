from __future__ import annotations

import contextlib
import random
from typing import Any

import pytest
from pycrdt import Doc, Text, create_sync_message, create_update_message

from server.rooms import protocol as yp


@pytest.mark.parametrize("value", [0, 1, 127, 128, 300, 2**32, 2**63 - 1])
def test_var_uint_round_trips(value: int) -> None:
    encoded = yp.write_var_uint(value)
    assert yp.read_var_uint(encoded, 0) == (value, len(encoded))


def test_parses_what_pycrdt_writes() -> None:
    doc: Doc[Any] = Doc()
    doc.get("code", type=Text).insert(0, "hi")
    step1 = yp.parse(create_sync_message(doc))
    assert step1 == yp.Sync(yp.SyncType.STEP1, doc.get_state())
    update = yp.parse(create_update_message(doc.get_update()))
    assert update == yp.Sync(yp.SyncType.UPDATE, doc.get_update())


def test_awareness_round_trips() -> None:
    entries = [yp.AwarenessEntry(7, 3, '{"user":{"name":"Ada"}}'), yp.AwarenessEntry(9, 1, "null")]
    message = yp.parse(yp.awareness_message(entries))
    assert message == yp.Awareness(tuple(entries))


def test_query_awareness_and_auth_are_recognised() -> None:
    assert yp.parse(b"\x03") == yp.QueryAwareness()
    assert yp.parse(b"\x02\x00") == yp.Auth()


def test_random_bytes_raise_protocol_error_or_parse_never_anything_else() -> None:
    rng = random.Random(1234)
    for _ in range(20_000):
        frame = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 24)))
        with contextlib.suppress(yp.ProtocolError):
            yp.parse(frame)


def test_awareness_count_larger_than_the_payload_is_rejected_cheaply() -> None:
    payload = yp.write_var_uint(10**9)
    with pytest.raises(yp.ProtocolError):
        yp.parse_awareness_update(payload)
