"""Database engine and sessions: SQLite (embedded, WAL) or PostgreSQL, chosen by settings."""

from collections.abc import Iterator
from typing import Annotated, Any

import psycopg  # noqa: F401 - see below
from fastapi import Depends
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from teameval.config import get_settings

# psycopg is imported here, not lazily by the first PostgreSQL engine: RQ forks a work-horse per
# job from a worker that never made an engine, and importing the driver in every horse was a
# fifth of a job's time (docs/BENCHMARKS.md).

_engine: Engine | None = None
_session_factory: sessionmaker[Session] | None = None


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# As many pooled connections as the web server has request threads (Starlette runs sync
# endpoints on 40): with fewer, under load every request past the pool size opened a connection
# and closed it again (a new PostgreSQL backend process each time; see docs/BENCHMARKS.md).
# Connections are opened lazily, so an idle process holds few.
POOL_SIZE = 40


def make_engine(url: str) -> Engine:
    """An engine for `url`, with the pragmas SQLite needs to serve web and workers at once."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        pooling: dict[str, Any] = {}
        if path and path != ":memory:":  # an in-memory database has its own single-thread pool
            pooling = {"pool_size": POOL_SIZE, "max_overflow": 10}
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **pooling
        )
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=10)


def get_engine() -> Engine:
    """The process-wide engine, created on first use."""
    global _engine, _session_factory
    if _engine is None:
        _engine = make_engine(get_settings().effective_database_url)
        _session_factory = sessionmaker(_engine, expire_on_commit=False)
    return _engine


def session_factory() -> sessionmaker[Session]:
    """The sessionmaker bound to the process-wide engine."""
    get_engine()
    assert _session_factory is not None
    return _session_factory


def reset_engine() -> None:
    """Forget the engine: after settings changed, or after a fork (its sockets are the parent's)."""
    global _engine, _session_factory
    if _engine is not None:
        # close=False: never close the parent's sockets from a forked child.
        _engine.dispose(close=False)
    _engine = None
    _session_factory = None


def get_session() -> Iterator[Session]:
    """A request-scoped session, closed at the end of the request."""
    with session_factory()() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
