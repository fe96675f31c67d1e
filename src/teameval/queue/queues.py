"""The RQ queue: put calls on Redis, ask what RQ knows of them, take them off.

Transport only, through RQ's public API: this module knows no table and no job function of its
own. Whoever enqueues names the queue, the function and the ids; the RQ job id is the caller's
id (a summary job's row `job_id`), so the caller can ask Redis about its rows directly. The
queue's name and the job timeout come from the caller's settings.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from redis import Redis
from rq import Queue, Worker
from rq.job import Job
from rq.registry import ScheduledJobRegistry, clean_registries
from rq.serializers import JSONSerializer

from teameval.queue.connection import get_redis

# RQ's own bookkeeping is only kept briefly: the caller's row has the result.
RESULT_TTL_S = 300
FAILURE_TTL_S = 24 * 3600
# RQ job states in which Redis still holds the job for a worker to take.
WAITING_RQ_STATES = frozenset({"queued", "scheduled", "deferred"})
STARTED = "started"


def get_queue(name: str, connection: Redis | None = None) -> Queue:
    """The queue called `name` (ids only, JSON-serialised)."""
    return Queue(
        name,
        connection=connection or get_redis(),
        serializer=JSONSerializer,
    )


def enqueue_calls(
    queue_name: str,
    function: str,
    job_ids: Sequence[str],
    *,
    description: str,
    timeout_s: int,
    connection: Redis | None = None,
    at_front: bool = False,
) -> None:
    """Put `function(job_id)` for each of `job_ids` on the queue, in one Redis pipeline; RQ
    stops a call that runs longer than `timeout_s`.

    `at_front`: before everything already waiting (jobs that were waiting before, and lost
    their place through a crash, go first).
    """
    if not job_ids:
        return
    if at_front:  # each one is pushed to the front, so push the last first
        job_ids = list(reversed(job_ids))
    queue = get_queue(queue_name, connection)
    datas = [
        Queue.prepare_data(
            function,
            args=[job_id],
            job_id=job_id,
            description=description,
            timeout=timeout_s,
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
    connection = connection or get_redis()
    jobs = Job.fetch_many(job_ids, connection=connection, serializer=JSONSerializer)
    states: dict[str, str | None] = {}
    for job_id, job in zip(job_ids, jobs, strict=True):
        status = job.get_status(refresh=False) if job is not None else None
        states[job_id] = status.value if status is not None else None
    return states


def withdraw(queue_name: str, job_id: str, connection: Redis | None = None) -> None:
    """Take a job off the queue and out of the retry schedule (a running one finishes alone)."""
    queue = get_queue(queue_name, connection)
    with queue.connection.pipeline() as pipe:
        queue.remove(job_id, pipeline=pipe)
        scheduled = ScheduledJobRegistry(queue=queue)  # type: ignore[no-untyped-call]
        scheduled.remove(job_id, pipeline=pipe)
        pipe.execute()


def clean(queue_name: str) -> None:
    """Let RQ clean the queue's registries of entries left by dead workers."""
    clean_registries(get_queue(queue_name))


@dataclass(frozen=True)
class TransportStats:
    """What Redis says about the queue: jobs waiting, retries scheduled, workers alive."""

    waiting: int
    scheduled: int
    workers: int


def transport_stats(queue_name: str, connection: Redis | None = None) -> TransportStats:
    """The queue's length, its scheduled retries and its registered, living workers."""
    queue = get_queue(queue_name, connection)
    scheduled = ScheduledJobRegistry(queue=queue)  # type: ignore[no-untyped-call]
    return TransportStats(
        waiting=queue.count,
        scheduled=scheduled.count,
        workers=len(Worker.all(queue=queue)),
    )
