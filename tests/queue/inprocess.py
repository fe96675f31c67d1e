"""Summary jobs run in this test process by RQ's own SimpleWorker (burst mode, no fork), on the
test's Redis and database, with the settings of this process (`use_settings`, `fake_llm_env`).

For tests of what a job decides (retries, fallback, privacy checks, staleness, cancelling), where
a worker process adds only its start-up: the job function, RQ's dequeue, retry and result
handling are the real ones. What is about processes (kill -9, SIGTERM, fork, the pool, the
scheduler, log output of a worker) keeps real `teameval worker` processes: processes.py.
"""

import signal
from typing import Any

from rq import SimpleWorker
from rq.serializers import JSONSerializer

from tests.queue.processes import summaries_queue


class InProcessWorker(SimpleWorker):
    """RQ's worker that runs each job in this process, without RQ's command channel (no one
    sends this worker commands; its listener thread would outlive the burst)."""

    def subscribe(self) -> None:
        """No command channel."""

    def unsubscribe(self) -> None:
        """No command channel."""


def drain_queue(**work: Any) -> bool:
    """Run every job on the queue, and every retry they put back, here; whether any ran.

    A retry with a backoff of 0 s is queued again at once, so `use_settings(monkeypatch,
    job_retry_backoff_s="0")` runs every attempt of a job. The test's signal handlers stay its own.
    """
    queue = summaries_queue()
    worker = InProcessWorker([queue], connection=queue.connection, serializer=JSONSerializer)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return worker.work(burst=True, logging_level="WARNING", **work)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
