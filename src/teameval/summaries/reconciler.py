"""The reconciler: makes Redis agree with the summary job rows again after crashes and restarts.

The repair rules are the summaries' (the rows are theirs); the queue package only carries ids.
The row's lease is the one liveness signal: a worker renews it while its job runs.

One pass (`reconcile_once`):
1. retries whose time came go from RQ's scheduled registry onto the queue (our workers run no
   RQ scheduler: see queue/upkeep.py for why);
2. processing rows whose lease expired (their worker was killed or hangs) go back to queued and
   onto Redis; when that was already the extra fallback-only attempt (see summaries/jobs.py),
   the job ends `failed` with a user-safe message instead, so nothing loops forever;
3. every queued row whose job is not where RQ will run it soon is put on Redis again: RQ will
   run a job that waits in the queue's list or in the scheduled registry (served by step 1),
   nothing else. So a job that Redis lost (a restart or FLUSHALL, an enqueue after commit that
   failed, RQ gave up on it), that a worker took and died with before its claim (RQ says
   started, the row says queued: a live work-horse claims its row within milliseconds), or
   that sits in RQ's intermediate list (taken by a worker that never started it, or restored
   there by a Redis restart) is queued again, and taken out of the intermediate list;
4. RQ's registries are cleaned of entries left by dead workers.

Putting a job on Redis twice is harmless: the claim lets only one attempt run. Rows put on
Redis less than one reconcile interval ago are left alone, so a request that just committed can
enqueue its own jobs.

`reconcile_forever` runs a pass every interval while it holds the reconciler lock
(queue/upkeep.py): one reconciler is active across every pool and machine, any other stands
by and takes over within seconds when the active one dies.
"""

import logging
import os
import time
from dataclasses import dataclass, field

from teameval.config import Settings
from teameval.db import session_factory
from teameval.observability.metrics import record_reconciler_action
from teameval.queue.queues import clean
from teameval.queue.upkeep import (
    ReconcilerLock,
    drop_from_intermediate,
    enqueue_due,
    where_jobs_are,
)
from teameval.summaries import status_cache
from teameval.summaries.enqueue import enqueue_jobs
from teameval.summaries.job_repository import SummaryJobRepository

log = logging.getLogger("teameval.summaries.reconciler")

BATCH = 2000
FAILED = "summary_job_failed"


@dataclass
class ReconcileReport:
    """What one pass did."""

    requeued_expired: list[str] = field(default_factory=list)
    requeued_missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    scheduled_due: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Anything was repaired."""
        return bool(self.requeued_expired or self.requeued_missing or self.failed)


def reconcile_once(settings: Settings) -> ReconcileReport:
    """One reconciliation pass over every school's jobs."""
    report = ReconcileReport(scheduled_due=enqueue_due(settings.queue_name))
    with session_factory()() as session:
        runs = SummaryJobRepository.system(session)
        changed = []
        for job in runs.expired_leases(BATCH):
            if job.attempts > job.max_attempts:
                if runs.fail_expired(job.id, job.attempts, FAILED):
                    report.failed.append(job.job_id)
                    changed.append(job)
            elif runs.requeue_expired(job.id, job.attempts):
                report.requeued_expired.append(job.job_id)
                changed.append(job)
        session.commit()
        status_cache.refresh(session, changed)

        waiting = runs.queued_before(settings.reconcile_interval_s, BATCH)
        fresh = set(report.requeued_expired)
        candidates = [j for j in waiting if j not in fresh]
        where = where_jobs_are(settings.queue_name, candidates)
        report.requeued_missing = [
            j for j in candidates if j not in where.waiting and j not in where.scheduled
        ]

        to_enqueue = report.requeued_expired + report.requeued_missing
        if to_enqueue:
            drop_from_intermediate(
                settings.queue_name, [j for j in to_enqueue if j in where.intermediate]
            )
            enqueue_jobs(settings, to_enqueue, at_front=True)
            runs.mark_enqueued(to_enqueue)
            session.commit()
    clean(settings.queue_name)
    record_reconciler_action("requeued_expired_lease", len(report.requeued_expired))
    record_reconciler_action("requeued_lost", len(report.requeued_missing))
    record_reconciler_action("failed", len(report.failed))
    record_reconciler_action("scheduled_due", len(report.scheduled_due))
    if report.changed:
        log.warning(
            "reconciled: %d expired leases re-queued, %d lost jobs re-queued, %d failed",
            len(report.requeued_expired),
            len(report.requeued_missing),
            len(report.failed),
        )
    return report


def reconcile_forever(
    settings: Settings, interval_s: float | None = None, parent_pid: int | None = None
) -> None:
    """Reconcile every `interval_s` (default: the setting); log errors and go on.

    With `parent_pid`, stop when that process is gone (the worker pool that started us was
    killed), so no reconciler outlives its pool.
    """
    interval = interval_s if interval_s is not None else settings.reconcile_interval_s
    lock = ReconcilerLock(interval)
    try:
        while parent_pid is None or os.getppid() == parent_pid:
            try:
                if lock.hold():  # else another reconciler is active: stand by
                    reconcile_once(settings)
                    lock.passed()
            except Exception:  # the database or Redis may be restarting: try again next round
                log.warning("reconcile pass failed; retrying in %.0f s", interval, exc_info=True)
            time.sleep(interval)
    finally:
        lock.release()
