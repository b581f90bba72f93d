"""Prometheus metrics (`GET /metrics`, text format). One registry per app, so several apps
in one process (tests) do not share counters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from crdt_store.committer import CommitStats
from server.rooms.hooks import Hook, Loaded

if TYPE_CHECKING:
    from server.rooms.room import Peer, Room

_LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.rooms_loaded = Gauge("codesync_rooms_loaded", "Rooms held in memory", registry=r)
        self.connections = Gauge(
            "codesync_connections_open", "Open websockets", ["endpoint"], registry=r
        )
        self.updates_received = Counter(
            "codesync_updates_received", "Document updates accepted from clients", registry=r
        )
        self.updates_broadcast = Counter(
            "codesync_updates_broadcast", "Update frames sent to other clients", registry=r
        )
        self.writes_dropped = Counter(
            "codesync_writes_dropped", "Writes dropped (read-only peers, clock gaps)", registry=r
        )
        self.commit_seconds = Histogram(
            "codesync_store_commit_seconds",
            "Duration of one group commit",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.commit_wait_seconds = Histogram(
            "codesync_store_durable_after_seconds",
            "From receipt of the oldest update of a commit to its durability",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.commit_records = Counter(
            "codesync_store_committed_updates", "Updates made durable", registry=r
        )
        self.redis_messages = Counter(
            "codesync_redis_messages", "Pub/sub messages", ["direction"], registry=r
        )
        self.redis_lag = Histogram(
            "codesync_redis_lag_seconds",
            "Publish: queue to sent; subscribe: published to received",
            ["direction"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.errors = Counter("codesync_errors", "Errors by kind", ["kind"], registry=r)

    def on_commit(self, stats: CommitStats) -> None:
        self.commit_seconds.observe(stats.seconds)
        self.commit_wait_seconds.observe(max(0.0, stats.oldest_wait))
        self.commit_records.inc(stats.records)

    def on_redis(self, direction: str, messages: int, lag_s: float) -> None:
        self.redis_messages.labels(direction).inc(messages)
        self.redis_lag.labels(direction).observe(max(0.0, lag_s))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsHook(Hook):
    """Feeds the counters from the room hook chain."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def on_load(self, room: Room, loaded: Loaded) -> None:
        self.metrics.rooms_loaded.inc()

    def on_unload(self, room: Room) -> None:
        self.metrics.rooms_loaded.dec()

    def on_change(self, room: Room, update: bytes, origin: Peer | None) -> None:
        if origin is not None:
            self.metrics.updates_received.inc()
            self.metrics.updates_broadcast.inc(len(room.peers) - 1)

    def on_commit(self, stats: CommitStats) -> None:
        self.metrics.on_commit(stats)
