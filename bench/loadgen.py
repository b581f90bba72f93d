"""The benchmark's load generator: simulated editors speaking y-websocket over `websockets`.

Each client holds a pycrdt `Doc` with a `Text` named `code`, sends sync step 1 on open, answers
the server's step 1 with step 2, and applies incoming step 2 / updates. For Hocuspocus every
message is prefixed with varstring(document name) and an Auth message (type 2, token) goes first.

Propagation latency: an insert of one character advances the sender's clock by exactly one, so
the sender records send time per clock; a receiver compares its state vector before and after
applying each incoming message, and every (client, clock) that became visible counts as one
delivery of that insert. This survives servers that re-encode or coalesce updates (the first
struct's (client, clock) in the update header is the same information for single updates).

Only 127.0.0.1 is ever contacted; every loop is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import string
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import websockets
from procs import ServerProcess, cpu_busy_seconds
from pycrdt import Doc, Text, TransactionEvent
from websockets.exceptions import ConnectionClosed

now = time.perf_counter

# ---------------------------------------------------------------- lib0 encoding helpers


def write_varuint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    out.append(n)
    return bytes(out)


def read_varuint(buf: bytes, i: int) -> tuple[int, int]:
    shift = 0
    n = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, i
        shift += 7


def write_varstring(s: str) -> bytes:
    raw = s.encode()
    return write_varuint(len(raw)) + raw


def read_varstring(buf: bytes, i: int) -> tuple[str, int]:
    n, i = read_varuint(buf, i)
    return buf[i : i + n].decode(), i + n


def decode_state_vector(sv: bytes) -> dict[int, int]:
    n, i = read_varuint(sv, 0)
    out: dict[int, int] = {}
    for _ in range(n):
        c, i = read_varuint(sv, i)
        k, i = read_varuint(sv, i)
        out[c] = k
    return out


def first_struct_id(update: bytes) -> tuple[int, int] | None:
    """(client, clock) of the first struct of a Yjs v1 update, or None for an empty one."""
    n, i = read_varuint(update, 0)
    if n == 0:
        return None
    _structs, i = read_varuint(update, i)
    client, i = read_varuint(update, i)
    clock, i = read_varuint(update, i)
    return client, clock


MSG_SYNC, MSG_AWARENESS, MSG_AUTH = 0, 1, 2
HP_SYNC_REPLY, HP_SYNC_STATUS = 4, 8  # Hocuspocus-only message types
STEP1, STEP2, UPDATE = 0, 1, 2


def sync_msg(sub: int, payload: bytes) -> bytes:
    return bytes([MSG_SYNC, sub]) + write_varuint(len(payload)) + payload


# ---------------------------------------------------------------- targets


class Target:
    """How to reach one room on one server. `prepare` runs before clients join new rooms."""

    def __init__(self, name: str, port: int, path_fmt: str, hocuspocus: bool = False) -> None:
        self.name = name
        self.port = port
        self.path_fmt = path_fmt  # "/yjs/{room}/code", "/{room}", or "/" (Hocuspocus)
        self.hocuspocus = hocuspocus

    async def prepare(self, rooms: list[str]) -> None:
        return None

    def url(self, room: str) -> str:
        return f"ws://127.0.0.1:{self.port}{self.path_fmt.format(room=room)}"


class CodeSyncTarget(Target):
    """Our server: each benchmark room is an interview session, created through the REST API
    by one interviewer account; every client joins with that host's room token."""

    def __init__(self, name: str, port: int) -> None:
        super().__init__(name, port, "/yjs/{room}/code")
        self.access: str | None = None
        self.sessions: dict[str, tuple[str, str]] = {}  # room -> (session id, room token)
        self.requests = 0

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method
        )
        req.add_header("Content-Type", "application/json")
        if self.access:
            req.add_header("Authorization", f"Bearer {self.access}")
        self.requests += 1
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"null")

    def _prepare(self, rooms: list[str]) -> None:
        if self.access is None:
            account = {"email": "bench@example.com", "password": "bench-password-1"}
            try:
                user = self._call("POST", "/api/auth/signup", {**account, "name": "Bench"})
            except urllib.error.HTTPError as exc:
                if exc.code != 409:  # 409: the account exists (reused data dir)
                    raise
                user = self._call("POST", "/api/auth/login", account)
            self.access = user["token"]
        for room in rooms:
            if room in self.sessions:
                continue
            sess = self._call("POST", "/api/sessions", {"title": room})
            sid = sess.get("id") or sess["session"]["id"]
            tok = self._call("GET", f"/api/sessions/{sid}/room-token")["token"]
            self.sessions[room] = (sid, tok)

    async def prepare(self, rooms: list[str]) -> None:
        await asyncio.to_thread(self._prepare, rooms)

    def url(self, room: str) -> str:
        sid, tok = self.sessions[room]
        q = urllib.parse.urlencode({"token": tok})
        return f"ws://127.0.0.1:{self.port}/yjs/{sid}/code?{q}"


def source_address(n: int, spread: int) -> tuple[str, int] | None:
    """Loopback source address for the n-th client: 127.0.0.2 ... 127.0.0.(1+spread).
    Real users come from many addresses; servers may cap sockets per address."""
    if spread <= 1:
        return None
    return (f"127.0.0.{2 + n % spread}", 0)


SOURCE_SPREAD = 64


# ---------------------------------------------------------------- recorder


@dataclass
class Recorder:
    window: tuple[float, float] | None = None
    latencies_ms: list[float] = field(default_factory=list)
    senders: dict[int, Client] = field(default_factory=dict)
    late: int = 0  # deliveries of in-window inserts that arrived after the drain (not counted)
    sched_lag_max: float = 0.0
    sched_lag_sum: float = 0.0
    inserts: int = 0
    errors: list[str] = field(default_factory=list)
    closed_codes: dict[str, int] = field(default_factory=dict)
    accepting: bool = True

    def deliver(self, cid: int, old: int, new: int, t: float) -> None:
        s = self.senders.get(cid)
        if s is None or self.window is None or not self.accepting:
            return
        t0, t1 = self.window
        times = s.send_times
        for clk in range(old, min(new, len(times))):
            ts = times[clk]
            if ts is not None and t0 <= ts <= t1:
                self.latencies_ms.append((t - ts) * 1000.0)

    def error(self, msg: str) -> None:
        if len(self.errors) < 200:
            self.errors.append(msg)


# ---------------------------------------------------------------- client


class Client:
    def __init__(
        self,
        target: Target,
        room: str,
        client_id: int,
        rec: Recorder | None,
        *,
        apply_remote: bool = True,
        deflate: bool = True,
        seed: int = 0,
    ) -> None:
        self.target = target
        self.room = room
        self.client_id = client_id
        self.rec = rec
        self.apply_remote = apply_remote
        self.deflate = deflate
        self.rng = random.Random(seed or client_id)
        self.doc = Doc(client_id=client_id)
        self.text = self.doc.get("code", type=Text)
        self._local_update: bytes | None = None
        self._sub = self.doc.observe(self._on_txn)
        self._in_local = False
        self.sv: dict[int, int] = {}
        self.send_times: list[float | None] = []
        self.ws: Any = None
        self.reader: asyncio.Task[None] | None = None
        self.synced = asyncio.Event()
        self.authed = asyncio.Event()
        self.progress = asyncio.Event()  # set whenever remote clocks advance
        self.closed = False
        self.close_info: str | None = None
        self.t_open = 0.0
        self.t_synced = 0.0
        self.want_len: int | None = None  # late join: set reached_len when len(text) >= this
        self.reached_len = asyncio.Event()
        self.t_reached = 0.0
        self.prefix = write_varstring(room) if target.hocuspocus else b""
        self.msgs_in = 0
        self.bytes_in = 0

    # -- local edits

    def _on_txn(self, event: TransactionEvent) -> None:
        if self._in_local:
            self._local_update = event.update

    def insert(self, s: str, pos: int | None = None) -> bytes:
        if pos is None:
            pos = self.rng.randint(0, len(self.text))
        self._in_local = True
        try:
            with self.doc.transaction():
                self.text.insert(pos, s)
        finally:
            self._in_local = False
        t = now()
        self.send_times.append(t)
        if len(s) > 1:
            self.send_times.extend([None] * (len(s) - 1))
        upd = self._local_update
        assert upd is not None
        return upd

    async def send_update(self, update: bytes) -> None:
        await self.send(sync_msg(UPDATE, update))

    async def type_one(self) -> None:
        ch = self.rng.choice(string.ascii_lowercase)
        await self.send_update(self.insert(ch))

    # -- connection

    async def send(self, msg: bytes) -> None:
        if self.closed:
            return
        try:
            await self.ws.send(self.prefix + msg)
        except ConnectionClosed as exc:
            self._mark_closed(exc)
        except Exception as exc:  # pragma: no cover - diagnostics only
            self._mark_closed(exc)

    async def connect(self, timeout: float = 15.0) -> None:
        self.ws = await websockets.connect(
            self.target.url(self.room),
            open_timeout=timeout,
            close_timeout=2,
            max_size=None,
            ping_interval=None,
            compression="deflate" if self.deflate else None,
            max_queue=None,
            local_addr=source_address(self.client_id, SOURCE_SPREAD),
        )
        self.t_open = now()
        self.reader = asyncio.create_task(self._read())
        if self.target.hocuspocus:
            # Auth: [docname][2 Auth][0 Token][token] — required even without onAuthenticate.
            await self.send(bytes([MSG_AUTH]) + write_varuint(0) + write_varstring("bench"))
        await self.send(sync_msg(STEP1, self.doc.get_state()))

    async def close(self) -> None:
        if self.ws is not None and not self.closed:
            self.closed = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 3)
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self.reader, 3)

    def _mark_closed(self, exc: BaseException | None) -> None:
        if self.closed:
            return
        self.closed = True
        info = "eof"
        if isinstance(exc, ConnectionClosed):
            rcvd = exc.rcvd
            info = f"{rcvd.code}" if rcvd is not None else "no-close-frame"
        elif exc is not None:
            info = type(exc).__name__
        self.close_info = info
        if self.rec is not None:
            self.rec.closed_codes[info] = self.rec.closed_codes.get(info, 0) + 1

    async def _read(self) -> None:
        try:
            async for msg in self.ws:
                t = now()
                if isinstance(msg, str):
                    continue
                self.msgs_in += 1
                self.bytes_in += len(msg)
                reply = self._handle(msg, t)
                if reply is not None:
                    await self.send(reply)
            self._mark_closed(None)
        except ConnectionClosed as exc:
            self._mark_closed(exc)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if self.rec is not None:
                self.rec.error(f"{self.room}: reader {type(exc).__name__}: {exc}")
            self._mark_closed(exc)

    def _handle(self, msg: bytes, t: float) -> bytes | None:
        i = 0
        if self.target.hocuspocus:
            _name, i = read_varstring(msg, 0)
            mtype, i = read_varuint(msg, i)
            if mtype == MSG_AUTH:
                sub, i = read_varuint(msg, i)
                if sub == 2:
                    self.authed.set()
                elif sub == 1 and self.rec is not None:
                    self.rec.error(f"{self.room}: permission denied")
                return None
            if mtype not in (MSG_SYNC, HP_SYNC_REPLY):
                return None  # awareness, SyncStatus acks, ...
        else:
            mtype, i = read_varuint(msg, 0)
            if mtype != MSG_SYNC:
                return None
        sub, i = read_varuint(msg, i)
        n, i = read_varuint(msg, i)
        payload = msg[i : i + n]
        if sub == STEP1:
            return sync_msg(STEP2, self.doc.get_update(payload))
        if sub not in (STEP2, UPDATE):
            return None
        if self.apply_remote and payload != b"\x00\x00":
            self.doc.apply_update(payload)
            sv = decode_state_vector(self.doc.get_state())
            old_sv = self.sv
            advanced = False
            for c, clk in sv.items():
                old = old_sv.get(c, 0)
                if clk > old and c != self.client_id:
                    advanced = True
                    if self.rec is not None:
                        self.rec.deliver(c, old, clk, t)
            self.sv = sv
            if advanced:
                self.progress.set()
            want = self.want_len
            if want is not None and not self.reached_len.is_set() and len(self.text) >= want:
                self.t_reached = t
                self.reached_len.set()
        if sub == STEP2 and not self.synced.is_set():
            self.t_synced = t
            self.synced.set()
        return None

    def remote_total(self) -> int:
        return sum(v for c, v in self.sv.items() if c != self.client_id)


# ---------------------------------------------------------------- helpers


def own_cpu() -> float:
    t = os.times()
    return t.user + t.system


class IdGen:
    def __init__(self, start: int) -> None:
        self.n = start

    def __call__(self) -> int:
        self.n += 1
        return self.n


async def connect_all(
    clients: list[Client], *, concurrency: int = 32, timeout: float = 30.0
) -> list[Client]:
    """Connect and sync clients (bounded concurrency); return the ones that failed."""
    sem = asyncio.Semaphore(concurrency)
    failed: list[Client] = []

    async def one(c: Client) -> None:
        async with sem:
            try:
                await asyncio.wait_for(c.connect(), timeout)
                await asyncio.wait_for(c.synced.wait(), timeout)
            except Exception as exc:
                failed.append(c)
                if c.rec is not None:
                    c.rec.error(f"{c.room}: connect/sync failed: {type(exc).__name__} {exc}")

    await asyncio.gather(*(one(c) for c in clients))
    return failed


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(q / 100.0 * (len(s) - 1))))
    return s[k]


class Sampler:
    """Polls the server's RSS in the background (peak of the process tree's VmRSS)."""

    def __init__(self, server: ServerProcess, every: float = 0.25) -> None:
        self.server = server
        self.every = every
        self.peak_kb = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        for _ in range(100_000):  # bounded: ~7 h at 0.25 s
            self.peak_kb = max(self.peak_kb, self.server.rss_kb())
            await asyncio.sleep(self.every)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.peak_kb = max(self.peak_kb, self.server.rss_kb())


# ---------------------------------------------------------------- scenarios


@dataclass
class LoadSpec:
    rooms: int
    clients: int
    rate: float  # inserts/s per client
    duration: float
    warmup: float
    drain: float


async def run_load(
    target: Target,
    server: ServerProcess,
    spec: LoadSpec,
    *,
    deflate: bool,
    ids: IdGen,
    room_prefix: str = "bench",
) -> tuple[dict[str, Any], list[list[Client]], Recorder]:
    rec = Recorder()
    await target.prepare([f"{room_prefix}-{r}" for r in range(spec.rooms)])
    rooms: list[list[Client]] = []
    for r in range(spec.rooms):
        name = f"{room_prefix}-{r}"
        rooms.append(
            [Client(target, name, ids(), rec, deflate=deflate) for _ in range(spec.clients)]
        )
    for room in rooms:
        for c in room:
            rec.senders[c.client_id] = c
    sampler = Sampler(server)
    sampler.start()
    t_c0 = now()
    # First client of every room, then the others (first joins of a room are not concurrent).
    failed = await connect_all([room[0] for room in rooms])
    failed += await connect_all([c for room in rooms for c in room[1:]])
    connect_s = now() - t_c0
    failed_ids = {c.client_id for c in failed}
    first = next((c for room in rooms for c in room if c.client_id not in failed_ids), None)
    extensions = (
        [type(e).__name__ for e in first.ws.protocol.extensions] if first is not None else []
    )

    t_begin = now()
    t0 = t_begin + spec.warmup
    t1 = t0 + spec.duration
    rec.window = (t0, t1)
    interval = 1.0 / spec.rate

    async def typist(c: Client) -> None:
        next_t = now() + c.rng.uniform(0, interval)
        for _ in range(int((spec.warmup + spec.duration) * spec.rate) + 2):
            if next_t > t1 or c.closed:
                return
            d = next_t - now()
            if d > 0:
                await asyncio.sleep(d)
            lag = now() - next_t
            if next_t >= t0:
                rec.sched_lag_max = max(rec.sched_lag_max, lag)
                rec.sched_lag_sum += lag
                rec.inserts += 1
            await c.type_one()
            next_t += interval

    async def cpu_at(t: float) -> tuple[float, float]:
        d = t - now()
        if d > 0:
            await asyncio.sleep(d)
        return server.cpu_seconds(), cpu_busy_seconds(0), cpu_busy_seconds(1), own_cpu()

    active = [c for room in rooms for c in room if c.client_id not in failed_ids]
    cpu0_task = asyncio.create_task(cpu_at(t0))
    await asyncio.gather(*(typist(c) for c in active))
    cpu0, busy0, lg_busy0, lg0 = await cpu0_task
    await asyncio.sleep(max(0.0, t1 - now()) + spec.drain)
    cpu1, busy1 = server.cpu_seconds(), cpu_busy_seconds(0)
    lg_busy1, lg1 = cpu_busy_seconds(1), own_cpu()
    wall = now() - t0
    rec.accepting = False
    await sampler.stop()

    # expected deliveries: each in-window insert to every other client of its room that was
    # synced when typing started
    expected = 0
    for room in rooms:
        ok = [c for c in room if c.client_id not in failed_ids]
        for c in ok:
            n = sum(1 for ts in c.send_times if ts is not None and t0 <= ts <= t1)
            expected += n * (len(ok) - 1)
    lat = rec.latencies_ms
    delivered = len(lat)
    cpu = cpu1 - cpu0
    res = {
        "rooms": spec.rooms,
        "clients_per_room": spec.clients,
        "rate_per_client": spec.rate,
        "duration_s": spec.duration,
        "connect_s": round(connect_s, 2),
        "ws_extensions": extensions,
        "failed_clients": len(failed),
        "inserts_in_window": rec.inserts,
        "deliveries": delivered,
        "expected_deliveries": expected,
        "missing_deliveries": max(0, expected - delivered),
        "p50_ms": pct(lat, 50),
        "p99_ms": pct(lat, 99),
        "max_ms": max(lat) if lat else None,
        "server_cpu_s": round(cpu, 3),
        "window_wall_s": round(wall, 2),
        "server_cpu_util": round(cpu / wall, 3) if wall > 0 else None,
        # CPU 0 is the server's; anything else busy on it (other people's jobs) is noise
        "other_load_on_cpu0": round(max(0.0, (busy1 - busy0) - cpu) / wall, 3) if wall else None,
        "loadgen_cpu_util": round((lg1 - lg0) / wall, 3) if wall else None,
        "other_load_on_cpu1": round(max(0.0, (lg_busy1 - lg_busy0) - (lg1 - lg0)) / wall, 3)
        if wall
        else None,
        "cpu_s_per_1k_updates": (cpu / (delivered / 1000.0)) if delivered else None,
        # sampled VmRSS while connecting + typing; VmHWM would include one-off setup peaks
        # (e.g. password hashing during our server's signup)
        "peak_rss_mb": sampler.peak_kb / 1024.0,
        "vmhwm_mb": server.hwm_kb() / 1024.0,
        "loadgen_sched_lag_max_ms": rec.sched_lag_max * 1000.0,
        "loadgen_sched_lag_mean_ms": (rec.sched_lag_sum / rec.inserts * 1000.0)
        if rec.inserts
        else None,
        "closed_during_run": dict(rec.closed_codes),
        "errors": rec.errors[:20],
    }
    return res, rooms, rec


async def read_rooms(
    target: Target, room_names: list[str], *, deflate: bool, ids: IdGen, timeout: float = 30.0
) -> dict[str, Client]:
    """Fresh clients that join each room and sync (used after a restart)."""
    readers = {n: Client(target, n, ids(), None, deflate=deflate) for n in room_names}
    failed = await connect_all(list(readers.values()), timeout=timeout)
    for c in failed:
        c.closed = True
    await asyncio.sleep(0.3)  # let trailing updates after step 2 land
    return readers


async def durability(
    target: Target,
    rooms: list[list[Client]],
    *,
    deflate: bool,
    ids: IdGen,
    restart: Callable[[], Awaitable[None]],
) -> dict[str, Any]:
    """SIGTERM + restart the server (clients still connected), then compare each room."""
    before_text = {room[0].room: str(room[0].text) for room in rooms}
    sent: dict[str, dict[int, int]] = {
        room[0].room: {c.client_id: len(c.send_times) for c in room} for room in rooms
    }
    await restart()
    for room in rooms:
        for c in room:
            c.closed = True  # the server went away; don't count that as a run error
    await asyncio.gather(*(c.close() for room in rooms for c in room))
    readers = await read_rooms(target, list(sent), deflate=deflate, ids=ids)
    kept = total = rooms_equal = failed = 0
    for name, per_client in sent.items():
        r = readers[name]
        if not r.synced.is_set():
            failed += 1
        for cid, n in per_client.items():
            total += n
            kept += min(n, r.sv.get(cid, 0))
        if str(r.text) == before_text[name]:
            rooms_equal += 1
    await asyncio.gather(*(c.close() for c in readers.values()))
    return {
        "chars_sent": total,
        "chars_kept": kept,
        "durable_pct": 100.0 * kept / total if total else None,
        "rooms_identical": rooms_equal,
        "rooms": len(sent),
        "reader_sync_failed": failed,
    }


async def late_join(
    target: Target,
    server: ServerProcess,
    *,
    history: int,
    persistent: bool,
    restart: Callable[[], Awaitable[None]],
    deflate: bool,
    ids: IdGen,
    seeders: int = 4,
    window: int = 256,
    time_limit: float = 240.0,
) -> dict[str, Any]:
    room = "bench-late"
    await target.prepare([room])
    rec = Recorder()
    observer = Client(target, room, ids(), rec, deflate=deflate)
    seeds = [
        Client(target, room, ids(), rec, apply_remote=False, deflate=deflate)
        for _ in range(seeders)
    ]
    failed = await connect_all([observer])
    failed += await connect_all(seeds)
    if failed:
        return {"error": f"{len(failed)} seed clients failed to sync", "errors": rec.errors[:5]}
    quota = history // seeders
    deadline = now() + time_limit
    stalled = False
    t_seed0 = now()

    async def seed(c: Client, n: int) -> None:
        nonlocal stalled
        for _ in range(n):
            if now() > deadline or c.closed or stalled:
                return
            while len(c.send_times) - observer.sv.get(c.client_id, 0) >= window:
                observer.progress.clear()
                try:
                    await asyncio.wait_for(observer.progress.wait(), 20)
                except TimeoutError:
                    stalled = True
                    return
            await c.type_one()

    counts = [quota] * seeders
    counts[0] += history - quota * seeders
    await asyncio.gather(*(seed(c, n) for c, n in zip(seeds, counts, strict=True)))
    sent = sum(len(c.send_times) for c in seeds)
    for _ in range(600):  # up to 60 s for the observer to see everything
        if observer.remote_total() >= sent or observer.closed:
            break
        await asyncio.sleep(0.1)
    seed_s = now() - t_seed0
    seen = observer.remote_total()
    res: dict[str, Any] = {
        "history_requested": history,
        "history_sent": sent,
        "history_seen_by_observer": seen,
        "seed_s": round(seed_s, 2),
        "seed_updates_per_s": round(seen / seed_s, 1) if seed_s > 0 else None,
        "seed_stalled": stalled,
        "rss_after_seed_mb": server.rss_kb() / 1024.0,
        "closed": dict(rec.closed_codes),
        "errors": rec.errors[:5],
    }

    async def join(label: str) -> None:
        c = Client(target, room, ids(), None, deflate=deflate)
        c.want_len = seen
        t_c = now()
        try:
            await asyncio.wait_for(c.connect(), 30)
            await asyncio.wait_for(c.synced.wait(), 120)
            if seen > 0:
                await asyncio.wait_for(c.reached_len.wait(), 60)
            res[f"{label}_ms"] = (max(c.t_synced, c.t_reached) - c.t_open) * 1000.0
            res[f"{label}_incl_handshake_ms"] = (max(c.t_synced, c.t_reached) - t_c) * 1000.0
        except Exception as exc:
            res[f"{label}_ms"] = None
            res[f"{label}_error"] = f"{type(exc).__name__} {exc}"
        res[f"{label}_len"] = len(c.text)
        await c.close()

    await join("join_loaded")
    if persistent:
        for c in [observer, *seeds]:
            c.closed = True
        await restart()
        await asyncio.gather(*(c.close() for c in [observer, *seeds]))
        await join("join_after_restart")
    else:
        await asyncio.gather(*(c.close() for c in [observer, *seeds]))
    return res


async def idle_rooms(
    target: Target,
    server: ServerProcess,
    *,
    n_rooms: int,
    deflate: bool,
    ids: IdGen,
    text_len: int = 200,
) -> dict[str, Any]:
    rec = Recorder()
    await target.prepare(["bench-warm", *(f"idle-{i}" for i in range(n_rooms))])
    warm = Client(target, "bench-warm", ids(), rec, deflate=deflate)
    await connect_all([warm])
    await warm.send_update(warm.insert("x" * text_len, 0))
    await asyncio.sleep(1.0)
    base_kb = server.rss_kb()
    clients = [Client(target, f"idle-{i}", ids(), rec, deflate=deflate) for i in range(n_rooms)]
    failed = await connect_all(clients)
    for c in clients:
        if c.synced.is_set():
            await c.send_update(c.insert("y" * text_len, 0))
    await asyncio.sleep(3.0)
    after_kb = server.rss_kb()
    ok = n_rooms - len(failed)
    res = {
        "rooms": n_rooms,
        "rooms_ok": ok,
        "rss_base_mb": base_kb / 1024.0,
        "rss_loaded_mb": after_kb / 1024.0,
        "kb_per_room": (after_kb - base_kb) / ok if ok else None,
        "errors": rec.errors[:5],
    }
    await asyncio.gather(warm.close(), *(c.close() for c in clients))
    return res
