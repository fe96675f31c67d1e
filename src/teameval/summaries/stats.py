"""Queue statistics for the queue page and monitoring: the school's jobs and the shared workers."""

import logging
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.llm.breaker import read_state
from teameval.models import utcnow
from teameval.queue.connection import get_redis
from teameval.queue.queues import transport_stats
from teameval.queue.upkeep import reconciler_status
from teameval.summaries.enums import JobStatus
from teameval.summaries.job_repository import SummaryJobRepository

log = logging.getLogger("teameval.summaries.stats")


class LLMStatus(BaseModel):
    """The LLM's circuit breaker: while open, summaries fall back without asking the LLM."""

    available: bool
    reason: str | None  # timeout, unreachable, config (the server refuses the format)
    since: datetime | None
    next_probe_at: datetime | None


class QueueStats(BaseModel):
    """The school's jobs per status, the oldest waiting one, and the workers serving the queue."""

    counts: dict[str, int]
    oldest_queued_at: datetime | None
    oldest_queued_age_s: float | None
    workers_alive: int | None  # None: Redis did not answer
    redis_queue_length: int | None
    # The reconciler that repairs lost and abandoned jobs (None: Redis did not answer).
    reconciler_alive: bool | None = None
    reconciler_last_pass_age_s: float | None = None
    llm: LLMStatus | None = None  # None: Redis did not answer


def queue_stats(session: Session, principal: Principal, settings: Settings) -> QueueStats:
    """Counts per status and the oldest queued job of the school; workers and length from Redis."""
    principal.require_staff()
    jobs = SummaryJobRepository(session, principal.school_id)
    counts = {status.value: 0 for status in JobStatus}
    counts.update(jobs.counts())
    oldest = jobs.oldest_queued_at()
    workers: int | None = None
    length: int | None = None
    reconciler = None
    llm: LLMStatus | None = None
    try:
        # Workers and the queue are shared by every school: numbers only, never job ids.
        transport = transport_stats(settings.queue_name)
        workers, length = transport.workers, transport.waiting
        reconciler = reconciler_status()
        llm = _llm_status()
    except Exception:
        log.warning("Redis did not answer the queue statistics", exc_info=True)
    return QueueStats(
        counts=counts,
        oldest_queued_at=oldest,
        oldest_queued_age_s=(utcnow() - oldest).total_seconds() if oldest else None,
        workers_alive=workers,
        redis_queue_length=length,
        reconciler_alive=reconciler.alive if reconciler else None,
        reconciler_last_pass_age_s=reconciler.last_pass_age_s if reconciler else None,
        llm=llm,
    )


def _llm_status() -> LLMStatus:
    state = read_state(get_redis())

    def when(unix: float | None) -> datetime | None:
        return datetime.fromtimestamp(unix, UTC) if unix and state.open else None

    return LLMStatus(
        available=not state.open,
        reason=state.reason if state.open else None,
        since=when(state.opened_at),
        next_probe_at=when(state.retry_at),
    )
