"""Playback scrub latency: seek a one-hour interview to random moments.

    .venv/bin/python bench/bench_scrub.py                  # 3 participants, 15,000 updates
    .venv/bin/python bench/bench_scrub.py --updates 20000 --seeks 1000 --json out.json

The session is generated here with pycrdt (the server's CRDT library, so the log holds the
same binary updates a room stores): three participants edit their own replicas, receive each
other's updates late (really concurrent edits), and the "server" replica logs every update in
arrival order with a timestamp, over one hour, as the room does. While it runs, the server's
text is recorded at the moments the benchmark will seek to. Then Node runs the replay
engine of the web app (`web/src/replay/engine.ts`, loaded through Vite's module runner) and
times each seek against the baseline of rebuilding the document from scratch, in the same
run. Every seek is also checked against the recorded text. Figures: a Markdown table.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pycrdt import Array, Doc, Map, Text, merge_updates

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
HOUR_S = 3600.0
START = 1_760_000_000.0

# Runs the TypeScript engine in Node: Vite's module runner transpiles it on the fly (offline).
DRIVER = """
import { readFileSync } from "node:fs";
import { runnerImport } from "vite";
const [input, output] = process.argv.slice(1);
const options = { configFile: false, logLevel: "error" };
const { module } = await runnerImport("/src/replay/scrubBench.ts", options);
const raw = JSON.parse(readFileSync(input, "utf8"));
const entries = raw.entries.map(module.decodeEntry);
const result = module.runScrubBench({ ...raw, entries });
const { writeFileSync } = await import("node:fs");
writeFileSync(output, JSON.stringify(result));
"""


@dataclass
class Replica:
    user: str
    doc: Doc = field(default_factory=Doc)  # type: ignore[type-arg]
    inbox: list[bytes] = field(default_factory=list)
    cursor: int = 0


@dataclass
class Session:
    entries: list[dict[str, Any]]
    probes: list[dict[str, Any]]


def _gap(rng: random.Random, user: str) -> float:
    """Seconds until this participant's next update: typing bursts, sometimes a long think."""
    r = rng.random()
    if r < 0.004:
        return rng.uniform(20, 120)  # reading the problem, discussing
    if r < 0.05:
        return rng.uniform(1.5, 6)
    return rng.uniform(0.06, 0.25) if user == "candidate" else rng.uniform(0.1, 0.4)


def _edit(rng: random.Random, replica: Replica, step: int) -> None:
    doc = replica.doc
    text = doc.get("code", type=Text)
    size = len(text)
    replica.cursor = min(replica.cursor, size)
    r = rng.random()
    if rng.random() < 0.03:  # clicks somewhere else
        replica.cursor = rng.randint(0, size)
    if r < 0.78 or size < 40:
        ch = rng.choice("abcdefghijklmnopqrstuvwxyz    ()[]:=+,.\n_0123456789")
        text.insert(replica.cursor, ch)
        replica.cursor += 1
    elif r < 0.94:
        if replica.cursor > 0:  # backspace
            del text[replica.cursor - 1 : replica.cursor]
            replica.cursor -= 1
    elif r < 0.985:
        start = rng.randint(0, size - 1)
        end = min(size, start + rng.randint(5, 40))
        del text[start:end]  # a selection deleted
        replica.cursor = start
    elif r < 0.99:
        block = "".join(
            f"    value_{i} = compute(value_{i - 1})\n" for i in range(rng.randint(6, 12))
        )
        with doc.transaction():
            text.insert(replica.cursor, block)
            doc.get("events", type=Array).append(
                Map({"id": f"e{step}", "kind": "paste", "by": replica.user,
                     "by_name": replica.user, "chars": len(block), "ts": 0})
            )  # fmt: skip
        replica.cursor += len(block)
    elif r < 0.997:
        doc.get("chat", type=Array).append(
            Map({"id": f"c{step}", "author_id": replica.user, "author_name": replica.user,
                 "role": "interviewer", "text": "how would you test this?", "ts": 0})
        )  # fmt: skip
    elif replica.user != "candidate":
        doc.get("meta", type=Map)["language"] = rng.choice(["python", "javascript", "go"])


def generate(updates: int, seeks: int, seed: int) -> Session:
    rng = random.Random(seed)
    replicas = [Replica(u) for u in ("host", "candidate", "panel")]
    weights = [0.25, 0.6, 0.15]
    server: Doc = Doc()  # type: ignore[type-arg]
    probe_at = set(rng.sample(range(1, updates + 1), min(seeks, updates)))
    entries: list[dict[str, Any]] = []
    texts: dict[int, str] = {}
    clock = 0.0
    step = 0
    while len(entries) < updates:
        step += 1
        replica = rng.choices(replicas, weights)[0]
        if rng.random() < 0.7:  # late delivery: now and then a replica catches up
            for update in replica.inbox:
                replica.doc.apply_update(update)
            replica.inbox.clear()
        # What a client sends is its transaction's own update (as `doc.on("update")` in
        # Yjs), not a state diff, which would carry the whole delete set every time.
        captured: list[bytes] = []
        subscription = replica.doc.observe(lambda event, out=captured: out.append(event.update))
        _edit(rng, replica, step)
        replica.doc.unobserve(subscription)
        if not captured:  # nothing changed (a backspace at 0)
            continue
        update = captured[0] if len(captured) == 1 else merge_updates(*captured)
        clock += _gap(rng, replica.user)
        server.apply_update(update)
        entries.append({"seq": len(entries) + 1, "ts": clock, "author": replica.user,
                        "update": base64.b64encode(update).decode("ascii")})  # fmt: skip
        for other in replicas:
            if other is not replica:
                other.inbox.append(update)
        if len(entries) in probe_at:
            texts[len(entries)] = str(server.get("code", type=Text))
    scale = HOUR_S / clock  # the session lasts exactly one hour
    for entry in entries:
        entry["ts"] = START + entry["ts"] * scale
    probes = []
    for count in sorted(texts):
        here = entries[count - 1]["ts"]
        nxt = entries[count]["ts"] if count < len(entries) else here + 1.0
        probes.append({"t": here + (nxt - here) * rng.random() * 0.99, "text": texts[count]})
    rng.shuffle(probes)
    return Session(entries, probes)


def run_node(session: Session, baseline: int, checkpoint_every: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "session.json", Path(tmp) / "result.json"
        data.write_text(
            json.dumps({"entries": session.entries, "probes": session.probes,
                        "baselineProbes": baseline, "checkpointEvery": checkpoint_every})
        )  # fmt: skip
        subprocess.run(
            ["node", "--input-type=module", "-e", DRIVER, str(data), str(out)],
            cwd=WEB,
            check=True,
        )
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def table(result: dict[str, Any], budget_ms: float) -> str:
    rows = [
        ("seek to random t, text (checkpoints)", result["seekText"]),
        ("seek to random t, whole frame (text, chat, runs, signals, authors)", result["seekFrame"]),
        ("playback step at 32x (60 Hz)", result["playStep"]),
        ("baseline: rebuild from scratch each seek, text", result["baseline"]),
    ]
    base_p50 = result["baseline"]["p50"] or 1e-9
    lines = [
        f"Session: {result['updates']:,} updates over {result['spanSeconds'] / 60:.0f} min, "
        f"3 participants, final text {result['finalChars']:,} chars; "
        f"{result['checkpoints']} checkpoints; load: checkpoints {result['buildMs']:.0f} ms, "
        f"timeline {result['timelineMs']:.0f} ms.",
        "",
        "| operation | n | p50 ms | p99 ms | max ms | p50 vs baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in rows:
        lines.append(
            f"| {name} | {s['n']} | {s['p50']:.2f} | {s['p99']:.2f} | {s['max']:.2f} "
            f"| {base_p50 / (s['p50'] or 1e-9):.0f}x faster |"
            if s is not result["baseline"]
            else f"| {name} | {s['n']} | {s['p50']:.2f} | {s['p99']:.2f} | {s['max']:.2f} | 1x |"
        )
    verdict = "within" if result["seekFrame"]["p99"] <= budget_ms else "OVER"
    lines += [
        "",
        f"Budget {budget_ms:.0f} ms per scrub: p99 whole frame {result['seekFrame']['p99']:.2f} ms"
        f" — {verdict} budget. Seeks checked against the recorded text: "
        f"{result['mismatches']} mismatches.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=15_000)
    parser.add_argument("--seeks", type=int, default=500)
    parser.add_argument("--baseline", type=int, default=60, help="seeks timed for the baseline")
    parser.add_argument("--checkpoint-every", type=int, default=200)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--budget-ms", type=float, default=100.0)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    session = generate(args.updates, args.seeks, args.seed)
    result = run_node(session, args.baseline, args.checkpoint_every)
    print(table(result, args.budget_ms))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if result["mismatches"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
