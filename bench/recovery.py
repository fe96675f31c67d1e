"""Section 5: recovery. A worker killed with SIGKILL mid-job, and Redis losing every key, while a
batch runs; the time from the blow until every job row is complete again."""

import contextlib
import os
import signal
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.dataset import Klass
from bench.env import Backend
from bench.pipeline import _start_pool, _stop_pool, queue_jobs, wait_completed
from bench.procs import Process, children_of, wait_until
from teameval.db import session_factory
from teameval.models import SummaryGenerationJob
from teameval.queue.queues import rq_states

LATENCY_S = 0.5


def _count(job_ids: list[str], status: str) -> int:
    job = SummaryGenerationJob
    with session_factory()() as session:
        return int(
            session.scalar(
                select(func.count()).where(job.job_id.in_(job_ids), job.status == status)
            )
            or 0
        )


def _attempts(job_ids: list[str]) -> dict[int, int]:
    job = SummaryGenerationJob
    with session_factory()() as session:
        rows = session.execute(
            select(job.attempts, func.count()).where(job.job_id.in_(job_ids)).group_by(job.attempts)
        ).all()
    return {int(a): int(n) for a, n in rows}


def _reconcilers(pool_pid: int) -> list[int]:
    """The pool's `teameval reconcile --loop` child (one, while it lives)."""
    found = []
    for pid in children_of(pool_pid):
        with contextlib.suppress(OSError):
            if b"reconcile" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


def _busy_worker(pool_pid: int) -> tuple[int, list[int]] | None:
    """A worker process of the pool that is running a job (it has a work-horse child)."""
    reconcilers = _reconcilers(pool_pid)
    for worker in children_of(pool_pid):
        if worker in reconcilers:
            continue
        horses = children_of(worker)
        if horses:
            return worker, horses
    return None


def _unfinished(job_ids: list[str]) -> list[dict[str, Any]]:
    """What the rows and RQ say about jobs that did not end: for the report, when one hangs."""
    job = SummaryGenerationJob
    with session_factory()() as session:
        rows = session.execute(
            select(job.job_id, job.status, job.attempts, job.lease_until, job.enqueued_at).where(
                job.job_id.in_(job_ids), job.status.in_(("queued", "processing"))
            )
        ).all()
    states = rq_states([r.job_id for r in rows])
    return [
        {
            "job_id": r.job_id,
            "status": r.status,
            "attempts": r.attempts,
            "lease_until": str(r.lease_until),
            "enqueued_at": str(r.enqueued_at),
            "rq_status": states[r.job_id],
        }
        for r in rows
    ]


def _outcome(job_ids: list[str], blow_at: float, timeout: float) -> dict[str, Any]:
    done = wait_completed(job_ids, timeout)
    last = done["last_completed_at"] or time.time()
    result = {
        "jobs": len(job_ids),
        "complete": done["complete"],
        "seconds_to_all_complete": round(last - blow_at, 2),
        "methods": done["methods"],
        "attempts": _attempts(job_ids),
    }
    if not done["complete"]:
        result["unfinished"] = _unfinished(job_ids)
    return result


def run_kill(backend: Backend, pool: Process, klass: Klass, jobs: int) -> dict[str, Any]:
    """SIGKILL one worker and its running work-horse (a machine dying mid-job)."""
    job_ids, _started = queue_jobs(backend, klass, klass.student_ids[:jobs])
    found: list[tuple[int, list[int]]] = []

    def busy() -> bool:
        hit = _busy_worker(pool.pid)
        if hit:
            found.append(hit)
        return bool(hit) and _count(job_ids, "processing") > 0

    if not wait_until(busy, 30, 0.02):
        raise RuntimeError("no worker took a job")
    worker, horses = found[-1]
    killed_at = time.time()
    for pid in (worker, *horses):
        with contextlib.suppress(ProcessLookupError):  # the horse finished just now
            os.kill(pid, signal.SIGKILL)
    result = _outcome(job_ids, killed_at, 120)
    result["killed"] = {"worker_pid": worker, "horse_pids": horses}
    result["reconciler_alive_after"] = bool(_reconcilers(pool.pid))
    return result


def run_wipe(backend: Backend, klass: Klass, jobs: int) -> dict[str, Any]:
    """Redis loses every key (FLUSHALL embedded; FLUSHDB of our database on the shared server).

    Other students than the kill's, so that this blow stands alone even if that one's jobs did
    not all end."""
    job_ids, _started = queue_jobs(backend, klass, klass.student_ids[jobs : 2 * jobs])
    wait_until(lambda: _count(job_ids, "completed") >= 2, 30, 0.05)
    lost = len(job_ids) - _count(job_ids, "completed") - _count(job_ids, "processing")
    wiped_at = time.time()
    backend.wipe_redis()
    result = _outcome(job_ids, wiped_at, 120)
    result["queued_when_wiped"] = lost
    return result


def run_recovery(
    backend: Backend,
    klass: Klass,
    llm: Any,
    jobs: int,
    lease_s: int,
    interval_s: float,
) -> dict[str, Any]:
    """Both blows, one after the other on one pool (whose pool process replaces the killed
    worker), with the lease and reconcile interval given (the defaults in a full run).
    """
    env = {
        "TEAMEVAL_JOB_LEASE_S": str(lease_s),
        "TEAMEVAL_RECONCILE_INTERVAL_S": str(interval_s),
    }
    llm.configure(latency=LATENCY_S)
    pool = _start_pool(backend, 2, reconcile=True, extra_env=env)
    try:
        kill = run_kill(backend, pool, klass, jobs)
        wipe = run_wipe(backend, klass, jobs)
    finally:
        _stop_pool(backend, pool)
    # What the remaining work alone takes with 2 workers: the floor of both figures.
    work_s = jobs * LATENCY_S / 2
    worst = max(kill["seconds_to_all_complete"], wipe["seconds_to_all_complete"])
    return {
        "workers": 2,
        "llm_latency_s": LATENCY_S,
        "job_lease_s": lease_s,
        "reconcile_interval_s": interval_s,
        "batch_work_s": work_s,
        "kill_9": kill,
        "redis_wipe": wipe,
        "target_s": 60,
        "met": kill["complete"] and wipe["complete"] and worst <= 60,
    }
