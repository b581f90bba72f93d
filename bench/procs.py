"""Server processes for the benchmark: start pinned, wait until ready, read /proc, stop.

Everything here talks to 127.0.0.1 only, and every wait is bounded in time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    """All descendants of pid (servers that fork: uvicorn --workers, npm wrappers)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue
        rest = data[data.rindex(b")") + 2 :].split()
        parents.setdefault(int(rest[1]), []).append(int(entry))
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        for c in parents.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def _cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return 0
    rest = data[data.rindex(b")") + 2 :].split()
    # fields 14/15 (utime, stime) are rest[11], rest[12]
    return int(rest[11]) + int(rest[12])


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_busy_seconds(cpu: int) -> float:
    """Busy (non-idle, non-iowait) seconds of one CPU since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{cpu} "):
                v = [int(x) for x in line.split()[1:]]
                return (sum(v[:8]) - v[3] - v[4]) / CLK_TCK
    return 0.0


@dataclass
class ServerProcess:
    name: str
    argv: list[str]
    port: int
    log_path: Path
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    health_path: str | None = None
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    killed: bool = False  # had to SIGKILL on stop
    exit_code: int | None = None
    stop_seconds: float | None = None

    def start(self, timeout: float = 30.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        log.write(f"\n=== start {' '.join(self.argv)}\n".encode())
        log.flush()
        env = {**os.environ, **self.env}
        self.proc = subprocess.Popen(
            ["taskset", "-c", "0", *self.argv],
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        log.close()
        self.started_at = time.monotonic()
        self.killed = False
        self.exit_code = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode} on start; see {self.log_path}"
                )
            if self._ready():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {timeout}s; see {self.log_path}")

    def _ready(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5):
                pass
        except OSError:
            return False
        if self.health_path is None:
            return True
        try:
            url = f"http://{HOST}:{self.port}{self.health_path}"
            with urllib.request.urlopen(url, timeout=1.0) as r:
                return 200 <= r.status < 300
        except Exception:
            return False

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def pids(self) -> list[int]:
        return [self.pid, *_children(self.pid)]

    def cpu_seconds(self) -> float:
        return sum(_cpu_ticks(p) for p in self.pids()) / CLK_TCK

    def rss_kb(self) -> int:
        return sum(_status_kb(p, "VmRSS") for p in self.pids())

    def hwm_kb(self) -> int:
        return sum(_status_kb(p, "VmHWM") for p in self.pids())

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM, wait up to timeout, then SIGKILL (recorded in .killed)."""
        if self.proc is None or self.proc.poll() is not None:
            if self.proc is not None:
                self.exit_code = self.proc.returncode
            return
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.exit_code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.killed = True
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.exit_code = self.proc.wait(timeout=10)
        self.stop_seconds = time.monotonic() - t0

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""
