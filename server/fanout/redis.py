"""Rooms shared by several processes through Redis pub/sub (`CODESYNC_REDIS_URL`).

One pub/sub connection per process carries every room channel it holds plus the control
channel; one publisher task sends queued messages in pipelines, so a burst of updates
costs one round trip, and the rooms never wait on Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import struct
import time
from collections.abc import Callable, Mapping
from typing import Any

import redis.asyncio as aioredis

from server.rooms.fanout import ControlListener, Kind, RoomListener

log = logging.getLogger("codesync.redis")

_PREFIX = "codesync"
_CONTROL = f"{_PREFIX}:control"
_ID_BYTES = 16  # process ids are 16 hex characters
_STAMP = struct.Struct("!d")  # publish time, for the lag metric
_HEADER = 1 + _ID_BYTES + _STAMP.size  # kind, process id, time
_MAX_PIPELINE = 500

LagObserver = Callable[[str, int, float], None]  # direction, messages, seconds


def room_channel(key: str) -> str:
    return f"{_PREFIX}:room:{key}"


class RedisFanout:
    def __init__(self, url: str, on_lag: LagObserver | None = None) -> None:
        self.url = url
        self._on_lag = on_lag
        self.process_id = secrets.token_hex(_ID_BYTES // 2)
        self._redis: aioredis.Redis | None = None
        self._pubsub: Any = None
        self._on_room: RoomListener | None = None
        self._on_control: ControlListener | None = None
        self._confirmed: dict[str, asyncio.Event] = {}
        self._outbox: list[tuple[str, bytes, float]] = []
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.published = 0
        self.received = 0

    def attach(self, on_room: RoomListener, on_control: ControlListener) -> None:
        self._on_room = on_room
        self._on_control = on_control

    async def start(self) -> None:
        self._redis = aioredis.from_url(self.url)
        await self._redis.ping()  # type: ignore[misc]  # fail at start-up, not at first use
        self._pubsub = self._redis.pubsub()
        self._confirmed[_CONTROL] = asyncio.Event()
        await self._pubsub.subscribe(_CONTROL)
        self._tasks = [
            asyncio.create_task(self._read(), name="redis-read"),
            asyncio.create_task(self._publish_loop(), name="redis-publish"),
        ]
        await self._confirmed[_CONTROL].wait()
        log.info("sharing rooms through Redis as process %s", self.process_id)

    async def aclose(self) -> None:
        await self._flush()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._pubsub is not None:
            await self._pubsub.aclose()
        if self._redis is not None:
            await self._redis.aclose()

    async def subscribe(self, key: str) -> None:
        channel = room_channel(key)
        event = self._confirmed.setdefault(channel, asyncio.Event())
        await self._pubsub.subscribe(channel)
        await event.wait()

    async def unsubscribe(self, key: str) -> None:
        channel = room_channel(key)
        self._confirmed.pop(channel, None)
        await self._pubsub.unsubscribe(channel)

    def publish(self, key: str, kind: Kind, payload: bytes) -> None:
        now = time.time()
        header = kind.value + self.process_id.encode() + _STAMP.pack(now)
        self._outbox.append((room_channel(key), header + payload, now))
        self._wake.set()

    def publish_control(self, message: Mapping[str, str]) -> None:
        data = json.dumps({**message, "from": self.process_id}).encode()
        self._outbox.append((_CONTROL, data, time.time()))
        self._wake.set()

    async def _publish_loop(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._flush()

    async def _flush(self) -> None:
        while self._outbox and self._redis is not None:
            batch, self._outbox = self._outbox[:_MAX_PIPELINE], self._outbox[_MAX_PIPELINE:]
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for channel, data, _ in batch:
                        pipe.publish(channel, data)
                    await pipe.execute()
                self.published += len(batch)
                if self._on_lag is not None:
                    self._on_lag("publish", len(batch), time.time() - batch[0][2])
            except Exception:
                # Other processes then miss these; their clients still converge through
                # the store on their next sync. Log and go on rather than stall rooms.
                log.exception("publishing %d messages to Redis failed", len(batch))

    async def _read(self) -> None:
        async for message in self._pubsub.listen():
            try:
                self._dispatch(message)
            except Exception:
                log.exception("bad message from Redis on %r", message.get("channel"))

    def _dispatch(self, message: Mapping[str, Any]) -> None:
        channel = message["channel"].decode()
        if message["type"] == "subscribe":
            event = self._confirmed.get(channel)
            if event is not None:
                event.set()
            return
        if message["type"] != "message":
            return
        data: bytes = message["data"]
        if channel == _CONTROL:
            control = json.loads(data)
            if control.get("from") != self.process_id and self._on_control is not None:
                self._on_control(control)
            return
        origin = data[1 : 1 + _ID_BYTES].decode()
        if origin == self.process_id or self._on_room is None:
            return
        self.received += 1
        if self._on_lag is not None:
            (sent,) = _STAMP.unpack_from(data, 1 + _ID_BYTES)
            self._on_lag("subscribe", 1, time.time() - sent)
        key = channel.removeprefix(f"{_PREFIX}:room:")
        self._on_room(key, Kind(data[:1]), data[_HEADER:], origin)
