"""After the interview: scorecards, the report export, deletion and retention."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from pycrdt import Array, Text

from server.closecodes import CloseCode
from server.http.export import sweep_once
from tests.ferretdb import on_every_store
from tests.support.apiclient import ApiClient, invite_token_of
from tests.support.serverproc import InProcessServer
from tests.support.ywsclient import YClient

pytestmark = on_every_store  # SQLite and FerretDB (tests/ferretdb.py)


@dataclass
class Interview:
    server: InProcessServer
    sid: str
    host: ApiClient
    panel: ApiClient
    candidate: ApiClient

    async def socket(self, who: ApiClient, doc: str = "code") -> YClient:
        token = await who.room_token(self.sid)
        client = YClient(f"{self.server.room_url(self.sid, doc)}?token={token}")
        await client.connect()
        await client.wait_synced()
        return client


@pytest.fixture
async def interview(secured: InProcessServer) -> AsyncIterator[Interview]:
    host, panel, candidate = (ApiClient(secured.http_url) for _ in range(3))
    await host.signup("Hana Host")
    await panel.signup("Pat Panel")
    sid = (await host.create_session("Platform interview"))["id"]
    await panel.redeem(invite_token_of((await host.invite(sid, "interviewer"))["url"]))
    await candidate.redeem(invite_token_of((await host.invite(sid, "candidate"))["url"]), "Cleo")
    yield Interview(secured, sid, host, panel, candidate)
    for client in (host, panel, candidate):
        await client.aclose()


async def test_scorecards_are_private_until_submitted(interview: Interview) -> None:
    base = f"/api/sessions/{interview.sid}/scorecards"
    draft = {
        "ratings": {"problem solving": 2, "communication": 1},
        "notes": "Strong.",
        "recommendation": None,
    }
    saved = await interview.panel.ok("PUT", f"{base}/mine", json=draft)
    assert saved["submitted"] is False
    assert (await interview.host.ok("GET", base))["scorecards"] == []  # a draft stays private
    refused = await interview.panel.request("POST", f"{base}/mine/submit")
    assert refused.status_code == 409  # no recommendation yet
    await interview.panel.ok("PUT", f"{base}/mine", json={**draft, "recommendation": 2})
    submitted = await interview.panel.ok("POST", f"{base}/mine/submit")
    assert submitted["recommendation_label"] == "Strong Yes"
    host_view = (await interview.host.ok("GET", base))["scorecards"]
    assert [c["author_name"] for c in host_view] == ["Pat Panel"]
    await interview.host.ok("PUT", f"{base}/mine", json={"ratings": {}, "notes": "mine"})
    assert len((await interview.panel.ok("GET", base))["scorecards"]) == 1  # only its own
    assert (await interview.candidate.request("GET", base)).status_code == 403
    bad = await interview.panel.request("PUT", f"{base}/mine", json={"ratings": {"x": 3}})
    assert bad.status_code == 400


async def test_export_holds_code_chat_notes_and_scorecards(interview: Interview) -> None:
    code = await interview.socket(interview.candidate)
    code.insert(0, "print('hi')")
    me = (await interview.candidate.ok("GET", "/api/me"))["user"]["id"]
    code.doc.get("chat", type=Array).append(
        {
            "id": "1",
            "author_id": me,
            "author_name": "Cleo",
            "role": "candidate",
            "text": "done!",
            "ts": 1.0,
        }
    )
    notes = await interview.socket(interview.host, "notes")
    notes.doc.get("notes", type=Text).insert(0, "Asked good questions")
    base = f"/api/sessions/{interview.sid}"
    await interview.host.ok(
        "PUT",
        f"{base}/scorecards/mine",
        json={"ratings": {"coding": 1}, "notes": "ok", "recommendation": 1},
    )
    for client in (code, notes):
        await client.close()
    response = await interview.host.request("GET", f"{base}/export?format=json")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    report = json.loads(response.text)
    assert report["code"] == "print('hi')"
    assert report["chat"][0]["text"] == "done!"
    assert report["notes"] == "Asked good questions"
    assert report["scorecards"][0]["author_name"] == "Hana Host"
    markdown = (await interview.host.request("GET", f"{base}/export?format=markdown")).text
    assert "# Platform interview" in markdown and "print('hi')" in markdown
    assert "Asked good questions" in markdown and "Cleo (candidate)" in markdown
    assert (await interview.candidate.request("GET", f"{base}/export")).status_code == 403


async def test_the_host_can_delete_a_session_and_all_it_recorded(interview: Interview) -> None:
    code = await interview.socket(interview.candidate)
    code.insert(0, "secret")
    watcher = await interview.socket(interview.host)
    await watcher.wait_text("secret")
    await interview.server.app.state.committer.flush()
    assert await interview.server.app.state.store.history(f"{interview.sid}/code")
    assert (
        await interview.panel.request("DELETE", f"/api/sessions/{interview.sid}")
    ).status_code == 403
    await interview.host.ok("DELETE", f"/api/sessions/{interview.sid}")
    assert await code.wait_closed() == CloseCode.NOT_FOUND
    assert await watcher.wait_closed() == CloseCode.NOT_FOUND
    assert (
        await interview.host.request("GET", f"/api/sessions/{interview.sid}")
    ).status_code == 404
    await interview.server.app.state.committer.flush()
    assert await interview.server.app.state.store.history(f"{interview.sid}/code") == []
    assert await interview.server.app.state.services.scorecards.scorecards_of(interview.sid) == []


async def test_retention_deletes_old_ended_sessions_and_nothing_else(interview: Interview) -> None:
    services = interview.server.app.state.services
    keep_active = (await interview.host.create_session("still running"))["id"]
    code = await interview.socket(interview.host)
    code.insert(0, "recorded")
    watcher = await interview.socket(interview.panel)
    await watcher.wait_text("recorded")
    for client in (code, watcher):
        await client.close()
    await interview.host.ok("POST", f"/api/sessions/{interview.sid}/end")
    await services.rooms.committer.flush()
    day = 86400.0
    assert await sweep_once(services, retention_days=7, now=time.time() + 6 * day) == 0
    assert await services.directory.get_session(interview.sid) is not None
    assert await sweep_once(services, retention_days=7, now=time.time() + 8 * day) == 1
    assert await services.directory.get_session(interview.sid) is None
    assert await services.updates.history(f"{interview.sid}/code") == []
    assert await services.directory.get_session(keep_active) is not None
