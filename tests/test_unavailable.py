"""While the database or Redis is away, requests answer fast: 503 with Retry-After (a page in the
user's language for pages) when they need the database, and sign-in goes on without Redis.

The database and Redis are reached through a TCP proxy on loopback that the test cuts or
freezes (tests/fakes/tcp_proxy.py); the servers themselves are never touched.
"""

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from redis.connection import parse_url as parse_redis_url
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from teameval.app import create_app, web_connection_limits
from teameval.auth.dependencies import SESSION_COOKIE
from teameval.config import Settings, get_settings
from teameval.db import CONNECT_TIMEOUT_S, ConnectionLimits, configure_database, make_engine
from teameval.models import School, User
from teameval.queue.connection import configure_redis, get_redis, redis_url
from tests.factories.school import PASSWORD, make_user
from tests.fakes.tcp_proxy import TCPProxy


@pytest.fixture
def restore_backends() -> Iterator[None]:
    """The test points this process at a proxy; afterwards it uses the test's servers again."""
    yield
    settings = get_settings()
    configure_database(settings.effective_database_url, web_connection_limits(settings))
    configure_redis(
        settings.redis_url, settings.var_dir, timeout_s=settings.redis_request_timeout_s
    )


@pytest.fixture
def redis_proxy(restore_backends: None) -> Iterator[tuple[TCPProxy, str]]:
    """A proxy in front of the test's Redis, and a Redis URL through it."""
    url = redis_url()
    parts = urlsplit(url)
    db = parse_redis_url(url).get("db", 0)
    upstream = parts.path if parts.scheme == "unix" else (parts.hostname or "", parts.port or 6379)
    with TCPProxy(upstream) as proxy:
        yield proxy, f"redis://127.0.0.1:{proxy.port}/{db}"


def _app(**values: object) -> TestClient:
    settings = get_settings().model_copy(update=values)
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_a_frozen_redis_costs_sign_in_a_short_wait_not_an_error(
    session: Session, school: School, redis_proxy: tuple[TCPProxy, str]
) -> None:
    proxy, url = redis_proxy
    user = make_user(session, school, role="teacher")
    with _app(redis_url=url, redis_request_timeout_s=0.5) as client:
        # Every command waits at most the setting, to connect and for each answer.
        kwargs = get_redis().connection_pool.connection_kwargs
        assert (kwargs["socket_timeout"], kwargs["socket_connect_timeout"]) == (0.5, 0.5)
        assert client.get("/readyz").status_code == 200
        proxy.freeze()
        signed_in = client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text  # the limit lets it through
        ready = client.get("/readyz")
        assert ready.status_code == 503
        proxy.restore()


def _database_proxy() -> TCPProxy:
    url = make_url(get_settings().effective_database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("SQLite is a file in this process: there is no connection to cut or freeze")
    return TCPProxy((url.host or "127.0.0.1", url.port or 5432))


def _through(proxy: TCPProxy) -> str:
    url = make_url(get_settings().effective_database_url)
    return url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


def _sign_in(client: TestClient, user: User) -> str:
    answer = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    token: str = answer.json()["access_token"]
    return token


def test_while_the_database_is_cut_the_api_answers_503_with_retry_after(
    session: Session, school: School, restore_backends: None
) -> None:
    user = make_user(session, school, role="teacher")
    with _database_proxy() as proxy, _app(database_url=_through(proxy)) as client:
        token = _sign_in(client, user)
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
        proxy.cut()
        cut = client.get("/api/v1/auth/me", headers=headers)
        assert cut.status_code == 503, cut.text
        assert cut.headers["Retry-After"] == "5"
        assert cut.json()["code"] == "service_unavailable"
        assert "briefly unavailable" in cut.json()["detail"]
        proxy.restore()
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 200


def test_while_the_database_is_cut_a_page_says_so_in_dutch(
    session: Session, school: School, restore_backends: None
) -> None:
    user = make_user(session, school, role="teacher")
    with _database_proxy() as proxy, _app(database_url=_through(proxy)) as client:
        client.cookies.set(SESSION_COOKIE, _sign_in(client, user))
        assert client.get("/teacher").status_code == 200
        proxy.cut()
        page = client.get("/teacher", headers={"Accept": "text/html"})
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "5"
        assert "text/html" in page.headers["content-type"]
        assert "even niet bereikbaar" in page.text


def test_the_settings_refuse_a_redis_wait_of_zero() -> None:
    with pytest.raises(ValueError, match="redis_request_timeout_s"):
        Settings(redis_request_timeout_s=0)


def test_a_frozen_database_answers_503_within_seconds_not_when_tcp_gives_up(
    session: Session, school: School, restore_backends: None
) -> None:
    # The proxy holds every byte and resets nothing, as a frozen server or a network that drops
    # packets: no error ever comes back. The client's own deadline (statement timeout + 1 s)
    # drops the pooled connection, and a new one gives up after the connect timeout.
    user = make_user(session, school, role="teacher")
    with (
        _database_proxy() as proxy,
        _app(database_url=_through(proxy), web_statement_timeout_s=1) as client,
    ):
        headers = {"Authorization": f"Bearer {_sign_in(client, user)}", "Accept-Language": "en"}
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
        proxy.freeze()
        started = time.monotonic()
        frozen = client.get("/api/v1/auth/me", headers=headers)
        waited = time.monotonic() - started
        assert frozen.status_code == 503, frozen.text
        assert frozen.headers["Retry-After"] == "5"
        # 2 s for the pooled connection's answer, 3 s for a new connection; TCP would take
        # minutes (the proxy's kernel acknowledges every byte, so no keepalive ever fails).
        assert waited < CONNECT_TIMEOUT_S + 2 + 3, waited
        proxy.restore()
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 200


def test_web_connections_carry_their_limits() -> None:
    url = get_settings().effective_database_url
    engine = make_engine(url, ConnectionLimits.for_web(max_requests=3, statement_timeout_s=1))
    try:
        assert (engine.pool.size(), engine.pool._max_overflow) == (3, 5)  # type: ignore[attr-defined]
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                # A file in this process: no server that could freeze or run a statement on;
                # the statement limit bounds the wait for the write lock instead.
                assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 1000
                return
            show = {
                name: connection.execute(text(f"SHOW {name}")).scalar()
                for name in ("statement_timeout", "idle_in_transaction_session_timeout")
            }
            assert show == {"statement_timeout": "1s", "idle_in_transaction_session_timeout": "30s"}
            # A slow statement is cancelled by the server: OperationalError, hence 503.
            with pytest.raises(OperationalError, match="statement timeout"):
                connection.execute(text("SELECT pg_sleep(3)"))
    finally:
        engine.dispose()
