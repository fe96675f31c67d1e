"""What bounds a figure, observed while a phase runs: CPU per process group (from /proc), the
machine's CPU, PostgreSQL's sessions of our database by state (pg_stat_activity), and the web
processes' thread stacks (py-spy dump), classified by what each thread waits for."""

import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.procs import children_of

TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_S = 0.5
# A thread's stack (innermost frame first in py-spy's dump) -> what it is doing. First match wins.
WAITS = (
    ("waiting for a pooled database connection", ("_do_get", "pool/impl.py")),
    ("in a PostgreSQL round trip", ("psycopg",)),
    ("in SQLite", ("sqlite3", "pysqlite")),
    ("waiting for Redis", ("redis/connection.py", "redis/_parsers", "redis/client.py")),
    ("rendering a template", ("jinja2",)),
)
IDLE_POOL = ("thread pool: idle, waiting for work", ("anyio/_backends", "concurrent/futures"))
EVENT_LOOP = ("event loop", ("run_forever", "_run_once", "uvloop", "asyncio/runners.py"))


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children_of(current))
    return found


def web_processes(server_pid: int) -> list[int]:
    """The processes that answer requests: uvicorn's spawned workers (or the server itself)."""
    spawned = []
    for pid in descendants(server_pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                spawned.append(pid)
    return spawned or [server_pid]


def redis_server_pids(url: str) -> list[int]:
    """The redis-server behind `url` on this machine: by its socket file (embedded) or port."""
    parts = urlsplit(url)
    needle = parts.path if parts.scheme == "unix" else f":{parts.port or 6379}"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            # Redis rewrites its title: "redis-server 127.0.0.1:6379", "... unixsocket:/path".
            title = (entry / "cmdline").read_bytes().decode(errors="replace").replace("\0", " ")
            if title.split(" ", 1)[0].endswith("redis-server") and needle in title:
                found.append(int(entry.name))
    return found


def _cpu_ticks(pid: int, *, reaped: bool) -> int | None:
    """CPU ticks of `pid` (user + system), with those of its reaped children if `reaped`."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime, stime, cutime, cstime: fields 14-17 of stat, 11-14 after the name.
    own = int(fields[11]) + int(fields[12])
    return own + int(fields[13]) + int(fields[14]) if reaped else own


def tree_ticks(root: int) -> int:
    """CPU ticks of a process tree so far: every live member's own and its reaped children's.

    Work-horses live for milliseconds, between two samples; their time reaches their worker's
    "children" counters when it reaps them, so the tree's total stays whole."""
    return sum(_cpu_ticks(pid, reaped=True) or 0 for pid in descendants(root))


def _machine_ticks() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


class Observer:
    """Samples while a phase runs. `trees` are process trees by their root (web server, worker
    pool), measured at the start and the end; `groups` are processes looked up at each sample
    (PostgreSQL backends, Redis), each counted from its first to its last sample."""

    def __init__(
        self,
        trees: dict[str, int],
        groups: dict[str, Callable[[], list[int]]],
        pg_database: str | None = None,
    ) -> None:
        self.trees = trees
        self.groups = groups
        self.pg_database = pg_database
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._first: dict[str, dict[int, int]] = {name: {} for name in groups}
        self._last: dict[str, dict[int, int]] = {name: {} for name in groups}
        self._pg_samples: list[Counter[str]] = []
        self._pg_waits: Counter[str] = Counter()
        self._pg_error: str | None = None
        self.dumps: list[dict[str, Any]] = []

    def __enter__(self) -> "Observer":
        self._began = time.monotonic()
        self._machine_before = _machine_ticks()
        self._trees_before = {name: tree_ticks(root) for name, root in self.trees.items()}
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(10)
        self._wall = time.monotonic() - self._began
        self._machine_after = _machine_ticks()
        self._trees_after = {name: tree_ticks(root) for name, root in self.trees.items()}

    def _sample_cpu(self) -> None:
        for name, pids in self.groups.items():
            with contextlib.suppress(Exception):
                for pid in pids():
                    ticks = _cpu_ticks(pid, reaped=False)
                    if ticks is None:
                        continue
                    self._first[name].setdefault(pid, ticks)
                    self._last[name][pid] = ticks

    def _run(self) -> None:
        conn = self._pg_connect()
        try:
            while True:
                self._sample_cpu()
                if conn is not None:
                    self._sample_pg(conn)
                if self._stop.wait(SAMPLE_S):
                    break
            self._sample_cpu()
        finally:
            if conn is not None:
                conn.close()

    def _pg_connect(self) -> Any:
        if not self.pg_database:
            return None
        import psycopg

        from bench.env import PG_ADMIN_URL

        try:
            return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
        except psycopg.Error as exc:  # the observation is optional; the phase still runs
            self._pg_error = str(exc)
            return None

    def _sample_pg(self, conn: Any) -> None:
        try:
            rows = conn.execute(
                "SELECT coalesce(state, 'none'), coalesce(wait_event_type || ':' || wait_event, '')"
                " FROM pg_stat_activity WHERE datname = %s",
                (self.pg_database,),
            ).fetchall()
        except Exception as exc:
            self._pg_error = f"{type(exc).__name__}: {exc}"
            return
        self._pg_samples.append(Counter(state for state, _wait in rows))
        self._pg_waits.update(wait for state, wait in rows if wait and state == "active")

    def dump_threads(self, pids: list[int]) -> None:
        """Take one py-spy dump of each process now (from a test or a driver thread)."""
        for pid in pids:
            self.dumps.append(thread_dump(pid))

    def result(self) -> dict[str, Any]:
        """CPU per group and of the machine (percent of one core), PostgreSQL sessions, dumps."""
        busy = self._machine_after[0] - self._machine_before[0]
        total = self._machine_after[1] - self._machine_before[1]
        cores = os.cpu_count() or 1
        out: dict[str, Any] = {
            "seconds": round(self._wall, 1),
            "machine_cpu_pct": round(100 * cores * busy / total, 1) if total else None,
            "machine_cores": cores,
            "cpu_pct": {},
        }
        for name in self.trees:
            ticks = self._trees_after[name] - self._trees_before[name]
            out["cpu_pct"][name] = round(100 * ticks / TICKS / self._wall, 1)
        for name in self.groups:
            ticks = sum(self._last[name][p] - self._first[name][p] for p in self._last[name])
            out["cpu_pct"][name] = round(100 * ticks / TICKS / self._wall, 1)
        if self.pg_database:
            states: Counter[str] = Counter()
            peak: Counter[str] = Counter()
            for sample in self._pg_samples:
                states.update(sample)
                for state, n in sample.items():
                    peak[state] = max(peak[state], n)
            count = max(1, len(self._pg_samples))
            out["pg_sessions"] = {
                "mean": {k: round(v / count, 1) for k, v in sorted(states.items())},
                "peak": dict(sorted(peak.items())),
                "active_waits": dict(self._pg_waits.most_common(5)),
                "error": self._pg_error,
            }
        if self.dumps:
            out["threads"] = merge_dumps(self.dumps)
        return out


_THREAD = re.compile(r'^Thread (\S+) \((\w+)\): "(.*)"')


def thread_dump(pid: int) -> dict[str, Any]:
    """py-spy's dump of one process, its threads counted by what they wait for."""
    spy = str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        spy = shutil.which("py-spy") or spy
    try:
        out = subprocess.run(  # noqa: S603 - our own tool on our own child process
            [spy, "dump", "--pid", str(pid)],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"pid": pid, "error": f"{type(exc).__name__}: {exc}"}
    if out.returncode != 0:
        return {"pid": pid, "error": out.stderr.strip()[-300:]}
    threads: list[list[str]] = []
    for line in out.stdout.splitlines():
        if _THREAD.match(line):
            threads.append([])
        elif threads and line.startswith("    "):
            threads[-1].append(line.strip())
    kinds = Counter(classify(stack) for stack in threads)
    return {"pid": pid, "threads": len(threads), "by_wait": dict(kinds.most_common())}


def classify(stack: list[str]) -> str:
    """What a thread (its frames, innermost first) is doing."""
    text = "\n".join(stack)
    for label, needles in WAITS:
        if any(n in text for n in needles):
            return label
    ours = next((f for f in stack if "teameval" in f), None)
    if ours is not None:  # running our code (or waiting for the GIL to run it)
        return "in teameval: " + ours.split(" (")[0]
    for label, needles in (IDLE_POOL, EVENT_LOOP):
        if any(n in text for n in needles):
            return label
    return "other: " + (stack[0].split(" (")[0] if stack else "?")


def merge_dumps(dumps: list[dict[str, Any]]) -> dict[str, Any]:
    """The web processes' dumps together: threads per kind of wait, over all of them."""
    kinds: Counter[str] = Counter()
    for d in dumps:
        kinds.update(d.get("by_wait", {}))
    errors = [d["error"] for d in dumps if "error" in d]
    merged: dict[str, Any] = {
        "processes": len(dumps),
        "threads": sum(d.get("threads", 0) for d in dumps),
        "by_wait": dict(kinds.most_common()),
    }
    if errors:
        merged["errors"] = errors
    return merged
