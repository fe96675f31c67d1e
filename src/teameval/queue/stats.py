"""Queue statistics for the queue page and monitoring: the school's jobs and the shared workers."""

import logging
from datetime import datetime

from pydantic import BaseModel
from redis import Redis
from rq import Worker
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.models import utcnow
from teameval.queue.queues import get_queue
from teameval.summaries.repository import SummaryJobRepository

log = logging.getLogger("teameval.queue.stats")
STATUSES = ("queued", "processing", "completed", "failed", "cancelled")


class QueueStats(BaseModel):
    """The school's jobs per status, the oldest waiting one, and the workers serving the queue."""

    counts: dict[str, int]
    oldest_queued_at: datetime | None
    oldest_queued_age_s: float | None
    workers_alive: int | None  # None: Redis did not answer
    redis_queue_length: int | None


def live_workers(redis: Redis) -> int:
    """RQ workers whose key is alive and not marked dead.

    Counted by their own keys, which every heartbeat re-creates, rather than RQ's registration
    set, which a Redis restart or wipe loses for good.
    """
    prefix = Worker.redis_worker_namespace_prefix
    keys = [
        k
        for k in redis.scan_iter(match=f"{prefix}*", count=500)
        if not k.decode().endswith(":executions")
    ]
    with redis.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.hexists(key, "death")
        dead = pipe.execute()
    return sum(1 for is_dead in dead if not is_dead)


def queue_stats(session: Session, principal: Principal) -> QueueStats:
    """Counts per status and the oldest queued job of the school; workers and length from Redis."""
    jobs = SummaryJobRepository(session, principal.school_id)
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(jobs.counts())
    oldest = jobs.oldest_queued_at()
    workers: int | None = None
    length: int | None = None
    try:
        queue = get_queue()
        # Workers and the queue are shared by every school: numbers only, never job ids.
        workers = live_workers(queue.connection)
        length = queue.count
    except Exception:
        log.warning("Redis did not answer the queue statistics", exc_info=True)
    return QueueStats(
        counts=counts,
        oldest_queued_at=oldest,
        oldest_queued_age_s=(utcnow() - oldest).total_seconds() if oldest else None,
        workers_alive=workers,
        redis_queue_length=length,
    )
