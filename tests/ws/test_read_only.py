"""Read-only peers keep syncing, but their writes never reach other clients nor the store."""

from __future__ import annotations

from typing import Any

from pycrdt import Array, Map

from server.closecodes import CloseCode
from tests.support.panel import Panel
from tests.support.ywsclient import YClient


async def test_an_observers_edit_never_reaches_others_or_the_store(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    observer = await panel.join(panel.observer, "observer")
    observer.insert(0, "sneaky")
    host.insert(0, "legit")  # after the observer's frame, on the same server
    # Its own copy keeps its edit locally (order of the two inserts at 0 is the CRDT's)…
    await observer.wait_for(lambda c: sorted(str(c.text)) == sorted("legitsneaky"))
    await host.wait_text("legit")
    late = await panel.join(panel.host, "late")
    assert str(late.text) == "legit"  # …but nobody else ever gets it
    assert await panel.stored_text() == "legit"
    assert observer.connected  # still syncing: read-only, not thrown out


async def test_a_locked_candidate_is_read_only_until_unlocked(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    candidate.insert(0, "a")
    await host.wait_text("a")
    host.doc.get("meta", type=Map)["locked"] = True
    await candidate.wait_for(lambda c: c.doc.get("meta", type=Map).get("locked") is True)
    intruder = await panel.join(panel.candidate, "candidate-tab-2")  # another socket, same role
    intruder.insert(1, "b")  # dropped by the server
    host.insert(0, "<")
    await candidate.wait_for(lambda c: str(c.text).startswith("<"))
    assert str(host.text) == "<a"
    host.doc.get("meta", type=Map)["locked"] = False
    await candidate.wait_for(lambda c: c.doc.get("meta", type=Map).get("locked") is False)
    candidate.insert(0, "c")
    await host.wait_for(lambda c: "c" in str(c.text))
    assert "b" not in str(host.text) and "b" not in await panel.stored_text()


async def test_a_candidate_cannot_unlock_the_editor_itself(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    meta = host.doc.get("meta", type=Map)
    meta["locked"] = True
    await candidate.wait_for(lambda c: c.doc.get("meta", type=Map).get("locked") is True)
    # A tampered client: it is locked, so its writes are dropped anyway…
    candidate.doc.get("meta", type=Map)["locked"] = False
    candidate.insert(0, "x")
    host.insert(0, "h")
    await host.wait_text("h")
    assert meta.get("locked") is True
    assert "x" not in str(host.text)
    # …and its later writes build on the dropped ones, so they are dropped too (they could
    # not be integrated by Yjs clients) until it reconnects.
    meta["locked"] = False
    await candidate.wait_for(lambda c: c.doc.get("meta", type=Map).get("locked") is False)
    candidate.insert(0, "y")
    host.insert(0, "i")
    await host.wait_text("ih")
    # While unlocked, a settings change by a candidate is reverted and disconnects it.
    fresh = await panel.join(panel.candidate, "candidate-again")
    fresh.doc.get("meta", type=Map)["language"] = "go"
    assert await fresh.wait_closed() == CloseCode.FORBIDDEN
    await host.wait_for(lambda c: c.doc.get("meta", type=Map).get("language") is None)
    late = await panel.join(panel.host, "late")
    assert late.doc.get("meta", type=Map).get("language") is None
    assert late.doc.get("meta", type=Map).get("locked") is False


async def test_after_the_end_nobody_can_write(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    candidate.insert(0, "final answer")
    await host.wait_text("final answer")
    await panel.host.ok("POST", f"/api/sessions/{panel.session_id}/end")
    candidate.insert(0, "late ")
    host.insert(0, "also late ")
    reader = await panel.join(panel.host, "reader")  # joining after the end still syncs
    assert str(reader.text) == "final answer"
    assert await panel.stored_text() == "final answer"


async def test_notes_are_for_interviewers_only(panel: Panel) -> None:
    notes = await panel.join(panel.host, "host-notes", doc="notes")
    assert notes.synced.is_set()
    for who in (panel.candidate, panel.observer):
        token = await who.room_token(panel.session_id)
        client = YClient(f"{panel.server.room_url(panel.session_id, 'notes')}?token={token}")
        panel.sockets.append(client)
        await client.connect()
        assert await client.wait_closed() == CloseCode.FORBIDDEN


async def test_a_removed_participant_is_disconnected_with_4403(panel: Panel) -> None:
    candidate = await panel.join(panel.candidate, "candidate")
    me = await panel.candidate.ok("GET", "/api/me")
    await panel.host.ok(
        "DELETE", f"/api/sessions/{panel.session_id}/participants/{me['user']['id']}"
    )
    assert await candidate.wait_closed() == CloseCode.FORBIDDEN
    response = await panel.candidate.request("GET", f"/api/sessions/{panel.session_id}/room-token")
    assert response.status_code == 403


def chat_of(client: YClient) -> list[Any]:
    return client.doc.get("chat", type=Array).to_py() or []


def runs_of(client: YClient) -> list[Any]:
    return client.doc.get("runs", type=Array).to_py() or []


async def test_chat_is_append_only_and_signed_by_its_author(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    me = (await panel.candidate.ok("GET", "/api/me"))["user"]["id"]
    mine = {
        "id": "m1",
        "author_id": me,
        "author_name": "Grace",
        "role": "candidate",
        "text": "hello",
        "ts": 1.0,
    }
    candidate.doc.get("chat", type=Array).append(mine)
    await host.wait_for(lambda c: len(chat_of(c)) == 1)
    forged = {
        **mine,
        "id": "m2",
        "author_id": panel.host.user["id"],
        "role": "host",
        "text": "the candidate is great, hire",
    }
    candidate.doc.get("chat", type=Array).append(forged)
    host.doc.get("chat", type=Array).append({**mine, "id": "m3", "author_id": "x", "text": "hi"})
    await host.wait_for(lambda c: [m["id"] for m in chat_of(c)] == ["m1", "m3"])
    await candidate.wait_for(lambda c: [m["id"] for m in chat_of(c)] == ["m1", "m3"])
    del candidate.doc.get("chat", type=Array)[0]  # erase the evidence? restored
    await candidate.wait_for(lambda c: [m["id"] for m in chat_of(c)] == ["m1", "m3"])
    late = await panel.join(panel.host, "late")
    assert [m["id"] for m in chat_of(late)] == ["m1", "m3"]


async def test_runs_can_be_disabled_for_the_candidate(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    me = (await panel.candidate.ok("GET", "/api/me"))["user"]
    run = {
        "id": "r1",
        "by": me["id"],
        "by_name": me["name"],
        "language": "python",
        "stdout": "42\n",
        "stderr": "",
        "exit_code": 0,
        "duration_ms": 12,
        "ts": 1.0,
    }
    candidate.doc.get("runs", type=Array).append(run)
    await host.wait_for(lambda c: len(runs_of(c)) == 1)
    host.doc.get("meta", type=Map)["runs_disabled"] = True
    await candidate.wait_for(lambda c: c.doc.get("meta", type=Map).get("runs_disabled") is True)
    candidate.doc.get("runs", type=Array).append({**run, "id": "r2"})
    host.doc.get("runs", type=Array).append({**run, "id": "r3", "by": panel.host.user["id"]})
    await candidate.wait_for(lambda c: [r["id"] for r in runs_of(c)] == ["r1", "r3"])
    assert [r["id"] for r in runs_of(host)] == ["r1", "r3"]


async def test_a_locked_candidate_can_still_chat_over_rest(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    host.doc.get("meta", type=Map)["locked"] = True
    await candidate.wait_for(lambda c: c.doc.get("meta", type=Map).get("locked") is True)
    sent = await panel.candidate.ok(
        "POST", f"/api/sessions/{panel.session_id}/chat", 201, json={"text": "  can I ask?  "}
    )
    assert sent["role"] == "candidate" and sent["text"] == "can I ask?"
    await host.wait_for(lambda c: [m["text"] for m in chat_of(c)] == ["can I ask?"])
    await candidate.wait_for(lambda c: len(chat_of(c)) == 1)
    assert chat_of(host)[0]["author_id"] == sent["author_id"]
    refused = await panel.observer.request(
        "POST", f"/api/sessions/{panel.session_id}/chat", json={"text": "hi"}
    )
    assert refused.status_code == 403


async def test_a_locked_candidates_signals_arrive_over_rest(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    host.doc.get("meta", type=Map)["locked"] = True
    await candidate.wait_for(lambda c: c.doc.get("meta", type=Map).get("locked") is True)
    url = f"/api/sessions/{panel.session_id}/events"
    await panel.candidate.ok("POST", url, 201, json={"kind": "paste", "chars": 900, "lines": 30})
    await panel.candidate.ok("POST", url, 201, json={"kind": "hidden"})

    def events_of(c: YClient) -> list[dict[str, Any]]:
        return list(c.doc.get("events", type=Array).to_py() or [])

    await host.wait_for(lambda c: [e["kind"] for e in events_of(c)] == ["paste", "hidden"])
    paste, hidden = events_of(host)
    session = await panel.host.ok("GET", f"/api/sessions/{panel.session_id}")
    (candidate_id,) = (p["user_id"] for p in session["participants"] if p["role"] == "candidate")
    assert paste["by"] == hidden["by"] == candidate_id  # who: the server's, never the body's
    assert (paste["chars"], paste["lines"]) == (900, 30) and "chars" not in hidden
    # Bad bodies change nothing; nobody else reports signals.
    for body in ({"kind": "typing"}, {"kind": "paste", "chars": -1}, {"kind": "hidden", "by": "x"}):
        assert (await panel.candidate.request("POST", url, json=body)).status_code == 400, body
    assert (await panel.observer.request("POST", url, json={"kind": "hidden"})).status_code == 403
    await panel.host.ok("POST", f"/api/sessions/{panel.session_id}/end")
    assert (await panel.candidate.request("POST", url, json={"kind": "hidden"})).status_code == 403
    assert len(events_of(host)) == 2


async def test_the_end_reaches_open_editors_through_meta(panel: Panel) -> None:
    host = await panel.join(panel.host, "host")
    candidate = await panel.join(panel.candidate, "candidate")
    await panel.host.ok("POST", f"/api/sessions/{panel.session_id}/end")
    for client in (host, candidate):
        await client.wait_for(lambda c: c.doc.get("meta", type=Map).get("ended") is True)
