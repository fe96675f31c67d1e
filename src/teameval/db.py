"""Database engine and sessions: SQLite (embedded, WAL) or PostgreSQL, chosen by settings.

The entry point of each process (create_app, the CLI, a benchmark) calls `configure_database`
with its settings' URL; everything else asks `session_factory()` for sessions.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import psycopg  # noqa: F401 - see below
from fastapi import Depends
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

# psycopg is imported here, not lazily by the first PostgreSQL engine: RQ forks a work-horse per
# job from a worker that never made an engine, and importing the driver in every horse was a
# fifth of a job's time (docs/BENCHMARKS.md).

_database_url: str | None = None
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
# A request waits this long for a pooled connection, and a new connection this long for the
# server, before it gives up: the app then answers 503 with Retry-After at once (app.py) instead
# of keeping the client waiting past its own timeout.
POOL_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 3


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
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=10,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )


def configure_database(url: str) -> None:
    """Use the database at `url` in this process (a change forgets the engine of the old one)."""
    global _database_url
    if url != _database_url:
        reset_engine()
        _database_url = url


def get_engine() -> Engine:
    """The process-wide engine, created on first use."""
    global _engine, _session_factory
    if _engine is None:
        if _database_url is None:
            raise RuntimeError(
                "no database configured: the process's entry point calls "
                "db.configure_database(settings.effective_database_url) first"
            )
        _engine = make_engine(_database_url)
        _session_factory = sessionmaker(_engine, expire_on_commit=False)
    return _engine


def session_factory() -> sessionmaker[Session]:
    """The sessionmaker bound to the process-wide engine."""
    get_engine()
    assert _session_factory is not None
    return _session_factory


def reset_engine() -> None:
    """Forget the engine (the configured URL stays): after a fork, its sockets are the parent's."""
    global _engine, _session_factory
    if _engine is not None:
        # close=False: never close the parent's sockets from a forked child.
        _engine.dispose(close=False)
    _engine = None
    _session_factory = None


def forget_pool_after_fork() -> None:
    """In a forked child: drop the parent's pooled connections, keep the engine.

    SQLAlchemy's recipe for a fork: the child never touches a connection of its parent, and it
    keeps what the engine learnt (its initialised dialect, its compiled statements).
    """
    if _engine is not None:
        _engine.dispose(close=False)


async def get_session() -> AsyncIterator[Session]:
    """A request-scoped session, closed once the answer has been sent.

    Async on purpose: making a Session does no I/O (it connects on first use, in the endpoint's
    thread), so it needs no hop to the thread pool, and a hop costs a request two waits for the
    GIL when the process is busy (docs/BENCHMARKS.md). Closing returns the connection, which is
    I/O, so that runs in the pool, after the response went out.
    """
    session = session_factory()()
    try:
        yield session
    finally:
        await run_in_threadpool(session.close)


SessionDep = Annotated[Session, Depends(get_session)]
