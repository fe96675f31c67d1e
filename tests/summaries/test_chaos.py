"""Chaos: 200 jobs on 3 worker processes while a reconciler runs with a clock 40 s ahead, a
worker is killed, the reconciler is killed (then Redis is wiped) and (on the server backend,
with TEAMEVAL_CHAOS_PG_RESTART=1) PostgreSQL restarts. Every job must end completed, with
exactly one summary per student, and no live worker's job may be taken over.

The LLM is the fake Ollama server on loopback, slowed down so jobs are in flight when things
break. Short leases and a fast reconciler keep the test quick; the recovery times it prints are
measured with those settings (the defaults recover within lease 30 s + interval 5 s).

Only processes this test started are signalled, by pid. On a shared Redis server the wipe is a
FLUSHDB of the test's own database (FLUSHALL would wipe other suites' databases); the embedded
Redis is ours alone and gets a real FLUSHALL.
"""

import contextlib
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from teameval.config import get_settings
from teameval.db import session_factory
from teameval.models import FeedbackSummary, School, SummaryGenerationJob
from teameval.queue.connection import get_redis, redis_url
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.reconciler import reconcile_once
from tests.factories.summaries import make_feedback_class, principal_of
from tests.fakes.clock import skew_clock
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.processes import (
    children_of,
    start_worker_pool,
    stop_process_group,
    summaries_queue,
    wait_until,
)
from tests.summaries.chaos_support import (
    assert_nothing_lost_or_overwritten,
    job_counts,
    print_diagnostics,
)

Job = SummaryGenerationJob
CLASSES, CLASS_SIZE = 8, 25
JOBS = CLASSES * CLASS_SIZE
LATENCY_S = 0.2
KILL_LATENCY_S = 5.0  # below the read timeout: the LLM is slow, not gone
SETTINGS = {
    "TEAMEVAL_JOB_LEASE_S": "3",
    "TEAMEVAL_RECONCILE_INTERVAL_S": "1",
    "TEAMEVAL_JOB_RETRY_BACKOFF_S": "1",
    "TEAMEVAL_LLM_PROVIDER": "ollama",
    "TEAMEVAL_OLLAMA_MODEL": "llama3.1:8b",
    "TEAMEVAL_LLM_CONNECT_TIMEOUT_S": "2",
    "TEAMEVAL_LLM_READ_TIMEOUT_S": "10",
}


def _completed() -> int:
    try:
        return job_counts().get("completed", 0)
    except Exception:  # the database is restarting
        return -1


def _processing() -> list[tuple[str, str]]:
    with session_factory()() as s:
        rows = s.execute(
            select(Job.job_id, Job.worker_name).where(Job.status == "processing")
        ).all()
        return [(j, w or "") for j, w in rows]


def _status(job_id: str) -> str | None:
    with session_factory()() as s:
        return s.scalar(select(Job.status).where(Job.job_id == job_id))


def _postmaster_started(database_url: str) -> datetime | None:
    """When the PostgreSQL server started, asked on a connection of its own; None when down."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            started: datetime = conn.execute(text("SELECT pg_postmaster_start_time()")).scalar_one()
            return started
    except OperationalError:
        return None
    finally:
        engine.dispose()


def _pg_cluster(database_url: str) -> tuple[str, str] | None:
    """(version, name) of the local PostgreSQL cluster serving `database_url`'s port."""
    port = str(make_url(database_url).port or 5432)
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    for line in listing.stdout.splitlines():
        version, name, cluster_port = line.split()[:3]
        if cluster_port == port:
            return version, name
    return None


@pytest.fixture
def slow_llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLLMServer]:
    """The fake Ollama server, answering validly after LATENCY_S; its settings in the env."""
    with FakeLLMServer(latency=LATENCY_S) as server:
        for key, value in SETTINGS.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("TEAMEVAL_OLLAMA_BASE_URL", server.url)
        get_settings.cache_clear()
        yield server
    get_settings.cache_clear()


@pytest.mark.chaos
def test_every_job_survives_kills_a_redis_wipe_and_a_database_restart(
    session: Session, school: School, slow_llm: FakeLLMServer, tmp_path: Path
) -> None:
    classes = [
        make_feedback_class(session, school, students=CLASS_SIZE, team_size=5)
        for _ in range(CLASSES)
    ]
    log_path = tmp_path / "workers.log"
    pool = start_worker_pool(3, log_path)
    recovery: dict[str, float] = {}
    try:
        started = time.monotonic()
        for klass in classes:  # the teachers press "generate all"
            batch = SummaryJobService(
                session, principal_of(klass.teacher), get_settings()
            ).batch_queue(klass.evaluation.id, None)
            assert batch.queued == CLASS_SIZE

        # 0. a reconciler whose clock runs 40 s ahead (leases are 3 s) takes no live job.
        assert wait_until(lambda: _completed() >= 10, 60), job_counts()
        taken = _reconcile_with_a_skewed_clock(40, seconds=4)
        assert taken == [], f"live jobs taken over by a skewed clock: {taken}"

        # 1. kill -9 a busy worker (the RQ parent) and its work-horse (the child) mid-job.
        assert wait_until(lambda: _completed() >= 20, 60), job_counts()
        victim = _kill_a_busy_worker(pool.pid, slow_llm)
        killed_at = time.monotonic()

        # 2. kill -9 the reconciler, then wipe Redis: every queued job and RQ's registries are
        # gone, and only a reconciler (the pool's new one) can bring them back.
        assert wait_until(lambda: _completed() >= 60, 60), job_counts()
        [reconciler] = _reconcilers(pool.pid)
        os.kill(reconciler, signal.SIGKILL)
        reconciler_killed_at = time.monotonic()
        assert wait_until(lambda: reconciler not in _reconcilers(pool.pid), 10), "zombie"
        assert wait_until(lambda: len(_reconcilers(pool.pid)) == 1, 10), "not restarted"
        recovery["reconciler kill -9: a new one running"] = time.monotonic() - reconciler_killed_at
        _wipe_redis()
        wiped_at = time.monotonic()
        assert summaries_queue().count == 0
        assert wait_until(lambda: summaries_queue().count > 0, 30), "lost jobs were never re-queued"
        recovery["redis wipe: lost jobs back on the queue"] = time.monotonic() - wiped_at

        # 3. restart PostgreSQL (server backend, when asked for).
        if os.environ.get("TEAMEVAL_CHAOS_PG_RESTART") == "1":
            cluster = _pg_cluster(get_settings().effective_database_url)
            if cluster is not None:
                assert wait_until(lambda: _completed() >= 100, 60), job_counts()
                url = get_settings().effective_database_url
                started_before = _postmaster_started(url)
                assert started_before is not None, "PostgreSQL is not answering"
                # pg_ctlcluster has answered 1 ("failed to start") for a server that its own log
                # showed ready at once, while our workers reconnected (seen in CI): what counts
                # is that the server was restarted and answers again.
                restart = subprocess.run(
                    ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                restarted_at = time.monotonic()
                assert wait_until(
                    lambda: (_postmaster_started(url) or started_before) > started_before, 30
                ), f"PostgreSQL was not restarted: {restart.stdout}{restart.stderr}"
                assert wait_until(lambda: _completed() >= 0, 30), "the database did not return"
                before = _completed()
                assert wait_until(lambda: _completed() > before, 60), "no progress after restart"
                recovery["database restart: jobs completing again"] = (
                    time.monotonic() - restarted_at
                )

        assert wait_until(lambda: job_counts().get("completed", 0) == JOBS, 100), job_counts()
        total = time.monotonic() - started
        assert wait_until(lambda: _status(victim) == "completed", 1)
        recovery["kill -9: the killed job completed"] = _completed_at(victim) - killed_at
    except BaseException:
        print_diagnostics(log_path)
        raise
    finally:
        stop_process_group(pool)

    session.expire_all()
    assert job_counts() == {"completed": JOBS}
    assert_nothing_lost_or_overwritten(session)
    summaries = session.scalar(select(func.count()).select_from(FeedbackSummary))
    distinct = session.scalar(
        select(func.count()).select_from(
            select(FeedbackSummary.evaluation_id, FeedbackSummary.student_id).distinct().subquery()
        )
    )
    assert summaries == distinct == JOBS
    jobs = session.scalars(select(Job)).all()
    assert len(jobs) == JOBS and len({j.student_id for j in jobs}) == JOBS
    assert next(j for j in jobs if j.job_id == victim).attempts >= 2
    print(f"\nchaos: {JOBS} jobs completed in {total:.1f} s")
    for what, seconds in recovery.items():
        print(f"time to recovery, {what}: {seconds:.1f} s")


def _reconcile_with_a_skewed_clock(ahead_s: float, seconds: float) -> list[str]:
    """Run reconcile passes in this process for `seconds` with its clock `ahead_s` ahead;
    returns the jobs they took from a worker whose lease they judged expired."""
    taken: list[str] = []
    with pytest.MonkeyPatch.context() as monkeypatch:
        skew_clock(monkeypatch, ahead_s)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            taken += reconcile_once(get_settings()).requeued_expired
            time.sleep(0.2)
    return taken


def _reconcilers(pool_pid: int) -> list[int]:
    """The pool's `teameval reconcile --loop` children (a zombie counts: it was not reaped)."""
    found = []
    for pid in children_of(pool_pid):
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if stat[0] == "Z" or b"reconcile" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


def _kill_a_busy_worker(pool_pid: int, llm: FakeLLMServer) -> str:
    """SIGKILL one of our workers while its horse runs a job; returns that job's id.

    Meanwhile the LLM answers in KILL_LATENCY_S instead of LATENCY_S, so a job seen running is
    still running when the kill strikes: at high load a 0.2 s job used to be finished by then,
    every time for 30 s ("no busy worker found to kill").
    """
    llm.configure(latency=KILL_LATENCY_S)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for job_id, horse, worker in _busy_horses(pool_pid):
                for pid in (horse, worker):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                # Still "processing" with its horse dead: killed mid-job, not just after it
                # (then the next one is tried).
                if _status(job_id) == "processing":
                    return job_id
            time.sleep(0.1)
    finally:
        llm.configure(latency=LATENCY_S)
    raise AssertionError("no busy worker found to kill")


def _busy_horses(pool_pid: int) -> list[tuple[str, int, int]]:
    """(job id, horse pid, worker pid) of the pool's horses running a job now."""
    workers = children_of(pool_pid)
    busy = []
    for job_id, name in _processing():
        match = re.search(r"/(\d+)$", name)
        horse = int(match.group(1)) if match else 0
        parents = [w for w in workers if horse in children_of(w)]
        if parents:
            busy.append((job_id, horse, parents[0]))
    return busy


def _wipe_redis() -> None:
    if redis_url().startswith("unix://"):
        get_redis().flushall()  # the embedded server is this test run's own
    else:
        get_redis().flushdb()


def _completed_at(job_id: str) -> float:
    """When the job completed, on the monotonic clock of this process."""
    with session_factory()() as s:
        done = s.scalar(select(Job.completed_at).where(Job.job_id == job_id))
    assert done is not None
    from teameval.models import utcnow

    return time.monotonic() - (utcnow() - done).total_seconds()
