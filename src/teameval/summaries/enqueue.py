"""Summary jobs onto the RQ queue: the job function's name, and enqueue-after-commit.

The rows are committed first; only then do their ids go to Redis. What does not get there is
put there by the reconciler (summaries/reconciler.py), which reads the rows.
"""

import logging
from collections.abc import Sequence

from sqlalchemy.orm import Session

from teameval.config import Settings
from teameval.queue.queues import enqueue_calls
from teameval.summaries.job_repository import SummaryJobRepository

log = logging.getLogger("teameval.summaries.enqueue")

JOB_FUNCTION = "teameval.summaries.jobs.generate"
JOB_DESCRIPTION = "summaries.generate"


def enqueue_jobs(settings: Settings, job_ids: Sequence[str], *, at_front: bool = False) -> None:
    """Put these committed summary jobs on the settings' queue in one Redis pipeline, in order."""
    enqueue_calls(
        settings.queue_name,
        JOB_FUNCTION,
        job_ids,
        description=JOB_DESCRIPTION,
        timeout_s=settings.job_timeout_s,
        at_front=at_front,
    )


def put_on_queue(session: Session, settings: Settings, job_ids: Sequence[str]) -> None:
    """Put committed jobs on Redis in one pipeline; a failure is left to the reconciler."""
    if not job_ids:
        return
    try:
        enqueue_jobs(settings, job_ids)
    except Exception:  # Redis is down: the rows stay queued and the reconciler enqueues them
        log.warning(
            "could not enqueue %d summary jobs; the reconciler will", len(job_ids), exc_info=True
        )
        return
    SummaryJobRepository.system(session).mark_enqueued(job_ids)
    session.commit()
