"""The real processes a benchmark runs: `teameval serve`, `teameval worker`, the fake LLM server
and the load generator, each a subprocess on loopback that we start and stop by its own id."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll `condition` until it holds or `timeout` seconds passed; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:  # noqa: S110 - not up yet (connection refused and the like)
            pass
        time.sleep(interval)
    return False


class Process:
    """A subprocess in its own process group, with its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{name}.log"
        self._log: IO[bytes] = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(  # noqa: S603 - our own commands, no user input
            args,
            env=env,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        """The process id."""
        return self.proc.pid

    def alive(self) -> bool:
        """Still running."""
        return self.proc.poll() is None

    def stop(self, timeout: float = 15.0) -> dict[str, float | bool]:
        """SIGTERM to the group (workers finish their job), SIGKILL after `timeout`; how long
        it took and whether it needed the SIGKILL."""
        began, killed = time.monotonic(), False
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                killed = True
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._log.close()
        return {"stop_s": round(time.monotonic() - began, 1), "killed": killed}

    def tail(self, chars: int = 3000) -> str:
        """The end of the log, for error messages."""
        return self.log_path.read_text(errors="replace")[-chars:]


def teameval(*args: str) -> list[str]:
    """The `teameval` command line, run with this interpreter."""
    return [sys.executable, "-m", "teameval.cli", *args]


def start_server(env: dict[str, str], log_dir: Path) -> tuple[Process, str]:
    """`teameval serve` (its default number of processes) on a free loopback port; waits for
    /healthz."""
    port = free_port()
    proc = Process(
        "server", teameval("serve", "--host", "127.0.0.1", "--port", str(port)), env, log_dir
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_until(lambda: httpx.get(f"{url}/healthz", timeout=2).status_code == 200, 60):
        proc.stop()
        raise RuntimeError(f"the server did not start:\n{proc.tail()}")
    return proc, url


class WebServer:
    """`teameval serve`, which a section may restart when a phase left it unable to answer."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env, self.log_dir = env, log_dir
        self.proc, self.url = start_server(env, log_dir)

    @property
    def pid(self) -> int:
        """The `teameval serve` process (uvicorn's processes are below it)."""
        return self.proc.pid

    def restart(self) -> dict[str, float | bool]:
        """Stop (SIGTERM, SIGKILL after 15 s) and start again; how the stop went."""
        stopped = self.proc.stop()
        self.proc, self.url = start_server(self.env, self.log_dir)
        return stopped

    def stop(self) -> dict[str, float | bool]:
        """Stop for good."""
        return self.proc.stop()


def start_workers(env: dict[str, str], log_dir: Path, count: int, *, reconcile: bool) -> Process:
    """`teameval worker --count N` (RQ WorkerPool of our worker class)."""
    args = teameval("worker", "--count", str(count))
    if not reconcile:
        args.append("--no-reconcile")
    return Process(f"workers-{count}", args, env, log_dir)


def start_fake_llm(latency: float, log_dir: Path, env: dict[str, str]) -> tuple[Process, str]:
    """The fake Ollama server (tests/fakes/llm_server.py) with a set latency per answer."""
    port = free_port()
    args = [sys.executable, "-m", "tests.fakes.llm_server", "--port", str(port)]
    proc = Process(f"fake-llm-{latency}", [*args, "--latency", str(latency)], env, log_dir)
    url = f"http://127.0.0.1:{port}"
    if not wait_until(lambda: httpx.get(f"{url}/api/version", timeout=2).status_code == 200, 30):
        proc.stop()
        raise RuntimeError(f"the fake LLM did not start:\n{proc.tail()}")
    return proc, url


def children_of(pid: int) -> list[int]:
    """The direct child processes of `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # "pid (comm) state ppid ..."
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found
