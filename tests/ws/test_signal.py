"""`/signal` over real websockets: one peer that stops reading cannot stall the call (issue 12,
item 5), and every incoming message is bounded (size, depth, rate) and validated."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from server.closecodes import CloseCode
from tests.conftest import StartServer
from tests.support.apiclient import ApiClient
from tests.support.panel import open_panel
from tests.support.serverproc import InProcessServer

Message = dict[str, Any]

# Loopback buffers (the client's receive and the server's send buffer) hold a few MiB; this
# is several times that, so a peer that never reads must fill them and then its queue.
FLOOD_MESSAGES = 400
FLOOD_PAYLOAD = "x" * (60 * 1024)

UNLIMITED = {
    "signal_messages_per_s": 1e9,
    "signal_message_burst": 10**9,
    "signal_bytes_per_s": 1e12,
    "signal_byte_burst": 10**12,
}


@dataclass
class Inbox:
    """Reads a socket all the time (as a browser does); flood states are only counted."""

    ws: ClientConnection
    messages: list[Message] = field(default_factory=list)
    flood: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    def start(self) -> Inbox:
        self.task = asyncio.create_task(self._run())
        return self

    async def _run(self) -> None:
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                if message["type"] == "state" and "flood" in message["data"]:
                    self.flood += 1
                else:
                    self.messages.append(message)
                self.changed.set()
        except ConnectionClosed:
            pass
        self.changed.set()

    async def wait(self, predicate: Callable[[Inbox], bool], timeout: float = 60) -> None:
        async with asyncio.timeout(timeout):
            while not predicate(self):
                self.changed.clear()
                await self.changed.wait()

    async def settle(
        self, predicate: Callable[[Inbox], bool], quiet: float = 3, timeout: float = 60
    ) -> None:
        """Wait until `predicate` holds or nothing arrived for `quiet` seconds."""
        async with asyncio.timeout(timeout):
            while not predicate(self):
                self.changed.clear()
                try:
                    await asyncio.wait_for(self.changed.wait(), quiet)
                except TimeoutError:
                    return

    def of_type(self, kind: str) -> list[Message]:
        return [m for m in self.messages if m["type"] == kind]


@dataclass
class Call:
    server: InProcessServer
    session_id: str
    host: ApiClient
    candidate: ApiClient
    observer: ApiClient
    sockets: list[ClientConnection] = field(default_factory=list)
    inboxes: list[Inbox] = field(default_factory=list)

    async def open(self, who: ApiClient, **options: Any) -> ClientConnection:
        token = await who.room_token(self.session_id)
        url = f"{self.server.ws_url}/signal/{self.session_id}?token={token}"
        ws = await connect(url, open_timeout=10, ping_interval=None, max_size=None, **options)
        self.sockets.append(ws)
        return ws

    async def join(self, who: ApiClient) -> tuple[Inbox, str]:
        """A peer that reads everything; returns its inbox and its peer id."""
        ws = await self.open(who)
        welcome = json.loads(await ws.recv())
        assert welcome["type"] == "welcome"
        inbox = Inbox(ws).start()
        self.inboxes.append(inbox)
        return inbox, str(welcome["peer_id"])


async def make_call(start_server: StartServer, **overrides: object) -> Call:
    # No keepalive pings: a peer that never reads would otherwise be closed with 1011 after
    # 20 s, hiding whether the relay itself drops it.
    server = await start_server(ws_ping_interval_s=600.0, **overrides)
    panel = await open_panel(server)
    return Call(server, panel.session_id, panel.host, panel.candidate, panel.observer)


async def close_call(call: Call) -> None:
    for ws in call.sockets:
        ws.transport.abort()  # a socket that never read would wait out the close handshake
        await ws.wait_closed()
    await asyncio.gather(*(inbox.task for inbox in call.inboxes if inbox.task))
    for client in (call.host, call.candidate, call.observer):
        await client.aclose()


@pytest.fixture
async def call(start_server: StartServer) -> AsyncIterator[Call]:
    made = await make_call(start_server, signal_max_queued_bytes=1024 * 1024, **UNLIMITED)
    yield made
    await close_call(made)


async def send_all(ws: ClientConnection, frames: list[str]) -> None:
    """Send until the server closes the socket (it may do so half-way)."""
    with contextlib.suppress(ConnectionClosed):
        for frame in frames:
            await ws.send(frame)


async def closed_with(ws: ClientConnection, timeout: float = 30) -> int | None:
    """Read whatever is buffered until the close; the code the server sent (None: none)."""
    async with asyncio.timeout(timeout):
        try:
            while True:
                await ws.recv()
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None


async def test_an_observer_that_stops_reading_does_not_stall_the_call(call: Call) -> None:
    host, host_id = await call.join(call.host)
    candidate, candidate_id = await call.join(call.candidate)
    # The observer opens two sockets: one never reads (not even its welcome), one floods.
    stalled = await call.open(call.observer, max_queue=1)
    await host.wait(lambda inbox: len(inbox.of_type("peer-joined")) == 2)
    stalled_id = host.of_type("peer-joined")[1]["peer"]["peer_id"]
    flooder, _ = await call.join(call.observer)
    flood = json.dumps({"type": "state", "data": {"flood": FLOOD_PAYLOAD}})

    async def send_flood() -> None:
        for _ in range(FLOOD_MESSAGES):
            await flooder.ws.send(flood)

    flooding = asyncio.create_task(send_flood())
    try:
        # Let the flood run: to its end, or until it stops getting through (the old relay
        # stalls on the observer's full socket after a few MiB).
        await host.settle(lambda inbox: inbox.flood == FLOOD_MESSAGES)

        # The host's signalling reaches the candidate at once, in order, while the stalled
        # socket has not been read at all.
        await host.ws.send(json.dumps({"type": "state", "data": {"muted": True}}))
        offer = {"description": {"type": "offer", "sdp": "v=0"}}
        await host.ws.send(json.dumps({"type": "signal", "to": candidate_id, "data": offer}))
        await candidate.wait(lambda inbox: bool(inbox.of_type("signal")), timeout=10)
        from_host = [m for m in candidate.messages if m.get("from") == host_id]
        assert from_host == [
            {"type": "state", "from": host_id, "data": {"muted": True}},
            {"type": "signal", "from": host_id, "data": offer},
        ]

        # Everyone who reads gets the whole flood: the fan-out never waits for the stalled
        # socket...
        await host.wait(lambda inbox: inbox.flood == FLOOD_MESSAGES)
        await candidate.wait(lambda inbox: inbox.flood == FLOOD_MESSAGES)
        await flooding
    finally:
        flooding.cancel()
    # ...because it was dropped once its queue was full, and everyone was told it left.
    for inbox in (host, candidate):
        await inbox.wait(lambda i: stalled_id in [m["peer_id"] for m in i.of_type("peer-left")])

    # When the stalled socket finally reads, it finds what was buffered, then the slow-client
    # close: the same 1013 the `/yjs` side uses.
    assert await closed_with(stalled) == CloseCode.TRY_AGAIN_LATER


async def test_a_sender_over_the_rate_is_closed_and_the_excess_never_relayed(
    start_server: StartServer,
) -> None:
    call = await make_call(
        start_server,
        signal_messages_per_s=0.01,  # none back during the test
        signal_message_burst=5,
        signal_bytes_per_s=1e9,
        signal_byte_burst=10**9,
    )
    try:
        host, _ = await call.join(call.host)
        observer, _ = await call.join(call.observer)
        states = [json.dumps({"type": "state", "data": {"n": n}}) for n in range(20)]
        await send_all(observer.ws, states)
        await observer.task  # type: ignore[misc]
        assert observer.ws.close_code == CloseCode.TRY_AGAIN_LATER
        await host.wait(lambda inbox: bool(inbox.of_type("peer-left")))
        states = [m["data"]["n"] for m in host.of_type("state")]
        assert states == [0, 1, 2, 3, 4]
    finally:
        await close_call(call)


async def test_a_byte_budget_bounds_what_one_connection_relays(
    start_server: StartServer,
) -> None:
    call = await make_call(
        start_server,
        signal_messages_per_s=1e9,
        signal_message_burst=10**9,
        signal_bytes_per_s=1.0,
        signal_byte_burst=200 * 1024,
    )
    try:
        host, _ = await call.join(call.host)
        observer, _ = await call.join(call.observer)
        big = json.dumps({"type": "state", "data": {"flood": FLOOD_PAYLOAD}})  # ~60 KiB
        await send_all(observer.ws, [big] * 5)
        await observer.task  # type: ignore[misc]
        assert observer.ws.close_code == CloseCode.TRY_AGAIN_LATER
        await host.wait(lambda inbox: bool(inbox.of_type("peer-left")))
        assert host.flood == 3  # 3 x 60 KiB fit in 200 KiB, the 4th does not
    finally:
        await close_call(call)


BAD_MESSAGES: dict[str, tuple[str | bytes, CloseCode]] = {
    "binary frame": (b'{"type": "state", "data": {}}', CloseCode.MALFORMED),
    "not JSON": ("{nope", CloseCode.MALFORMED),
    "JSON but not an object": ('["state"]', CloseCode.MALFORMED),
    "unknown type": ('{"type": "chat", "data": {}}', CloseCode.MALFORMED),
    "data not an object": ('{"type": "state", "data": "muted"}', CloseCode.MALFORMED),
    "over 64 KiB": (json.dumps({"type": "state", "data": {"x": "x" * 65536}}), CloseCode.TOO_LARGE),
    # Under 64 Ki characters but over 64 KiB once encoded.
    "over 64 KiB in UTF-8": (
        json.dumps({"type": "state", "data": {"x": "😀" * 20000}}, ensure_ascii=False),
        CloseCode.TOO_LARGE,
    ),
    "nested deeper than 16": (
        '{"type": "state", "data": ' + '{"a": ' * 20 + "1" + "}" * 20 + "}",
        CloseCode.MALFORMED,
    ),
    # Deep enough that the JSON parser itself gives up (RecursionError).
    "nested 30,000 deep": (
        '{"type": "state", "data": {"a": ' + "[" * 30000 + "]" * 30000 + "}}",
        CloseCode.MALFORMED,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MESSAGES))
async def test_a_bad_message_closes_its_sender_and_reaches_nobody(call: Call, case: str) -> None:
    frame, code = BAD_MESSAGES[case]
    host, _ = await call.join(call.host)
    observer, _ = await call.join(call.observer)
    await observer.ws.send(frame)
    await observer.task  # type: ignore[misc]
    assert observer.ws.close_code == code
    await host.wait(lambda inbox: bool(inbox.of_type("peer-left")))
    assert host.of_type("state") == []
    # The relay is unaffected: a newcomer joins and hears the host.
    candidate, _ = await call.join(call.candidate)
    await host.ws.send(json.dumps({"type": "state", "data": {"muted": False}}))
    await candidate.wait(lambda inbox: bool(inbox.of_type("state")), timeout=10)


async def test_a_good_message_nested_16_deep_is_relayed(call: Call) -> None:
    host, _ = await call.join(call.host)
    observer, observer_id = await call.join(call.observer)
    data: Any = 1
    for _ in range(16):
        data = {"a": data}
    await observer.ws.send(json.dumps({"type": "state", "data": data}))
    await host.wait(lambda inbox: bool(inbox.of_type("state")), timeout=10)
    assert host.of_type("state") == [{"type": "state", "from": observer_id, "data": data}]


async def test_a_removed_participants_signalling_socket_is_closed(call: Call) -> None:
    host, _ = await call.join(call.host)
    candidate, candidate_id = await call.join(call.candidate)
    await host.wait(lambda inbox: bool(inbox.of_type("peer-joined")))
    user_id = host.of_type("peer-joined")[0]["peer"]["user_id"]
    await call.host.ok("DELETE", f"/api/sessions/{call.session_id}/participants/{user_id}")
    await candidate.task  # type: ignore[misc]
    assert candidate.ws.close_code == CloseCode.FORBIDDEN
    await host.wait(lambda i: candidate_id in [m["peer_id"] for m in i.of_type("peer-left")])


async def test_deleting_the_session_closes_its_signalling_sockets(call: Call) -> None:
    host, _ = await call.join(call.host)
    candidate, _ = await call.join(call.candidate)
    await host.wait(lambda inbox: bool(inbox.of_type("peer-joined")))
    await call.host.ok("DELETE", f"/api/sessions/{call.session_id}")
    await candidate.task  # type: ignore[misc]
    await host.task  # type: ignore[misc]
    assert candidate.ws.close_code == host.ws.close_code == CloseCode.NOT_FOUND
