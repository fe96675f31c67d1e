"""The queue's upkeep: what RQ's own scheduler and maintenance did, done by our reconciler.

Transport only (ids and RQ's keys, no table). The reconciler (summaries/reconciler.py) calls it
every pass:
- `enqueue_due`: retries waiting in RQ's scheduled registry whose time came go onto the queue.
  Our workers run no RQ scheduler: RQ forks it from a worker, and after a kill -9 of that worker
  the orphaned scheduler kept the dead worker's blocking-dequeue socket open, so Redis handed it
  the next job, which nobody ran (issue 17, fault 13a); and a Redis outage killed the scheduler
  process, so scheduled retries never fired (13b). The reconciler is supervised and any live
  one takes over (see `ReconcilerLock`), so the schedule is served within seconds.
- `where_jobs_are`: which of some job ids RQ will run soon (waiting in the queue, or scheduled),
  and which sit in RQ's intermediate list (taken by a worker that died before starting them,
  or left there by a Redis restart: 13c); `drop_from_intermediate` takes those out.

The reconciler's liveness: one reconciler at a time holds `ReconcilerLock` (a Redis lock with a
short expiry, renewed every pass); the others stand by and take over when it lapses. The lock
is also the liveness signal shown by /readyz, /metrics and the queue page (`reconciler_status`).
"""

import contextlib
import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import LockError
from redis.lock import Lock
from rq.job import Job
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer

from teameval.queue.connection import get_redis
from teameval.queue.queues import get_queue

LOCK_KEY = "teameval:reconciler:lock"
LAST_PASS_KEY = "teameval:reconciler:last_pass"  # noqa: S105 - a Redis key
# The lock lapses after this many reconcile intervals without a renewal (at least MIN_LOCK_S).
LOCK_INTERVALS = 3
MIN_LOCK_S = 3.0


def enqueue_due(queue_name: str, connection: Redis | None = None) -> list[str]:
    """Put the scheduled jobs whose time has come on the queue (RQ's scheduler's duty)."""
    queue = get_queue(queue_name, connection)
    registry = ScheduledJobRegistry(queue=queue)  # type: ignore[no-untyped-call]
    due = registry.get_jobs_to_schedule(int(time.time()))
    if not due:
        return []
    jobs = Job.fetch_many(due, connection=queue.connection, serializer=JSONSerializer)
    moved = []
    with queue.connection.pipeline() as pipe:
        for job_id, job in zip(due, jobs, strict=True):
            if job is not None:
                queue.enqueue_job(job, pipeline=pipe)
                moved.append(job_id)
            registry.remove(job_id, pipeline=pipe)
        pipe.execute()
    return moved


@dataclass(frozen=True)
class Whereabouts:
    """Where RQ keeps some job ids: waiting on the queue, scheduled, or in the intermediate list."""

    waiting: frozenset[str]
    scheduled: frozenset[str]
    intermediate: frozenset[str]


def where_jobs_are(
    queue_name: str, job_ids: Sequence[str], connection: Redis | None = None
) -> Whereabouts:
    """Which of `job_ids` are on the queue's list, in the scheduled registry, or stranded in the
    intermediate list (taken off the queue by a worker that never started them)."""
    wanted = set(job_ids)
    queue = get_queue(queue_name, connection)
    registry = ScheduledJobRegistry(queue=queue)  # type: ignore[no-untyped-call]
    with queue.connection.pipeline(transaction=False) as pipe:
        pipe.lrange(queue.key, 0, -1)
        pipe.zrange(registry.key, 0, -1)
        pipe.lrange(queue.intermediate_queue_key, 0, -1)
        waiting, scheduled, intermediate = pipe.execute()

    def ours(raw: list[bytes]) -> frozenset[str]:
        return frozenset(i.decode() for i in raw) & wanted

    return Whereabouts(ours(waiting), ours(scheduled), ours(intermediate))


def drop_from_intermediate(
    queue_name: str, job_ids: Sequence[str], connection: Redis | None = None
) -> None:
    """Take job ids out of RQ's intermediate list (they were put on the queue again)."""
    if not job_ids:
        return
    queue = get_queue(queue_name, connection)
    with queue.connection.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.lrem(queue.intermediate_queue_key, 0, job_id)
        pipe.execute()


def lock_ttl_s(interval_s: float) -> float:
    """How long the reconciler's lock outlives its last renewal."""
    return max(MIN_LOCK_S, LOCK_INTERVALS * interval_s)


class ReconcilerLock:
    """One active reconciler across every pool and machine; the others stand by.

    `hold()` takes the lock or renews it; it returns False while another reconciler holds it.
    A reconciler killed with -9 (or frozen) stops renewing, and within `lock_ttl_s` a standby
    one takes over. After a Redis wipe the lock is simply taken again.
    """

    def __init__(self, interval_s: float, connection: Redis | None = None) -> None:
        self.ttl_s = lock_ttl_s(interval_s)
        self.name = f"{socket.gethostname()}/{os.getpid()}"
        self._connection = connection
        self._lock: Lock | None = None

    def hold(self) -> bool:
        """Take or renew the lock; False when another reconciler holds it."""
        redis = self._connection or get_redis()
        if self._lock is None or self._lock.redis is not redis:
            self._lock = Lock(redis, LOCK_KEY, timeout=self.ttl_s, thread_local=False)
        lock = self._lock
        if lock.local.token is not None:
            try:
                lock.reacquire()
                return True
            except LockError:  # lapsed (we were frozen) or wiped: take it again below
                lock.local.token = None
        held = lock.acquire(blocking=False, token=self.name)
        return bool(held)

    def passed(self) -> None:
        """Record that a pass ended (for the liveness readers)."""
        redis = self._connection or get_redis()
        redis.set(LAST_PASS_KEY, f"{time.time():.3f}", ex=int(self.ttl_s * 10) + 1)

    def release(self) -> None:
        """Let go of the lock (a stopping reconciler), so a standby one takes over at once."""
        if self._lock is not None and self._lock.local.token is not None:
            with contextlib.suppress(LockError):
                self._lock.release()


@dataclass(frozen=True)
class ReconcilerStatus:
    """Whether a reconciler holds the lock, which, and how long ago a pass last ended."""

    alive: bool
    holder: str | None
    last_pass_age_s: float | None


def reconciler_status(connection: Redis | None = None) -> ReconcilerStatus:
    """The reconciler's liveness as Redis knows it (raises when Redis does not answer)."""
    redis = connection or get_redis()
    holder, last = redis.mget([LOCK_KEY, LAST_PASS_KEY])
    age = max(0.0, time.time() - float(last)) if last else None
    return ReconcilerStatus(
        alive=holder is not None,
        holder=holder.decode() if isinstance(holder, bytes) else holder,
        last_pass_age_s=age,
    )
