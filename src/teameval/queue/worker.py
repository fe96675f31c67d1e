"""`teameval worker`: RQ workers for the summaries queue, with the scheduler and the reconciler.

RQ forks a work-horse per job. The horse must not use the database or Redis connections of the
process it was forked from (two processes on one socket corrupt both), so `SummaryWorker`
forgets them in the horse before the job runs; each horse opens its own.
"""

import logging
from typing import Any

from rq import Worker
from rq.job import Job
from rq.queue import Queue
from rq.serializers import JSONSerializer
from rq.worker_pool import WorkerPool

from teameval.config import get_settings
from teameval.db import reset_engine
from teameval.queue.connection import get_redis, reset_redis

log = logging.getLogger("teameval.queue.worker")


def forget_inherited_connections() -> None:
    """Drop the database engine and Redis client a forked process inherited from its parent."""
    reset_engine()
    reset_redis()


class SummaryWorker(Worker):
    """An RQ worker whose processes never share connections across a fork."""

    def work(self, *args: Any, **kwargs: Any) -> bool:
        """Run the work loop in a process that opens its own connections."""
        forget_inherited_connections()
        return bool(super().work(*args, **kwargs))

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        """The forked horse: fresh connections, then RQ's own job execution."""
        forget_inherited_connections()
        super().main_work_horse(job, queue)


def run_workers(count: int, burst: bool, reconcile: bool) -> int:
    """Run `count` worker processes until stopped (or, with `burst`, until the queue is empty).

    With `reconcile`, this process also runs the reconciler: every few seconds, or once before a
    burst so jobs lost from Redis are drained too.
    """
    from teameval.queue.reconciler import reconcile_once, start_reconciler_thread

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = get_settings()
    stop = None
    if reconcile and burst:
        reconcile_once()
    elif reconcile:
        _thread, stop = start_reconciler_thread()
    pool = WorkerPool(
        [settings.queue_name],
        connection=get_redis(),
        num_workers=max(1, count),
        worker_class=SummaryWorker,
        serializer=JSONSerializer,
    )
    try:
        pool.start(burst=burst, logging_level="INFO")
    finally:
        if stop is not None:
            stop.set()
    return 0
