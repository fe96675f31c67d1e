"""`teameval run`: starts everything, Ctrl-C stops everything, a second run reuses the data."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start(var_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TEAMEVAL_REDIS_URL", "TEAMEVAL_DATABASE_URL")
    }
    env.update(TEAMEVAL_VAR_DIR=str(var_dir), TEAMEVAL_LLM_PROVIDER="extractive")
    # Its own process group, like a command in a terminal: Ctrl-C goes to the whole group.
    command = ["run", "--demo", "--port", str(port), "--worker-count", "1"]
    return subprocess.Popen(
        [sys.executable, "-m", "teameval.cli", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _wait_ready(proc: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError("teameval run did not become ready")


def _ctrl_c(proc: subprocess.Popen[str], var_dir: Path) -> tuple[str, list[int]]:
    """SIGINT to the process group; the output and every pid that belonged to the run."""
    deadline = time.monotonic() + 30
    while len(pids := [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]) < 2:
        assert time.monotonic() < deadline, "the worker pool started no worker"
        time.sleep(0.2)
    registry = json.loads((var_dir / "redis.rdb.settings").read_text())
    pids.append(int(Path(registry["pidfile"]).read_text().strip()))  # the embedded redis-server
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    return out, pids


def _alive(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def _schools(var_dir: Path) -> int:
    with sqlite3.connect(var_dir / "teameval.db") as db:
        count: int = db.execute("SELECT count(*) FROM school").fetchone()[0]
        return count


def test_ctrl_c_stops_everything_and_a_second_run_reuses_the_data(tmp_path: Path) -> None:
    port = _free_port()
    first = _start(tmp_path, port)
    _wait_ready(first, port)
    out, pids = _ctrl_c(first, tmp_path)

    assert first.returncode == 0, out
    assert "demo school loaded" in out and f"http://127.0.0.1:{port}/" in out
    assert len(pids) >= 3  # the worker pool, its worker, the embedded Redis
    assert [p for p in pids if _alive(p)] == [], out

    second = _start(tmp_path, port)
    _wait_ready(second, port)
    out, pids = _ctrl_c(second, tmp_path)

    assert second.returncode == 0, out
    assert "using the existing data" in out
    assert _schools(tmp_path) == 1
    assert [p for p in pids if _alive(p)] == [], out
