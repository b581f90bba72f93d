"""Memory soak (issue 20): several cycles of fresh rooms typed into, then left idle until
they unload; after each cycle prints the server's RSS and, where the server has them, its
live room / document / peer counts. A server that frees unloaded rooms levels off: RSS after
the third cycle within a few MB of the second's.

    .venv/bin/python bench/soak.py --cycles 3 --rooms 20 --seconds 60
    .venv/bin/python bench/soak.py --baseline main          # the same against another commit
    .venv/bin/python bench/soak.py --env MALLOC_ARENA_MAX=2  # an allocator setting to try
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadgen
from loadgen import CodeSyncTarget, IdGen, LoadSpec
from procs import ServerProcess, free_port
from run import checkout
from servers import BENCH, SERVERS, ServerSpec

LIVE = ("codesync_rooms_loaded", "codesync_live_rooms", "codesync_live_docs", "codesync_live_peers")


def scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    found = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in LIVE:
            found[name] = float(value)
    return found


async def wait_unloaded(port: int, timeout: float) -> float:
    """Seconds until the server holds no room (its unload grace is 30 s by default)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if scrape(port).get("codesync_rooms_loaded", 0) == 0:
            return time.monotonic() - start
        await asyncio.sleep(1.0)
    raise TimeoutError(f"rooms still loaded after {timeout:.0f} s")


async def soak(spec: ServerSpec, a: argparse.Namespace) -> list[dict[str, Any]]:
    data = Path(tempfile.mkdtemp(prefix="codesync-soak-"))
    port = free_port()
    env = dict(item.split("=", 1) for item in a.env)
    proc = ServerProcess(
        name=spec.key,
        argv=spec.argv(port, data),
        port=port,
        log_path=BENCH / "logs" / f"soak-{spec.key}.log",
        cwd=spec.cwd,
        env=env,
        health_path=spec.health,
    )
    load = LoadSpec(
        rooms=a.rooms, clients=a.clients, rate=a.rate, duration=a.seconds, warmup=0, drain=1
    )
    ids = IdGen(1000)
    rows: list[dict[str, Any]] = []
    proc.start()
    try:
        target = CodeSyncTarget(spec.key, port)
        await target.prepare([])  # sign up first: argon2 is not what we measure
        await asyncio.sleep(2)
        rows.append({"cycle": 0, "rss_mb": proc.rss_kb() / 1024, **scrape(port)})
        print(json.dumps(rows[-1]), flush=True)
        for cycle in range(1, a.cycles + 1):
            res, rooms, _ = await loadgen.run_load(
                target, proc, load, deflate=False, ids=ids, room_prefix=f"soak{cycle}"
            )
            peak = proc.rss_kb() / 1024
            await asyncio.gather(*(c.close() for room in rooms for c in room))
            del rooms
            unload_s = await wait_unloaded(port, a.unload_timeout)
            await asyncio.sleep(a.settle)  # the unloads' snapshots and flushes
            row = {
                "cycle": cycle,
                "rss_mb": round(proc.rss_kb() / 1024, 1),
                "rss_loaded_mb": round(peak, 1),
                "inserts": res["inserts_in_window"],
                "unloaded_after_s": round(unload_s, 1),
                **scrape(port),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        proc.stop()
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--cycles", type=int, default=3)
    p.add_argument("--rooms", type=int, default=20)
    p.add_argument("--clients", type=int, default=3, help="per room")
    p.add_argument("--rate", type=float, default=5.0, help="inserts/s per client")
    p.add_argument("--seconds", type=float, default=150.0, help="typing per cycle")
    p.add_argument("--settle", type=float, default=5.0, help="wait after the unloads")
    p.add_argument("--unload-timeout", type=float, default=120.0)
    p.add_argument("--baseline", metavar="REF", help="run commit REF instead of this tree")
    p.add_argument("--env", action="append", default=[], metavar="K=V", help="server env")
    a = p.parse_args()
    if os.cpu_count() and os.cpu_count() != 1:
        os.sched_setaffinity(0, {1})  # the server runs on CPU 0 (procs.ServerProcess)
    spec = checkout(a.baseline) if a.baseline else SERVERS["ours"]
    rows = asyncio.run(soak(spec, a))
    rss = [row["rss_mb"] for row in rows]
    print("RSS after each unload (MB, cycle 0 = before any room):", rss)
    if len(rss) >= 4:
        print(f"cycle 3 - cycle 2: {rss[3] - rss[2]:+.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
