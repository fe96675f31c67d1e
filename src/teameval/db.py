"""Database engine and sessions: SQLite (embedded, WAL) or PostgreSQL, chosen by settings.

The entry point of each process (create_app, the CLI, a benchmark) calls `configure_database`
with its settings' URL and its kind of process's `ConnectionLimits`; everything else asks
`session_factory()` for sessions. docs/OPERATIONS.md ("Connections and timeouts") explains the
limits and adds up the connections of a deployment.
"""

import functools
import inspect
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import anyio
import psycopg
from fastapi import Depends
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

# psycopg is imported here, not lazily by the first PostgreSQL engine: RQ forks a work-horse per
# job from a worker that never made an engine, and importing the driver in every horse was a
# fifth of a job's time (docs/BENCHMARKS.md).

# Connections a web process may open beyond one per request slot (see ConnectionLimits.for_web).
WEB_EXTRA_CONNECTIONS = 5
# A web session idle inside a transaction this long was leaked (sessions close when their
# endpoint returns), and the server ends it; at least the synchronous summary's budget + 10 s,
# since that request may keep a read transaction open while it waits on the LLM.
WEB_IDLE_IN_TRANSACTION_S = 30.0
# A worker process, its work-horse and the reconciler each use at most this many at once: the
# job's connection and its lease keeper's; the reconciler's loop, its deadline and reminder
# threads.
WORKER_CONNECTIONS = 3
# A job's statements are small, but the reconciler's sweep reads every active row at once.
WORKER_STATEMENT_TIMEOUT_S = 60.0
# A statement the server cancels at its timeout answers at once; this margin on top of the
# statement timeout tells such an answer apart from a server that does not answer at all.
ANSWER_MARGIN_S = 1.0
# A request waits this long for a pooled connection, and a new connection this long for the
# server, before it gives up: the app then answers 503 with Retry-After at once (app.py) instead
# of keeping the client waiting past its own timeout.
POOL_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 3
# TCP keepalives and TCP_USER_TIMEOUT (libpq's settings) on every PostgreSQL connection: a server
# that vanished without a reset (a dead host, a dropped route) is noticed by the kernel within
# about 20 s, also on an idle pooled connection that no statement is waiting on.
TCP_SETTINGS: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,  # ms: data sent and not acknowledged for this long fails
}


@dataclass(frozen=True)
class ConnectionLimits:
    """How many connections a process keeps and how long each may wait on the database.

    The web's limits are short (`for_web`): a request answers 503 rather than wait. A worker's
    are longer (`for_worker`): a job has minutes, and a failed write only means a retry. The
    default (migrations and the other commands) sets no statement limit at all.
    """

    pool_size: int = 2
    max_overflow: int = 0
    # How long a checkout waits for a pooled connection before it gives up (503 on the web).
    pool_timeout_s: float = 30.0
    # The server cancels a statement that runs longer (PostgreSQL's statement_timeout; SQLite's
    # busy timeout: how long a write waits for the lock). None: the server's default.
    statement_timeout_s: float | None = None
    # The server ends a session left idle inside a transaction this long (PostgreSQL only).
    idle_in_transaction_timeout_s: float | None = None

    @classmethod
    def for_web(
        cls, max_requests: int, statement_timeout_s: float, sync_budget_s: float = 20.0
    ) -> "ConnectionLimits":
        """A web process: one pooled connection per request it serves at once, and a few more
        for what runs beside a request's own session (error pages, /metrics, the synchronous
        summary's lease keeper)."""
        return cls(
            pool_size=max_requests,
            max_overflow=WEB_EXTRA_CONNECTIONS,
            pool_timeout_s=POOL_TIMEOUT_S,
            statement_timeout_s=statement_timeout_s,
            idle_in_transaction_timeout_s=max(WEB_IDLE_IN_TRANSACTION_S, sync_budget_s + 10),
        )

    @classmethod
    def for_worker(cls) -> "ConnectionLimits":
        """A worker, its work-horse or the reconciler: at most WORKER_CONNECTIONS each."""
        return cls(
            pool_size=WORKER_CONNECTIONS,
            statement_timeout_s=WORKER_STATEMENT_TIMEOUT_S,
            idle_in_transaction_timeout_s=None,  # a job's session may wait on the LLM
        )

    @property
    def max_connections(self) -> int:
        """The most connections one process with these limits opens."""
        return self.pool_size + self.max_overflow

    @property
    def answer_timeout_s(self) -> float | None:
        """How long the client waits for any answer before it drops the connection.

        A frozen server (or a network that holds packets) never cancels a statement itself,
        and TCP takes minutes to notice, so the client's own clock ends the wait.
        """
        if self.statement_timeout_s is None:
            return None
        return self.statement_timeout_s + ANSWER_MARGIN_S


def worker_pool_connections(count: int) -> int:
    """The most connections a `teameval worker --count <count>` opens: each worker and its
    work-horse, and the reconciler process beside them."""
    return (2 * count + 1) * ConnectionLimits.for_worker().max_connections


class _AnswerDeadlineConnection(psycopg.Connection[Any]):
    """A psycopg connection that gives up when the server does not answer in time.

    Every round trip after connecting (statements, the pool's ping, commit, rollback) goes
    through `wait`. Past `answer_timeout_s` the connection closes itself (the answer may still
    come, so it can never be used again) and raises OperationalError, which SQLAlchemy takes for
    a disconnect: the pool drops it, and the app answers 503.
    """

    answer_timeout_s: float | None = None

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        """psycopg's wait, bounded by `answer_timeout_s` unless the caller set its own."""
        try:
            return super().wait(gen, interval, timeout or self.answer_timeout_s)
        except psycopg.errors._WaitTimeout:
            self.close()
            raise psycopg.OperationalError(
                f"the database did not answer within {self.answer_timeout_s:g} s"
            ) from None


def _postgresql_options(limits: ConnectionLimits) -> str:
    """The server settings of each new connection (libpq's `options`), in milliseconds."""
    options = []
    if limits.statement_timeout_s is not None:
        options.append(f"-c statement_timeout={round(limits.statement_timeout_s * 1000)}")
    if limits.idle_in_transaction_timeout_s is not None:
        ms = round(limits.idle_in_transaction_timeout_s * 1000)
        options.append(f"-c idle_in_transaction_session_timeout={ms}")
    return " ".join(options)


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return configure


def make_engine(url: str, limits: ConnectionLimits | None = None) -> Engine:
    """An engine for `url` with `limits` (default: a command's, no statement limit), with the
    pragmas SQLite needs to serve web and workers at once."""
    limits = limits or ConnectionLimits()
    pooling: dict[str, Any] = {
        "pool_size": limits.pool_size,
        "max_overflow": limits.max_overflow,
        "pool_timeout": limits.pool_timeout_s,
    }
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        else:  # an in-memory database has its own single-thread pool
            pooling = {}
        # SQLite has no statement limit; what it has bounds how long a write waits for the lock.
        busy_s = limits.statement_timeout_s or 30.0
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": busy_s}, **pooling
        )
        event.listen(engine, "connect", _sqlite_pragmas(round(busy_s * 1000)))
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, **TCP_SETTINGS}
    if options := _postgresql_options(limits):
        connect_args["options"] = options
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args, **pooling)
    answer_timeout_s = limits.answer_timeout_s
    if answer_timeout_s is not None:

        def connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
            connection = _AnswerDeadlineConnection.connect(*cargs, **cparams)
            connection.answer_timeout_s = answer_timeout_s
            return connection

        event.listen(engine, "do_connect", connect)
    return engine


_database_url: str | None = None
_limits: ConnectionLimits | None = None
_engine: Engine | None = None
_session_factory: sessionmaker[Session] | None = None


def configure_database(url: str, limits: ConnectionLimits | None = None) -> None:
    """Use the database at `url` in this process, with `limits` (default: a command's).

    A change closes the pooled connections of the engine used so far and forgets it.
    """
    global _database_url, _limits
    if (url, limits) != (_database_url, _limits):
        if _engine is not None:
            _engine.dispose()
        reset_engine()
        _database_url, _limits = url, limits


def configured_limits() -> ConnectionLimits:
    """The limits this process's engine has (or gets)."""
    return _limits or ConnectionLimits()


def get_engine() -> Engine:
    """The process-wide engine, created on first use."""
    global _engine, _session_factory
    if _engine is None:
        if _database_url is None:
            raise RuntimeError(
                "no database configured: the process's entry point calls "
                "db.configure_database(settings.effective_database_url) first"
            )
        _engine = make_engine(_database_url, _limits)
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


# The session of the request being served (set by get_session, read in the endpoint's thread).
_request_session: ContextVar[Session | None] = ContextVar("teameval_request_session", default=None)


async def get_session() -> AsyncIterator[Session]:
    """A request-scoped session, closed as soon as the endpoint is done with it.

    Async on purpose: making a Session does no I/O (it connects on first use, in the endpoint's
    thread), so it needs no hop to the thread pool, and a hop costs a request two waits for the
    GIL when the process is busy (docs/BENCHMARKS.md). A synchronous endpoint closes it on its
    own thread as its last step (`closes_request_session`), so the connection goes back to the
    pool before the answer is even serialised; whatever is still open here (an async endpoint,
    an endpoint that failed before it ran) is closed without waiting for a request thread.
    """
    session = session_factory()()
    _request_session.set(session)
    try:
        yield session
    finally:
        _request_session.set(None)
        if session.in_transaction():
            # A round trip (the rollback), so on a thread; with a limiter of its own, as FastAPI
            # closes its own dependencies, never queued behind requests that wait for a
            # connection themselves (issue 16: that wait froze the server).
            await anyio.to_thread.run_sync(session.close, limiter=anyio.CapacityLimiter(1))
        else:
            session.close()  # holds no connection: no I/O


def closes_request_session(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` (synchronous), closing the request's session on its thread when it returns.

    Anything else is returned as it is: a coroutine, or a generator (a stream, which is still
    reading after the endpoint function returned), sync or async.
    """
    if not inspect.isfunction(endpoint) or (
        inspect.iscoroutinefunction(endpoint)
        or inspect.isgeneratorfunction(endpoint)
        or inspect.isasyncgenfunction(endpoint)
    ):
        return endpoint
    if getattr(endpoint, "closes_request_session", False):
        return endpoint

    @functools.wraps(endpoint)
    def run_and_close(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            session = _request_session.get()
            if session is not None:
                session.close()

    run_and_close.closes_request_session = True  # type: ignore[attr-defined]
    return run_and_close


SessionDep = Annotated[Session, Depends(get_session)]
