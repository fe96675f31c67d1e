"""Sections 2 and 3: the pipeline's overhead against RQ's no-op jobs, what one job costs in SQL
statements and Redis commands, and throughput with 1..8 workers against a slow LLM."""

import time
from collections.abc import Sequence
from typing import Any

from rq import Queue, Worker
from rq.job import Job
from rq.registry import FinishedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import func, select

from bench.counting import RedisMonitor, SQLCounter
from bench.dataset import Klass, insert_jobs, job_row
from bench.env import Backend
from bench.procs import Process, start_workers, wait_until
from teameval.db import session_factory
from teameval.models import SummaryGenerationJob
from teameval.summaries.enqueue import enqueue_jobs

POLL_S = 0.05


def _workers_ready(backend: Backend, count: int, timeout: float = 60) -> None:
    if not wait_until(lambda: Worker.count(queue=backend.queue()) >= count, timeout):
        raise RuntimeError(f"{count} workers did not register within {timeout} s")


def _start_pool(
    backend: Backend,
    count: int,
    *,
    reconcile: bool = False,
    extra_env: dict[str, str] | None = None,
) -> Process:
    env = backend.env | (extra_env or {})
    pool = start_workers(env, backend.log_dir, count, reconcile=reconcile)
    try:
        _workers_ready(backend, count)
    except RuntimeError:
        pool.stop()
        raise RuntimeError(f"worker pool did not start:\n{pool.tail()}") from None
    return pool


def _stop_pool(backend: Backend, pool: Process) -> None:
    pool.stop()
    wait_until(lambda: Worker.count(queue=backend.queue()) == 0, 10)


def queue_jobs(backend: Backend, klass: Klass, students: Sequence[int]) -> tuple[list[str], float]:
    """Write queued job rows (forced: the LLM is asked even when a summary exists), commit,
    enqueue them; returns the job ids and the moment the commit began."""
    rows = [job_row(klass.school_id, klass.evaluation_id, s, status="queued") for s in students]
    started = time.time()
    with session_factory()() as session:
        job_ids = insert_jobs(session, rows)
    enqueue_jobs(backend.settings, job_ids)
    return job_ids, started


def wait_completed(job_ids: Sequence[str], timeout: float) -> dict[str, Any]:
    """Wait until every job row ended; the time of the last completion and the methods used."""
    final = ("completed", "failed", "cancelled")
    deadline = time.monotonic() + timeout
    job = SummaryGenerationJob
    with session_factory()() as session:
        while True:
            ended = session.scalar(
                select(func.count()).where(job.job_id.in_(job_ids), job.status.in_(final))
            )
            session.rollback()
            if ended == len(job_ids) or time.monotonic() > deadline:
                break
            time.sleep(POLL_S)
        rows = session.execute(
            select(job.status, job.completed_at, job.started_at, job.result).where(
                job.job_id.in_(job_ids)
            )
        ).all()
    done = [r for r in rows if r.status in final]
    methods: dict[str, int] = {}
    for r in done:
        method = (r.result or {}).get("generation_method", r.status)
        methods[method] = methods.get(method, 0) + 1
    return {
        "complete": len(done) == len(job_ids),
        "ended": len(done),
        "last_completed_at": max((r.completed_at.timestamp() for r in done), default=None),
        "first_started_at": min(
            (r.started_at.timestamp() for r in done if r.started_at), default=None
        ),
        "methods": methods,
    }


def _noop_rate(backend: Backend, count: int, timeout: float) -> dict[str, Any]:
    """RQ's own rate: `count` no-op jobs through the same queue, serializer and worker class."""
    queue = backend.queue()
    datas = [
        Queue.prepare_data("bench.noop.noop", job_id=f"noop-{i}-{time.time_ns()}", result_ttl=600)
        for i in range(count)
    ]
    finished = FinishedJobRegistry(queue=queue)
    before = finished.count
    started = time.time()
    with queue.connection.pipeline() as pipe:
        jobs = queue.enqueue_many(datas, pipeline=pipe)
        pipe.execute()
    ids = [j.id for j in jobs]

    # One ZCARD per poll: polling every job would load Redis and slow the very rate measured.
    ok = wait_until(lambda: finished.count >= before + count, timeout, POLL_S)
    fetched = Job.fetch_many(ids, connection=queue.connection, serializer=JSONSerializer)
    last = max((j.ended_at.timestamp() for j in fetched if j and j.ended_at), default=time.time())
    elapsed = last - started
    return {
        "jobs": count,
        "complete": ok,
        "elapsed_s": round(elapsed, 3),
        "per_s": round(count / elapsed, 2),
    }


def _summary_rate(backend: Backend, klass: Klass, count: int, timeout: float) -> dict[str, Any]:
    students = klass.student_ids[:count]
    job_ids, started = queue_jobs(backend, klass, students)
    done = wait_completed(job_ids, timeout)
    elapsed = (done["last_completed_at"] or time.time()) - started
    return {
        "jobs": len(job_ids),
        "complete": done["complete"],
        "ended": done["ended"],
        "elapsed_s": round(elapsed, 3),
        "per_s": round(done["ended"] / elapsed, 2),  # only what finished within the time limit
        "methods": done["methods"],
    }


def _sql_per_job(klass: Klass, count: int) -> dict[str, Any]:
    """Run `count` jobs in this process (the job function itself) and count their statements."""
    from teameval.summaries.jobs import generate

    students = klass.student_ids[-count:]
    rows = [job_row(klass.school_id, klass.evaluation_id, s, status="queued") for s in students]
    with session_factory()() as session:
        job_ids = insert_jobs(session, rows)
    counter = SQLCounter()
    outcomes: dict[str, int] = {}
    with counter.counting():
        for job_id in job_ids:
            outcome = str(generate(job_id))
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return {
        "jobs": count,
        "outcomes": outcomes,
        "statements_per_job": round(counter.total / count, 2),
        "by_kind_per_job": {k: round(v / count, 2) for k, v in sorted(counter.kinds.items())},
        "commits_per_job": round(counter.commits / count, 2),
    }


def _redis_per_job(backend: Backend, klass: Klass, count: int, timeout: float) -> dict[str, Any]:
    """Commands on our Redis database while `count` jobs are enqueued and run by one worker."""
    db = int(backend.redis().connection_pool.connection_kwargs.get("db", 0))
    with RedisMonitor(backend.settings.redis_url or "", db) as monitor:
        job_ids, _started = queue_jobs(backend, klass, klass.student_ids[:count])
        done = wait_completed(job_ids, timeout)
    return {
        "jobs": count,
        "complete": done["complete"],
        "commands_per_job": round(monitor.total / count, 2),
        "by_command_per_job": {k: round(v / count, 2) for k, v in monitor.commands.most_common(12)},
        "note": "everything sent to our Redis database meanwhile: enqueue, the worker's dequeue, "
        "RQ's job and registry bookkeeping, heartbeats",
    }


def run_overhead(backend: Backend, klass: Klass, llm: Any, jobs: int) -> dict[str, Any]:
    """Section 2: zero-latency LLM; summaries/s vs RQ no-op jobs/s with one worker each."""
    llm.configure(latency=0.0)
    timeout = 30 + jobs * 0.5
    pool = _start_pool(backend, 1)
    try:
        noop = _noop_rate(backend, jobs, timeout)
        summaries = _summary_rate(backend, klass, jobs, timeout)
        noop_again = _noop_rate(
            backend, jobs, timeout
        )  # before and after: the machine's load drifts
        redis_counts = _redis_per_job(backend, klass, min(jobs, 20), timeout)
    finally:
        _stop_pool(backend, pool)
    sql_counts = _sql_per_job(klass, min(jobs, 10))
    noop_rate = (noop["per_s"] + noop_again["per_s"]) / 2
    return {
        "workers": 1,
        "noop": [noop, noop_again],
        "noop_per_s": round(noop_rate, 2),
        "summaries": summaries,
        "summaries_per_s": summaries["per_s"],
        "ratio_to_noop": round(summaries["per_s"] / noop_rate, 3),
        "target_ratio": 0.5,
        "met": summaries["per_s"] / noop_rate >= 0.5,
        "sql": sql_counts,
        "redis": redis_counts,
    }


def run_scaling(
    backend: Backend, klass: Klass, llm: Any, worker_counts: Sequence[int], seconds: float
) -> dict[str, Any]:
    """Section 3: 500 ms LLM latency, 1..8 workers; throughput against workers x 2/s."""
    latency = 0.5
    llm.configure(latency=latency, reset=True)
    runs = []
    for count in worker_counts:
        pool = _start_pool(backend, count)
        try:
            jobs = min(len(klass.student_ids), max(count * 4, round(count / latency * seconds)))
            job_ids, started = queue_jobs(backend, klass, klass.student_ids[:jobs])
            done = wait_completed(job_ids, 60 + jobs * latency)
        finally:
            _stop_pool(backend, pool)
        elapsed = (done["last_completed_at"] or time.time()) - started
        ideal = count / latency
        rate = done["ended"] / elapsed
        runs.append(
            {
                "workers": count,
                "jobs": jobs,
                "complete": done["complete"],
                "elapsed_s": round(elapsed, 3),
                "per_s": round(rate, 2),
                "ideal_per_s": ideal,
                "efficiency": round(rate / ideal, 3),
                "methods": done["methods"],
            }
        )
    stats = llm.stats
    efficiencies = [r["efficiency"] for r in runs if r["workers"] <= 4]
    return {
        "llm_latency_s": latency,
        "runs": runs,
        "llm_peak_concurrency": stats.get("max_in_flight"),
        "target_efficiency_to_4": 0.9,
        "met": bool(efficiencies) and min(efficiencies) >= 0.9,
    }
