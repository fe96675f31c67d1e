"""Real worker processes for tests: `teameval worker` as a subprocess, never an in-process fake."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rq import Queue

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_ready(proc: "subprocess.Popen[str]", url: str, timeout: float = 90) -> None:
    """Wait until the server started as `proc` answers `url` with 200; fail with its output if
    it exits first or does not answer in time."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer 200 within {timeout} s")


def teameval_cmd(*args: str) -> list[str]:
    """The `teameval` command line run with this interpreter."""
    return [sys.executable, "-m", "teameval.cli", *args]


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a worker: the test's database, Redis and settings, plus `extra`.

    The Redis URL is handed over explicitly: the embedded server this test process started is
    in no environment variable.
    """
    from teameval.queue.connection import redis_url

    return dict(os.environ, TEAMEVAL_REDIS_URL=redis_url()) | extra


def run_burst_worker(
    timeout: float = 90, count: int = 1, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `teameval worker --burst` until the queue is empty; fails the test on a bad exit."""
    result = subprocess.run(
        teameval_cmd("worker", "--burst", "--count", str(count)),
        env=worker_env(**env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result


def start_worker_pool(count: int, log_path: Path, **env: str) -> subprocess.Popen[bytes]:
    """Start `teameval worker --count N` (with its reconciler) in its own process group."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            teameval_cmd("worker", "--count", str(count)),
            env=worker_env(**env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_process_group(proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """Stop a process we started and its group: SIGTERM, then SIGKILL after `timeout`."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def children_of(pid: int) -> list[int]:
    """The direct child processes of `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may contain spaces, so split after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    """Poll `condition` until it holds or `timeout` seconds passed; returns whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def summaries_queue() -> "Queue":
    """The RQ queue of the test settings, on the test's Redis."""
    from teameval.config import get_settings
    from teameval.queue.queues import get_queue

    return get_queue(get_settings().queue_name)
