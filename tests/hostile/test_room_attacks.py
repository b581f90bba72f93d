"""Issue 12, items 1 to 3: what a stranger holding a candidate or observer link can send down
the room's websocket. One test per attack; after each, the process still answers, other rooms
still converge, and neither the live document nor the store holds what was refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from pycrdt import Array, Doc, Map

from server.access import Grant
from server.closecodes import CloseCode
from server.rooms import protocol as yp
from server.rooms.guards import entry_problem
from server.rooms.protocol import write_var_bytes, write_var_uint
from server.rooms.updates import UpdateLimits, inspect
from tests.conftest import StartServer
from tests.support.panel import Panel, open_panel
from tests.support.serverproc import ChildServer
from tests.support.ywsclient import YClient

_ANY_ARRAY, _ANY_UNDEFINED, _CONTENT_ANY = 117, 127, 8


def nested_chat_item(depth: int, client: int = 4242) -> bytes:
    """One update appending to `chat` a single value nested `depth` arrays deep, written
    byte by byte as lib0 encodes it (no Yjs library builds such a value without recursing)."""
    struct = bytes([_CONTENT_ANY]) + write_var_uint(1) + write_var_bytes(b"chat")
    struct += write_var_uint(1)  # one value
    struct += bytes([_ANY_ARRAY, 1]) * depth + bytes([_ANY_UNDEFINED])
    clients = write_var_uint(1) + write_var_uint(1) + write_var_uint(client) + write_var_uint(0)
    return clients + struct + write_var_uint(0)  # empty delete set


def update_frame(update: bytes) -> bytes:
    return yp.sync_message(yp.SyncType.UPDATE, update)


def chat_of(client: YClient | Doc[Any]) -> list[Any]:
    doc = client.doc if isinstance(client, YClient) else client
    return doc.get("chat", type=Array).to_py() or []


def events_of(client: YClient) -> list[Any]:
    return client.doc.get("events", type=Array).to_py() or []


async def assert_unharmed(panel: Panel) -> None:
    """The process answers and a room next door still converges."""
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"{panel.server.http_url}/api/health")).status_code == 200
    other = (await panel.host.create_session("Next door"))["id"]
    left = await panel.join(panel.host, "left", session=other)
    right = await panel.join(panel.host, "right", session=other)
    left.insert(0, "still ")
    right.insert(0, "here")
    await left.wait_for(lambda c: sorted(str(c.text)) == sorted("still here"))
    await right.wait_for(lambda c: str(c.text) == str(left.text))


def test_the_handwritten_update_is_one_pycrdt_reads() -> None:
    """The attack bytes below are a real update, not noise: shallow, pycrdt applies them."""
    doc: Doc[Any] = Doc()
    doc.apply_update(nested_chat_item(3))
    assert chat_of(doc) == [[[[None]]]]


def test_integers_as_browsers_write_them_pass_the_walk() -> None:
    """Yjs writes whole numbers as lib0 signed varints (0x80 continues, 0x40 of the first
    byte is the sign): 100 is A4 01, -65 is C1 01. A misread refused every run result."""
    for value, encoded in ((100, b"\xa4\x01"), (-65, b"\xc1\x01"), (5, b"\x05")):
        update = nested_chat_item(0).replace(bytes([_ANY_UNDEFINED]), b"\x7d" + encoded)
        inspect(update, UpdateLimits())
        doc: Doc[Any] = Doc()
        doc.apply_update(update)
        assert chat_of(doc) == [value]


async def test_a_value_nested_100000_deep_is_refused_and_the_process_lives(
    child_server: Any, tmp_path: Path
) -> None:
    # A child process: on the old code this input segfaulted the server (and would take
    # pytest down with it if the server ran in-process).
    server: ChildServer = await child_server(data_dir=tmp_path).start()
    panel = await open_panel(server)
    try:
        candidate = await panel.join(panel.candidate, "candidate")
        await candidate.send_raw(update_frame(nested_chat_item(100_000)))
        assert await candidate.wait_closed() == CloseCode.MALFORMED
        assert "deep" in candidate.close_reason
        await assert_unharmed(panel)
        assert chat_of(await panel.join(panel.host, "late")) == []
        await panel.host.ok("GET", f"/api/sessions/{panel.session_id}/export?format=json")
    finally:
        await panel.close()


async def test_a_value_nested_10000_deep_into_chat_is_refused_not_half_applied(
    panel: Panel,
) -> None:
    # On the old code an observer's RecursionError closed with 1011, the guard never ran, the
    # item stayed in the live document and the JSON export answered 500.
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    await candidate.send_raw(update_frame(nested_chat_item(10_000)))
    assert await candidate.wait_closed() == CloseCode.MALFORMED
    await assert_unharmed(panel)
    assert chat_of(host) == [] and chat_of(await panel.stored_doc()) == []
    await panel.host.ok("GET", f"/api/sessions/{panel.session_id}/export?format=json")


async def test_a_document_cannot_be_filled_past_its_limit(start_server: StartServer) -> None:
    limit = 256 * 1024
    panel = await open_panel(await start_server(max_document_bytes=limit))
    try:
        host = await panel.join(panel.host, "host")
        candidate = await panel.join(panel.candidate, "candidate")
        chunk = "x" * (60 * 1024)
        for _ in range(limit // len(chunk) + 2):
            candidate.insert(0, chunk)
        assert await candidate.wait_closed() == CloseCode.TOO_LARGE
        assert "full" in candidate.close_reason
        await assert_unharmed(panel)
        kept = len(await panel.stored_text())
        assert 0 < kept <= limit and kept % len(chunk) == 0  # whole updates or nothing
        late = await panel.join(panel.host, "late")  # the room stays joinable
        assert len(str(late.text)) == kept == len(str(host.text))
    finally:
        await panel.close()


async def test_a_document_larger_than_the_slow_client_queue_still_syncs(
    start_server: StartServer,
) -> None:
    # On the old code the sync reply to a joiner counted against the slow-client queue: a
    # document larger than it (35 MB against the default 32 MiB) closed every later joiner
    # with 1013, restart or not. Here the queue is 1 MiB and the document 3 MiB.
    panel = await open_panel(await start_server(max_queued_bytes=1024 * 1024))
    try:
        candidate = await panel.join(panel.candidate, "candidate")
        for _ in range(3):
            candidate.insert(0, "y" * (1024 * 1024))
        host = await panel.join(panel.host, "host")
        await host.wait_for(lambda c: len(str(c.text)) == 3 * 1024 * 1024, timeout=30)
        late = await panel.join(panel.observer, "late")
        assert len(str(late.text)) == 3 * 1024 * 1024
        assert late.connected
    finally:
        await panel.close()


async def test_a_huge_awareness_state_is_refused(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    observer = await panel.join(panel.observer, "observer")
    observer.set_awareness({"user": {"name": "x"}, "pad": "z" * (1024 * 1024)})
    assert await observer.wait_closed() == CloseCode.TOO_LARGE
    await assert_unharmed(panel)
    late = await panel.join(panel.host, "late")
    assert observer.doc.client_id not in late.awareness and late.connected
    assert host.connected


async def test_made_up_awareness_clients_are_capped_per_connection(panel: Panel) -> None:
    observer = await panel.join(panel.observer, "observer")
    entries = [
        yp.AwarenessEntry(1000 + n, 1, json.dumps({"user": {"name": f"ghost {n}"}}))
        for n in range(40)
    ]
    await observer.send_raw(yp.awareness_message(entries))
    host = await panel.join(panel.host, "host")
    await host.wait_for(lambda c: len(c.awareness) > 0)
    ghosts = [c for c in host.awareness if 1000 <= c < 1040]
    assert 0 < len(ghosts) <= 4  # a tab introduces one client per document
    assert observer.connected


async def test_a_malformed_awareness_state_changes_nothing(panel: Panel) -> None:
    observer = await panel.join(panel.observer, "observer")
    good = yp.AwarenessEntry(7, 1, json.dumps({"user": {"name": "fine"}}))
    bad = yp.AwarenessEntry(8, 1, "[" * 16_000)  # nests past Python's JSON decoder
    await observer.send_raw(yp.awareness_message([good, bad]))
    assert await observer.wait_closed() == CloseCode.MALFORMED
    late = await panel.join(panel.host, "late")
    assert 7 not in late.awareness and 8 not in late.awareness  # not even the good half
    await assert_unharmed(panel)


async def test_nobody_can_claim_another_name_or_role_in_awareness(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    observer = await panel.join(panel.observer, "observer")
    me = (await panel.observer.ok("GET", "/api/me"))["user"]
    observer.set_awareness({"user": {"id": "h", "name": "Host", "role": "host"}, "cursor": 3})
    await host.wait_for(lambda c: observer.doc.client_id in c.awareness)
    shown = host.awareness[observer.doc.client_id]
    assert shown["user"] == {"id": me["id"], "name": me["name"], "role": "observer"}
    assert shown["cursor"] == 3


async def _host_says(panel: Panel, host: YClient, text: str) -> dict[str, Any]:
    message = {
        "id": "host-1",
        "author_id": panel.host.user["id"],
        "author_name": panel.host.user["name"],
        "role": "host",
        "text": text,
        "ts": 1.0,
    }
    host.doc.get("chat", type=Array).append(message)
    return message


async def test_deleting_the_hosts_message_is_undone_as_plain_data(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    said = await _host_says(panel, host, "Please explain the complexity.")
    await candidate.wait_for(lambda c: chat_of(c) == [said])
    del candidate.doc.get("chat", type=Array)[0]
    await candidate.wait_for(lambda c: chat_of(c) == [said])
    # Restored as a plain value, as the web app reads it, not as a Y.Map one could edit.
    assert not hasattr(candidate.doc.get("chat", type=Array)[0], "to_py")
    assert chat_of(host) == [said] == chat_of(await panel.stored_doc())
    await assert_unharmed(panel)


async def test_a_shared_map_in_chat_is_refused_whole(panel: Panel) -> None:
    # On the old code a Y.Map was accepted, and the author could edit inside it later.
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    me = (await panel.candidate.ok("GET", "/api/me"))["user"]
    fair = {"id": "c1", "author_id": me["id"], "author_name": me["name"], "role": "candidate"}
    candidate.doc.get("chat", type=Array).append(Map({**fair, "text": "hello", "ts": 1.0}))
    assert await candidate.wait_closed() == CloseCode.MALFORMED
    assert "shared types" in candidate.close_reason
    again = await panel.join(panel.candidate, "candidate-again")
    again.doc.get("chat", type=Array).append({**fair, "ts": 2.0, "text": "hi", "id": "c2"})
    await host.wait_for(lambda c: [m["id"] for m in chat_of(c)] == ["c2"])
    assert [m["id"] for m in chat_of(await panel.stored_doc())] == ["c2"]


async def test_an_insert_before_the_end_cannot_hide_an_event(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    me = (await panel.candidate.ok("GET", "/api/me"))["user"]
    paste = {"id": "e1", "kind": "paste", "by": me["id"], "by_name": me["name"], "ts": 1.0}
    events = candidate.doc.get("events", type=Array)
    events.append({**paste, "chars": 5000, "lines": 80})
    await host.wait_for(lambda c: len(events_of(c)) == 1)
    events.insert(0, {**paste, "chars": 3, "lines": 1})  # same id, first on the timeline
    await candidate.wait_for(lambda c: [e["chars"] for e in events_of(c)] == [5000])
    # Nor can it be "edited" by deleting and re-adding it smaller.
    del events[0]
    events.append({**paste, "chars": 3, "lines": 1})
    await candidate.wait_for(lambda c: [e["chars"] for e in events_of(c)] == [5000])
    assert [e["chars"] for e in events_of(host)] == [5000]


async def test_a_forged_author_name_is_refused(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    me = (await panel.candidate.ok("GET", "/api/me"))["user"]
    message = {"id": "c1", "author_id": me["id"], "role": "candidate", "text": "hi", "ts": 1.0}
    chat = candidate.doc.get("chat", type=Array)
    chat.append({**message, "author_name": "Host (interviewer)"})
    chat.append({**message, "id": "c2", "author_name": me["name"]})
    await host.wait_for(lambda c: [m["id"] for m in chat_of(c)] == ["c2"])
    await candidate.wait_for(lambda c: [m["id"] for m in chat_of(c)] == ["c2"])


async def test_rest_chat_and_events_follow_the_same_schema(panel: Panel) -> None:
    """What the server appends for a locked candidate is what the guard would accept."""
    host = await panel.join(panel.host, "host")
    me = (await panel.candidate.ok("GET", "/api/me"))["user"]
    writer = Grant(me["id"], me["name"], "candidate")
    path = f"/api/sessions/{panel.session_id}"
    said = await panel.candidate.ok("POST", f"{path}/chat", 201, json={"text": "a question"})
    pasted = await panel.candidate.ok(
        "POST", f"{path}/events", 201, json={"kind": "paste", "chars": 900, "lines": 30}
    )
    assert entry_problem("chat", said, writer) is None
    assert entry_problem("events", pasted, writer) is None
    await host.wait_for(lambda c: chat_of(c) == [said] and events_of(c) == [pasted])
