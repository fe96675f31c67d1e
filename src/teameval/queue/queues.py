"""The RQ queue of summary jobs: put committed jobs on Redis, look them up, take them off.

The database row is the truth about a job; Redis only carries its id. The RQ job id is the row's
`job_id`, so the reconciler can ask Redis about a row directly.
"""

from collections.abc import Sequence

from redis import Redis
from rq import Queue, Worker
from rq.job import Job
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer
from rq.utils import now, utcparse

from teameval.config import get_settings
from teameval.queue.connection import get_redis

JOB_FUNCTION = "teameval.summaries.jobs.generate"
JOB_DESCRIPTION = "summaries.generate"
# RQ's own bookkeeping is only kept briefly: the row has the result.
RESULT_TTL_S = 300
FAILURE_TTL_S = 24 * 3600
# RQ job states in which Redis still carries the job towards a worker.
LIVE_RQ_STATES = frozenset({"queued", "scheduled", "started", "deferred"})
# A busy worker's parent process sends a heartbeat every `worker_heartbeat_s` while its horse
# runs the job (RQ's default is every 30 s). A worker that missed this many heartbeats is taken
# for dead. RQ itself keeps a busy worker's key for the job timeout plus 60 s, so the key's
# existence says nothing for minutes after a kill -9.
MISSED_HEARTBEATS = 3


def get_queue(connection: Redis | None = None) -> Queue:
    """The summaries queue (ids only, JSON-serialised)."""
    return Queue(
        get_settings().queue_name,
        connection=connection or get_redis(),
        serializer=JSONSerializer,
    )


def enqueue_jobs(
    job_ids: Sequence[str], connection: Redis | None = None, *, at_front: bool = False
) -> None:
    """Put these (committed) jobs on the queue in one Redis pipeline, in this order.

    `at_front`: before everything already waiting (jobs that were waiting before, and lost
    their place through a crash, go first).
    """
    if not job_ids:
        return
    if at_front:  # each one is pushed to the front, so push the last first
        job_ids = list(reversed(job_ids))
    settings = get_settings()
    queue = get_queue(connection)
    datas = [
        Queue.prepare_data(
            JOB_FUNCTION,
            args=[job_id],
            job_id=job_id,
            description=JOB_DESCRIPTION,
            timeout=settings.job_timeout_s,
            result_ttl=RESULT_TTL_S,
            failure_ttl=FAILURE_TTL_S,
            at_front=at_front,
        )
        for job_id in job_ids
    ]
    with queue.connection.pipeline() as pipe:
        queue.enqueue_many(datas, pipeline=pipe)
        pipe.execute()


def rq_states(job_ids: Sequence[str], connection: Redis | None = None) -> dict[str, str | None]:
    """The RQ status of each job id; None when Redis no longer knows the job."""
    redis = connection or get_redis()
    with redis.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.hget(Job.key_for(job_id), "status")
        answers = pipe.execute()
    return {
        job_id: (raw.decode() if isinstance(raw, bytes) else raw)
        for job_id, raw in zip(job_ids, answers, strict=True)
    }


def orphaned(job_ids: Sequence[str], connection: Redis | None = None) -> list[str]:
    """Jobs RQ says are started by a worker that is gone: its key expired or it went silent.

    A worker killed after taking a job from Redis but before claiming its row leaves RQ saying
    `started` for good (until RQ's own clean-up, minutes later); the row is still `queued`.
    Taking a live but slow worker for dead costs nothing worse than a second copy on the queue,
    which the claim turns away.
    """
    redis = connection or get_redis()
    with redis.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.hmget(Job.key_for(job_id), ["status", "worker_name"])
        answers = pipe.execute()
    started = {
        job_id: name.decode()
        for job_id, (status, name) in zip(job_ids, answers, strict=True)
        if status == b"started" and name
    }
    if not started:
        return []
    with redis.pipeline(transaction=False) as pipe:
        for name in started.values():
            pipe.hget(Worker.redis_worker_namespace_prefix + name, "last_heartbeat")
        heartbeats = pipe.execute()
    return [
        job_id
        for job_id, heartbeat in zip(started, heartbeats, strict=True)
        if not _recent(heartbeat)
    ]


def stale_heartbeat_s() -> float:
    """How long a busy worker may stay silent before it is taken for dead."""
    return MISSED_HEARTBEATS * get_settings().worker_heartbeat_s


def _recent(heartbeat: bytes | None) -> bool:
    """A worker heartbeat (RQ's timestamp) less than `stale_heartbeat_s()` old."""
    if not heartbeat:
        return False
    return (now() - utcparse(heartbeat.decode())).total_seconds() < stale_heartbeat_s()


def withdraw(job_id: str, connection: Redis | None = None) -> None:
    """Take a job off the queue and out of the retry schedule (a running one finishes alone)."""
    queue = get_queue(connection)
    with queue.connection.pipeline() as pipe:
        queue.remove(job_id, pipeline=pipe)
        pipe.zrem(ScheduledJobRegistry(queue=queue).key, job_id)  # type: ignore[no-untyped-call]
        pipe.execute()
