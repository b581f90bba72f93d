"""CodeSync benchmark: our server against the peers, in one run, same load generator.

    .venv/bin/python bench/run.py --scenario small --servers ours,pycrdt-bare,y-websocket
    .venv/bin/python bench/run.py --quick            # 5 s smoke run of everything available

Servers run one at a time, each fresh on a free 127.0.0.1 port, pinned with `taskset -c 0`;
this process (the load generator) pins itself to CPU 1. Results: a Markdown table on stdout,
bench/results/latest.md and bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadgen
from loadgen import CodeSyncTarget, IdGen, LoadSpec, Target
from procs import ServerProcess, free_port
from servers import BASELINE, BENCH, DEFAULT_SERVERS, REPO, SERVERS, ServerSpec, baseline

SCENARIOS = {
    "small": dict(rooms=50, clients=3, rate=5.0),
    "wide": dict(rooms=300, clients=2, rate=2.0),
}
RESULTS = BENCH / "results"
LOGS = BENCH / "logs"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def error_lines(text: str) -> list[str]:
    keys = ("Traceback", "ERROR", "Error:", "error:", "exception", "Exception")
    return [ln.strip()[:240] for ln in text.splitlines() if any(k in ln for k in keys)]


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.ids = IdGen(1000)
        self.tmp = Path(tempfile.mkdtemp(prefix="codesync-bench-"))
        self.results: list[dict[str, Any]] = []
        self.runs: list[dict[str, Any]] = []
        self.n_started = 0
        self.extra: dict[str, dict[str, Any]] = {}

    def make(self, spec: ServerSpec, phase: str) -> tuple[ServerProcess, Target, Path]:
        self.n_started += 1  # every run gets a fresh data dir
        data = self.tmp / f"{spec.key}-{phase}-{self.n_started}"
        data.mkdir(parents=True)
        port = free_port()
        proc = ServerProcess(
            name=spec.key,
            argv=spec.argv(port, data),
            port=port,
            log_path=LOGS / f"{spec.key}-{phase}.log",
            cwd=spec.cwd,
            env={"NODE_ENV": "production"},
            health_path=spec.health,
        )
        if proc.log_path.exists():
            proc.log_path.unlink()
        target: Target = (
            CodeSyncTarget(spec.key, port)
            if spec.is_codesync
            else Target(spec.key, port, spec.path_fmt, spec.hocuspocus)
        )
        return proc, target, data

    def restarter(self, proc: ServerProcess, box: dict[str, Any]):
        async def restart() -> None:
            await asyncio.to_thread(proc.stop, 20.0)
            box["sigterm_exit_code"] = proc.exit_code
            box["sigterm_stop_s"] = round(proc.stop_seconds or 0.0, 2)
            box["sigterm_killed"] = proc.killed
            t = time.monotonic()
            await asyncio.to_thread(proc.start, 60.0)
            box["restart_ready_s"] = round(time.monotonic() - t, 2)

        return restart

    async def scenario(self, spec: ServerSpec, name: str) -> None:
        a = self.args
        sc = SCENARIOS[name]
        ls = LoadSpec(
            rooms=sc["rooms"],
            clients=sc["clients"],
            rate=sc["rate"],
            duration=a.duration,
            warmup=a.warmup,
            drain=a.drain,
        )
        proc, target, _ = self.make(spec, name)
        log(f"{spec.key}/{name}: start on :{proc.port}")
        row: dict[str, Any] = {"server": spec.key, "label": spec.label, "scenario": name}
        try:
            proc.start()
            res, rooms, _rec = await loadgen.run_load(
                target, proc, ls, deflate=a.deflate, ids=self.ids
            )
            row.update(res)
            row["server_alive_after_load"] = proc.alive()
            if spec.persistent and not a.no_durability:
                box: dict[str, Any] = {}
                d = await loadgen.durability(
                    target,
                    rooms,
                    deflate=a.deflate,
                    ids=self.ids,
                    restart=self.restarter(proc, box),
                )
                row["durability"] = {**d, **box}
                row["durable_pct"] = d["durable_pct"]
            else:
                await asyncio.gather(*(c.close() for room in rooms for c in room))
        except Exception as exc:
            row["error"] = f"{type(exc).__name__}: {exc}"
            log(f"{spec.key}/{name}: FAILED {row['error']}")
        finally:
            proc.stop()
            row["server_log_errors"] = error_lines(proc.log_text())[:15]
        self.results.append(row)
        log(
            f"{spec.key}/{name}: p50={fmt(row.get('p50_ms'))} p99={fmt(row.get('p99_ms'))} "
            f"cpu/1k={fmt(row.get('cpu_s_per_1k_updates'), 3)} "
            f"deliv={row.get('deliveries')} missing={row.get('missing_deliveries')} "
            f"durable={fmt(row.get('durable_pct'))}"
        )

    async def late(self, spec: ServerSpec) -> None:
        a = self.args
        proc, target, _ = self.make(spec, "latejoin")
        log(f"{spec.key}/late-join: seeding {a.history} updates")
        box: dict[str, Any] = {}
        try:
            proc.start()
            res = await loadgen.late_join(
                target,
                proc,
                history=a.history,
                persistent=spec.persistent,
                restart=self.restarter(proc, box),
                deflate=a.deflate,
                ids=self.ids,
                time_limit=a.seed_time_limit,
            )
            res.update(box)
        except Exception as exc:
            res = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            proc.stop()
        res["server_log_errors"] = error_lines(proc.log_text())[:10]
        self.extra.setdefault(spec.key, {})["late_join"] = res
        log(f"{spec.key}/late-join: {short(res)}")

    async def idle(self, spec: ServerSpec) -> None:
        a = self.args
        proc, target, _ = self.make(spec, "idle")
        try:
            proc.start()
            res = await loadgen.idle_rooms(
                target, proc, n_rooms=a.idle_rooms, deflate=a.deflate, ids=self.ids
            )
        except Exception as exc:
            res = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            proc.stop()
        res["server_log_errors"] = error_lines(proc.log_text())[:10]
        self.extra.setdefault(spec.key, {})["idle"] = res
        log(f"{spec.key}/idle: {short(res)}")

    async def run(self, specs: list[ServerSpec], scenarios: list[str]) -> None:
        # Repeats are interleaved (all servers, then all servers again) so that noise from other
        # jobs on the machine spreads over every server instead of hitting one.
        for rep in range(self.args.repeat):
            for spec in specs:
                for name in scenarios:
                    if self.args.repeat > 1:
                        log(f"run {rep + 1}/{self.args.repeat}")
                    await self.scenario(spec, name)
                    self.results[-1]["rep"] = rep
                if rep == 0 and not self.args.no_latejoin:
                    await self.late(spec)
                if rep == 0 and not self.args.no_idle:
                    await self.idle(spec)
        self.runs = self.results
        self.results = aggregate(self.runs)


MEDIAN_KEYS = (
    "p50_ms",
    "p99_ms",
    "max_ms",
    "cpu_s_per_1k_updates",
    "peak_rss_mb",
    "server_cpu_util",
    "other_load_on_cpu0",
    "other_load_on_cpu1",
    "loadgen_sched_lag_max_ms",
)
SUM_KEYS = ("deliveries", "expected_deliveries", "missing_deliveries", "failed_clients")


def aggregate(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (server, scenario): medians of the figures, sums of the counts, the worst
    durability, every error; the per-run values stay in `<key>_runs`."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in runs:
        groups.setdefault((r["server"], r["scenario"]), []).append(r)
    out = []
    for rows in groups.values():
        if len(rows) == 1:
            out.append({**rows[0], "repeats": 1})
            continue
        ok = [r for r in rows if "error" not in r]
        agg: dict[str, Any] = {
            **(ok or rows)[0],
            "repeats": len(rows),
            "failed_runs": len(rows) - len(ok),
        }
        agg.pop("rep", None)
        for k in MEDIAN_KEYS:
            vals = [r[k] for r in ok if r.get(k) is not None]
            agg[f"{k}_runs"] = vals
            agg[k] = statistics.median(vals) if vals else None
        for k in SUM_KEYS:
            agg[k] = sum(r.get(k) or 0 for r in ok)
        durs = [r["durable_pct"] for r in ok if r.get("durable_pct") is not None]
        if durs:
            agg["durable_pct"] = min(durs)
            agg["durable_pct_runs"] = durs
        closed: dict[str, int] = {}
        for r in ok:
            for code, n in (r.get("closed_during_run") or {}).items():
                closed[code] = closed.get(code, 0) + n
        agg["closed_during_run"] = closed
        agg["errors"] = [e for r in rows for e in (r.get("errors") or [])][:20]
        agg["server_log_errors"] = [e for r in rows for e in (r.get("server_log_errors") or [])][
            :15
        ]
        if not ok:
            agg["error"] = rows[0].get("error", "all runs failed")
        out.append(agg)
    return out


def fmt(v: Any, nd: int = 1) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def short(res: dict[str, Any]) -> str:
    keys = [
        "seed_updates_per_s",
        "join_loaded_ms",
        "join_after_restart_ms",
        "join_after_restart_len",
        "kb_per_room",
        "error",
    ]
    return " ".join(f"{k}={fmt(res[k])}" for k in keys if k in res)


def ratio(peer: Any, ours: Any) -> str:
    if peer is None or ours is None or ours == 0:
        return "—"
    return f"{peer / ours:.2f}x"


def render(bench: Bench, meta: dict[str, Any]) -> str:
    out = [f"# CodeSync benchmark — {meta['when']}", ""]
    out.append(
        f"Machine: {meta['nproc']} CPUs, load average before/after "
        f"{meta['loadavg_before']} / {meta['loadavg_after']}; servers pinned to CPU 0 "
        f"(`taskset -c 0`), load generator to CPU {meta['loadgen_cpus']}. "
        f"Duration {meta['args']['duration']} s after {meta['args']['warmup']} s warm-up"
        f"{' (QUICK smoke run)' if meta['args']['quick'] else ''}; "
        f"permessage-deflate offered: {meta['args']['deflate']}."
        + (
            f" Figures are medians of {meta['args']['repeat']} interleaved runs."
            if meta["args"]["repeat"] > 1
            else ""
        )
    )
    busy = [r["server"] for r in bench.results if (r.get("other_load_on_cpu0") or 0) > 0.3]
    if busy:
        out.append("")
        out.append(
            f"**Warning:** other processes kept CPU 0 more than 30% busy during the runs of "
            f"{', '.join(sorted(set(busy)))}: their latency figures (p99, max) measure the "
            "machine's contention more than the server. CPU-s, memory, durability and missing "
            "deliveries are less affected. Re-run on a quiet machine to compare latency."
        )
    out.append("")
    out.append(
        "| server | scenario | p50 ms | p99 ms | max ms | deliveries | missing | "
        "CPU-s/1k updates | peak RSS MB | durable % | p99 peer/ours | CPU peer/ours |"
    )
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    ours = {r["scenario"]: r for r in bench.results if r["server"] == "ours"}
    for r in bench.results:
        o = ours.get(r["scenario"], {})
        peer = r["server"] != "ours"
        durable = fmt(r.get("durable_pct")) if "durable_pct" in r else "n/a (memory)"
        persistent = ("ours", BASELINE, "hocuspocus-sqlite", "pycrdt-sqlite")
        if r["server"] in persistent and "durable_pct" not in r:
            durable = "—"
        if "error" in r:
            out.append(f"| {r['server']} | {r['scenario']} | error: {r['error'][:80]} |" + " |" * 9)
            continue
        cpu_ratio = ratio(r.get("cpu_s_per_1k_updates"), o.get("cpu_s_per_1k_updates"))
        out.append(
            f"| {r['server']} | {r['scenario']} | {fmt(r.get('p50_ms'))} | "
            f"{fmt(r.get('p99_ms'))} | {fmt(r.get('max_ms'))} | {r.get('deliveries')} | "
            f"{r.get('missing_deliveries')} | {fmt(r.get('cpu_s_per_1k_updates'), 3)} | "
            f"{fmt(r.get('peak_rss_mb'))} | {durable} | "
            f"{ratio(r.get('p99_ms'), o.get('p99_ms')) if peer else '1.00x'} | "
            f"{cpu_ratio if peer else '1.00x'} |"
        )
    out.append("")
    if bench.extra:
        h = meta["args"]["history"]
        out.append(
            f"| server | seed rate upd/s | late join, loaded ({h:,} updates) ms | "
            f"late join after restart ms | chars after restart | idle room KB "
            f"({meta['args']['idle_rooms']} rooms) |"
        )
        out.append("|---|---:|---:|---:|---:|---:|")
        for key, ex in bench.extra.items():
            lj = ex.get("late_join", {})
            idle = ex.get("idle", {})
            persistent = SERVERS[key].persistent
            after = fmt(lj.get("join_after_restart_ms")) if persistent else "n/a (memory)"
            after_len = fmt(lj.get("join_after_restart_len")) if persistent else "—"
            if "error" in lj:
                after = f"error: {lj['error'][:60]}"
            out.append(
                f"| {key} | {fmt(lj.get('seed_updates_per_s'), 0)} | "
                f"{fmt(lj.get('join_loaded_ms'))} | {after} | {after_len} | "
                f"{fmt(idle.get('kb_per_room'), 0)} |"
            )
        out.append("")
    notes = []
    for r in bench.results:
        bits = []
        o0, o1 = r.get("other_load_on_cpu0") or 0, r.get("other_load_on_cpu1") or 0
        if o0 > 0.05 or o1 > 0.05:
            bits.append(
                f"other processes used {100 * o0:.0f}% of CPU 0 (server), "
                f"{100 * o1:.0f}% of CPU 1 (load generator)"
            )
        if r.get("ws_extensions"):
            bits.append(f"negotiated {', '.join(r['ws_extensions'])}")
        if r.get("failed_clients"):
            bits.append(f"{r['failed_clients']} clients failed to connect/sync")
        if r.get("closed_during_run"):
            bits.append(f"connections closed during the run: {r['closed_during_run']}")
        if r.get("missing_deliveries"):
            bits.append(
                f"{r['missing_deliveries']} of {r['expected_deliveries']} deliveries missing"
            )
        d = r.get("durability", {})
        if d.get("sigterm_killed"):
            bits.append("did not exit within 20 s of SIGTERM (killed)")
        if d and d.get("rooms_identical") != d.get("rooms"):
            bits.append(
                f"{d.get('rooms_identical')}/{d.get('rooms')} rooms identical after restart"
            )
        if r.get("server_log_errors"):
            bits.append(
                f"{len(r['server_log_errors'])}+ error lines in server log, first: "
                f"`{r['server_log_errors'][0][:160]}`"
            )
        if (r.get("loadgen_sched_lag_max_ms") or 0) > 50:
            bits.append(
                f"load generator fell behind by up to {r['loadgen_sched_lag_max_ms']:.0f} ms"
            )
        if bits:
            notes.append(f"- {r['server']}/{r['scenario']}: " + "; ".join(bits))
    for key, ex in bench.extra.items():
        for part in ("late_join", "idle"):
            e = ex.get(part, {})
            for k in ("error", "join_loaded_error", "join_after_restart_error"):
                if e.get(k):
                    notes.append(f"- {key}/{part}: {k}: {e[k]}")
            if e.get("seed_stalled"):
                notes.append(f"- {key}/{part}: seeding stalled (no progress for 20 s)")
            if (
                part == "late_join"
                and e.get("history_seen_by_observer") is not None
                and e.get("history_seen_by_observer") < e.get("history_requested", 0)
            ):
                notes.append(
                    f"- {key}/late_join: only {e['history_seen_by_observer']} of "
                    f"{e['history_requested']} seed updates went through in the "
                    "time limit"
                )
    if notes:
        out += ["Notes:", "", *notes, ""]
    compared = baseline_lines(bench)  # type: ignore[arg-type]
    if compared:
        out += ["CPU per update against the baseline commit (same run, interleaved):", ""]
        out += [*compared, ""]
    out.append(
        "p50/p99/max: insert on one client → visible on each other client of the room. "
        "CPU-s/1k updates: server user+system CPU over the window (+drain) per 1,000 "
        "deliveries. Ratios are peer / ours (above 1x means ours is lower). "
        "Durable %: characters present after SIGTERM + restart, of all characters typed."
    )
    return "\n".join(out) + "\n"


def checkout(ref: str) -> ServerSpec:
    """The tree of commit `ref` in a temporary directory, as a server to run."""
    tree = Path(tempfile.mkdtemp(prefix="codesync-baseline-"))
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], capture_output=True)
    if archive.returncode != 0:
        raise SystemExit(f"--baseline {ref}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", ref], capture_output=True, text=True
    ).stdout.strip()
    log(f"baseline {ref} ({sha}) in {tree}")
    return baseline(tree, ref if sha.startswith(ref) else f"{ref} ({sha})")


def baseline_lines(bench: Bench) -> list[str]:
    """This tree's CPU per update against the baseline's, per scenario."""
    lines = []
    for base in (r for r in bench.results if r["server"] == BASELINE and "error" not in r):
        same = [r for r in bench.results if r["scenario"] == base["scenario"]]
        ours = next((r for r in same if r["server"] == "ours"), None)
        if ours is None or not base.get("cpu_s_per_1k_updates"):
            continue
        mine, theirs = ours["cpu_s_per_1k_updates"], base["cpu_s_per_1k_updates"]
        lines.append(
            f"- {base['scenario']}: this tree {mine:.3f} CPU-s per 1k updates, "
            f"{base['label']} {theirs:.3f}: **{mine / theirs:.2f}x** the baseline "
            f"({(mine / theirs - 1) * 100:+.1f} %)."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--scenario", choices=["small", "wide", "all"], default="small")
    p.add_argument(
        "--servers",
        default=",".join(DEFAULT_SERVERS),
        help=f"comma list of {','.join(SERVERS)} (default: %(default)s)",
    )
    p.add_argument("--quick", action="store_true", help="5 s smoke run, small history/rooms")
    p.add_argument("--duration", type=float, help="measured seconds (default 20, quick 5)")
    p.add_argument("--warmup", type=float, help="seconds of typing before measuring (3 / 1)")
    p.add_argument("--drain", type=float, default=3.0, help="seconds to wait after typing")
    p.add_argument("--history", type=int, help="late-join history size (100000 / 10000)")
    p.add_argument("--seed-time-limit", type=float, default=240.0)
    p.add_argument("--idle-rooms", type=int, help="idle-room count (200 / 50)")
    p.add_argument("--no-latejoin", action="store_true")
    p.add_argument("--no-idle", action="store_true")
    p.add_argument("--no-durability", action="store_true")
    p.add_argument(
        "--no-deflate",
        dest="deflate",
        action="store_false",
        help="don't offer permessage-deflate (browsers do)",
    )
    p.add_argument(
        "--source-ips",
        type=int,
        default=64,
        help="spread clients over 127.0.0.2..(1+N) as source addresses (default 64)",
    )
    p.add_argument(
        "--skip-missing",
        action="store_true",
        help="skip servers that are not installed instead of failing",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each scenario N times, interleaved; report medians",
    )
    p.add_argument(
        "--baseline",
        metavar="REF",
        help="also run our server as of git REF (e.g. HEAD~1) in the same run, interleaved "
        "with this tree's; the report compares their CPU per update",
    )
    p.add_argument("--keep-data", action="store_true", help="keep the servers' temp data dirs")
    p.add_argument("--out", type=Path, default=RESULTS)
    p.add_argument(
        "--rerender",
        type=Path,
        metavar="JSON",
        help="only re-render a results JSON to Markdown (stdout)",
    )
    a = p.parse_args(argv)
    if a.rerender:
        saved = json.loads(a.rerender.read_text())
        shell = argparse.Namespace(results=saved["scenarios"], extra=saved["servers"])
        print(render(shell, saved["meta"]))  # type: ignore[arg-type]
        return 0
    a.duration = a.duration or (5.0 if a.quick else 20.0)
    a.warmup = a.warmup if a.warmup is not None else (1.0 if a.quick else 3.0)
    a.history = a.history or (10_000 if a.quick else 100_000)
    a.idle_rooms = a.idle_rooms or (50 if a.quick else 200)
    if a.quick:
        a.drain = min(a.drain, 2.0)

    keys = [k.strip() for k in a.servers.split(",") if k.strip()]
    bad = [k for k in keys if k not in SERVERS]
    if bad:
        p.error(f"unknown servers: {bad}")
    specs: list[ServerSpec] = []
    skipped: dict[str, str] = {}
    for k in keys:
        why = SERVERS[k].unavailable()
        if why:
            skipped[k] = why
            log(f"skip {k}: {why}")
        else:
            specs.append(SERVERS[k])
    if a.baseline:
        specs.insert(1 if specs and specs[0].key == "ours" else 0, checkout(a.baseline))
    if skipped and not a.skip_missing and not specs:
        p.error("no server available")
    scenarios = ["small", "wide"] if a.scenario == "all" else [a.scenario]

    ncpu = os.cpu_count() or 1
    loadgen_cpus = {1} if ncpu > 1 else {0}
    os.sched_setaffinity(0, loadgen_cpus)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    meta: dict[str, Any] = {
        "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": ncpu,
        "loadavg_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "loadgen_cpus": ",".join(map(str, sorted(loadgen_cpus))),
        "python": platform.python_version(),
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        if any(s.argv(0, Path("/"))[0] == "node" for s in specs)
        else None,
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
        "skipped": skipped,
    }
    loadgen.SOURCE_SPREAD = a.source_ips
    bench = Bench(a)
    t0 = time.monotonic()
    try:
        asyncio.run(bench.run(specs, scenarios))
    finally:
        if not a.keep_data:
            shutil.rmtree(bench.tmp, ignore_errors=True)
    meta["loadavg_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    meta["elapsed_s"] = round(time.monotonic() - t0, 1)
    md = render(bench, meta)
    if skipped:
        md += "\nSkipped: " + "; ".join(f"{k} ({v})" for k, v in skipped.items()) + "\n"
    print(md)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "latest.md").write_text(md)
    (a.out / "latest.json").write_text(
        json.dumps(
            {
                "meta": meta,
                "scenarios": bench.results,
                "runs": bench.runs if a.repeat > 1 else [],
                "servers": bench.extra,
            },
            indent=1,
            default=str,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
