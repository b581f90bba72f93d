"""Fuzzing the whole receive path of a room (protocol parse → structural walk → gap check →
guards → apply) with Hypothesis, in-process and without a network, so that thousands of
frames run in seconds.

Frames are real updates and awareness messages a candidate could send, mutated byte by byte,
plus raw noise and the fixed regression cases of issue 12. Whatever arrives:
- the room raises nothing but ProtocolError or UpdateRefused (the socket's 4400/4413);
- the host's message in `chat` is still there, first, and every item is plain data;
- the document still encodes, and replaying what went to the store rebuilds it exactly.

`make test` runs a bounded number of examples; `make fuzz` (CODESYNC_FUZZ_EXAMPLES) runs more.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

import hypothesis
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pycrdt import Array, Doc, Map, Text

from server.access import Grant
from server.rooms import protocol as yp
from server.rooms.hooks import HookChain
from server.rooms.room import Room
from server.rooms.updates import UpdateRefused
from tests.hostile.test_room_attacks import nested_chat_item
from tests.rooms.fakes import FakePeer, Recorder

EXAMPLES = int(os.environ.get("CODESYNC_FUZZ_EXAMPLES", "400"))
HOST = Grant("host-id", "Hana Host", "host")
CANDIDATE = Grant("cand-id", "Grace", "candidate")
HOSTS_MESSAGE = {
    "id": "h1",
    "author_id": HOST.user_id,
    "author_name": HOST.name,
    "role": "host",
    "text": "Walk me through it.",
    "ts": 1.0,
}


def _room() -> tuple[Room, list[bytes]]:
    recorder = Recorder()
    doc: Doc[Any] = Doc()
    room = Room("s1/code", doc, HookChain([recorder]))
    room.server_write(lambda d: d.get("chat", type=Array).append(HOSTS_MESSAGE))
    return room, recorder.updates


def _seed_updates() -> list[bytes]:
    """What a candidate's client writes: text, chat, events, a shared type, a deletion."""
    room, _ = _room()
    doc: Doc[Any] = Doc()
    doc.apply_update(room.doc.get_update())
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(event.update))
    text = doc.get("code", type=Text)
    text += "def solve(xs):\n    return sorted(xs)\n"
    del text[4:9]
    mine = {"author_id": CANDIDATE.user_id, "author_name": CANDIDATE.name, "ts": 2.0}
    doc.get("chat", type=Array).append({**mine, "id": "c1", "role": "candidate", "text": "ok"})
    paste = {"id": "e1", "kind": "paste", "by": CANDIDATE.user_id, "by_name": CANDIDATE.name}
    doc.get("events", type=Array).append({**paste, "ts": 3.0, "chars": 900, "lines": 20})
    doc.get("runs", type=Array).append({"id": "r", "n": [0, 63, 64, 100, -1, -65, 2**40, 1.5]})
    doc.get("chat", type=Array).append(Map({"id": "m", "text": "a shared map"}))
    del doc.get("chat", type=Array)[0]
    doc.get("meta", type=Map)["language"] = "go"
    return [*updates, nested_chat_item(3), nested_chat_item(40)]


UPDATES = _seed_updates()
AWARENESS = yp.encode_awareness_update([yp.AwarenessEntry(7, 1, '{"user": {"name": "G"}}')])


def _mutate(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(out) - 1)))
        op = draw(st.sampled_from(("flip", "insert", "delete", "truncate", "repeat")))
        if op == "flip" and out:
            out[at] = draw(st.integers(0, 255))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 8))]
        elif op == "truncate":
            del out[at:]
        elif op == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 16))]
    return bytes(out)


@st.composite
def frames(draw: st.DrawFn) -> bytes:
    """Mostly a well-framed message whose payload is mutated (so the walk and pycrdt see
    it), sometimes a mutated frame, sometimes noise."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(st.binary(max_size=64))
    if choice == 1:
        return _mutate(draw, yp.awareness_message([]) + draw(st.sampled_from(UPDATES)))
    if choice == 2:
        payload = _mutate(draw, AWARENESS)
        return yp.write_var_uint(yp.MessageType.AWARENESS) + yp.write_var_bytes(payload)
    kind = draw(st.sampled_from((yp.SyncType.UPDATE, yp.SyncType.STEP2, yp.SyncType.STEP1)))
    payload = draw(st.sampled_from(UPDATES))
    if draw(st.booleans()):
        payload = _mutate(draw, payload)
    return yp.sync_message(kind, payload)


def receive_and_check(sent: list[bytes]) -> None:
    room, stored = _room()
    candidate, host = FakePeer(CANDIDATE), FakePeer(HOST)
    room.add(candidate)
    room.add(host)
    for frame in sent:
        # Refused: the socket closes with 4400 or 4413, the room goes on.
        with contextlib.suppress(yp.ProtocolError, UpdateRefused):
            room.receive(candidate, frame)
    chat = room.doc.get("chat", type=Array)
    items = list(chat)
    assert items and items[0] == HOSTS_MESSAGE
    assert not any(hasattr(item, "to_py") for item in items), "a shared type in chat"
    replay: Doc[Any] = Doc()
    for update in stored:
        replay.apply_update(update)
    for name, kind in (("code", Text), ("chat", Array), ("events", Array), ("meta", Map)):
        assert replay.get(name, type=kind).to_py() == room.doc.get(name, type=kind).to_py()


@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 400,  # the same examples on every `make test`
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(frames(), min_size=1, max_size=3))
def test_no_frame_breaks_a_room(sent: list[bytes]) -> None:
    receive_and_check(sent)


def test_fixed_cases() -> None:
    """Issue 12's inputs: 100,000 and 10,000 arrays deep into `chat` (the first segfaulted
    pycrdt, the second raised RecursionError in an observer and left the item applied)."""
    for depth in (100_000, 10_000, 33):
        receive_and_check([yp.sync_message(yp.SyncType.UPDATE, nested_chat_item(depth))])
