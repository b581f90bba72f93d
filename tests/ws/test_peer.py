"""The outgoing side both websocket endpoints share: `WebSocketPeer` and `TokenBucket`."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.websockets import WebSocketState

from server.access import Grant
from server.closecodes import CloseCode
from server.ws.limits import TokenBucket
from server.ws.peer import WebSocketPeer


class StuckSocket:
    """A socket whose client does not read until `release` is set."""

    application_state = client_state = WebSocketState.CONNECTED

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.release = asyncio.Event()

    async def send(self, message: dict[str, Any]) -> None:
        await self.release.wait()
        self.sent.append(message)

    async def close(self, code: int, reason: str) -> None:
        self.sent.append({"type": "websocket.close", "code": code, "reason": reason})


def peer_on(socket: StuckSocket, max_queued_bytes: int) -> WebSocketPeer:
    grant = Grant(user_id="u", name="U", role="observer", can_write=False)
    return WebSocketPeer(socket, grant, max_queued_bytes=max_queued_bytes)  # type: ignore[arg-type]


async def test_text_and_binary_frames_go_out_in_order_then_the_close() -> None:
    socket = StuckSocket()
    socket.release.set()
    peer = peer_on(socket, 100)
    writer = asyncio.create_task(peer.run_writer())
    peer.send(b"\x00\x01")
    peer.send('{"type": "state"}')
    peer.close(CloseCode.NORMAL, "bye")
    await writer
    assert socket.sent == [
        {"type": "websocket.send", "bytes": b"\x00\x01"},
        {"type": "websocket.send", "text": '{"type": "state"}'},
        {"type": "websocket.close", "code": 1000, "reason": "bye"},
    ]


async def test_an_overflowing_peer_is_dropped_and_its_queue_discarded() -> None:
    socket = StuckSocket()
    peer = peer_on(socket, 10)
    writer = asyncio.create_task(peer.run_writer())
    peer.send(b"aaaa")
    await asyncio.sleep(0)  # the writer takes it and blocks on the stuck socket
    peer.send("bbbb")
    peer.send(b"cccc")
    assert peer.closing is None
    peer.send("dddd")  # 12 bytes queued > 10: dropped, and it never waited
    assert peer.closing == (CloseCode.TRY_AGAIN_LATER, "client too slow")
    await asyncio.wait_for(peer.wait_closing(), 1)
    peer.send(b"after")  # ignored once closing
    socket.release.set()
    await writer
    assert socket.sent == [
        {"type": "websocket.send", "bytes": b"aaaa"},
        {"type": "websocket.close", "code": 1013, "reason": "client too slow"},
    ]


def test_token_bucket_spends_its_burst_then_refills_at_its_rate() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2.0, capacity=3.0, clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] = 0.5  # one token back
    assert bucket.take() and not bucket.take()
    now[0] = 100.0  # never more than the capacity
    assert bucket.take(3.0) and not bucket.take(0.5)
