"""A frozen Redis (it accepts and never answers) costs the web process one wait, not one per
command: after a timeout its commands fail at once for a few seconds, then Redis is tried
again. Redis is reached through a TCP proxy the test freezes; the server is never touched."""

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from redis.connection import parse_url as parse_redis_url
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from teameval.app import create_app
from teameval.config import get_settings
from teameval.queue import connection
from teameval.queue.connection import configure_redis, get_redis, redis_url
from tests.fakes.tcp_proxy import TCPProxy

TIMEOUT_S = 0.5


@pytest.fixture
def frozen_able() -> Iterator[TCPProxy]:
    """A proxy in front of the test's Redis; afterwards this process uses that Redis again."""
    url = redis_url()
    parts = urlsplit(url)
    upstream = parts.path if parts.scheme == "unix" else (parts.hostname or "", parts.port or 6379)
    with TCPProxy(upstream) as proxy:
        db = parse_redis_url(url).get("db", 0)
        settings = get_settings().model_copy(
            update={
                "redis_url": f"redis://127.0.0.1:{proxy.port}/{db}",
                "redis_request_timeout_s": TIMEOUT_S,
            }
        )
        create_app(settings)  # the web process's composition root configures its Redis
        yield proxy
    configure_redis(get_settings().redis_url, get_settings().var_dir)


def test_after_one_timeout_the_web_process_does_not_wait_on_redis_again_for_a_while(
    frozen_able: TCPProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    redis = get_redis()
    assert redis.ping()
    frozen_able.freeze()
    started = time.monotonic()
    with pytest.raises(RedisTimeoutError):
        redis.get("anything")
    waited = time.monotonic() - started
    assert waited >= TIMEOUT_S * 0.9
    for _ in range(5):  # a request's further touches: refused at once, as if Redis refused
        with pytest.raises(RedisConnectionError):
            redis.set("anything", "1")
    # Five more waits would cost 5 x TIMEOUT_S; at load 14 refusals took well under one.
    assert time.monotonic() - started < waited + TIMEOUT_S, "waited on the frozen Redis again"

    frozen_able.restore()
    monkeypatch.setattr(connection, "_paused_until", time.monotonic())  # the pause is over
    assert redis.ping()  # and Redis is asked again
