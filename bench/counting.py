"""Counting what one job costs: SQL statements (SQLAlchemy events) and Redis commands (MONITOR)."""

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from redis import Redis
from sqlalchemy import Engine, event


class SQLCounter:
    """Counts the statements every engine of this process executes, by their first keyword."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.commits = 0

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.kinds[statement.lstrip().split(None, 1)[0].upper()] += 1

    def _commit(self, _conn: Any) -> None:
        self.commits += 1

    @contextmanager
    def counting(self) -> Iterator["SQLCounter"]:
        """Count while the block runs."""
        event.listen(Engine, "before_cursor_execute", self._statement)
        event.listen(Engine, "commit", self._commit)
        try:
            yield self
        finally:
            event.remove(Engine, "before_cursor_execute", self._statement)
            event.remove(Engine, "commit", self._commit)

    @property
    def total(self) -> int:
        """Statements in all."""
        return sum(self.kinds.values())


class RedisMonitor:
    """Every command sent to one Redis database while the block runs (MONITOR, in a thread).

    MONITOR sees every client, so it counts what the web server, the workers and RQ send;
    commands of other databases on a shared server are left out by their db number.
    """

    def __init__(self, url: str, db: int) -> None:
        self.client = Redis.from_url(url)
        self.db = db
        self.commands: Counter[str] = Counter()
        self._monitor: Any = None
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="redis-monitor", daemon=True)

    def _run(self) -> None:
        with self.client.monitor() as monitor:
            self._monitor = monitor
            self._ready.set()
            while not self._stop.is_set():
                try:
                    entry = monitor.next_command()
                except Exception:  # __exit__ closed the connection under us: done
                    return
                if int(entry.get("db", -1)) == self.db:
                    self.commands[str(entry["command"]).split(" ", 1)[0].strip('"').upper()] += 1

    def __enter__(self) -> "RedisMonitor":
        self._thread.start()
        self._ready.wait(5)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._monitor is not None:
            self._monitor.connection.disconnect()
        self._thread.join(5)
        self.client.close()

    @property
    def total(self) -> int:
        """Commands in all (MONITOR itself is not among them)."""
        return sum(self.commands.values())
