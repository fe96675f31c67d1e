"""The reconciler puts lost and abandoned jobs back on the queue, and ends hopeless ones."""

import json
import subprocess
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rq.job import Job as RQJob
from rq.job import JobStatus as RQJobStatus
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.db import session_factory
from teameval.models import FeedbackSummary, School, SummaryGenerationJob, utcnow
from teameval.queue.connection import get_redis
from teameval.summaries.enqueue import enqueue_jobs
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.reconciler import reconcile_once
from teameval.summaries.schemas import JobRead
from tests.factories.summaries import make_feedback_class, principal_of
from tests.fakes.clock import skew_clock
from tests.queue.inprocess import drain_queue
from tests.queue.processes import ROOT, summaries_queue, teameval_cmd, worker_env

Job = SummaryGenerationJob
Login = Callable[[Any], dict[str, str]]


def _age_rows(session: Session, seconds: float = 60) -> None:
    """Pretend the jobs were put on Redis a while ago (the reconciler leaves fresh rows alone)."""
    past = utcnow() - timedelta(seconds=seconds)
    session.execute(update(Job).values(created_at=past, enqueued_at=past))
    session.commit()


def _rows(session: Session) -> list[Job]:
    session.expire_all()
    return list(session.scalars(select(Job).order_by(Job.id)))


def test_jobs_lost_by_redis_are_queued_again(session: Session, school: School) -> None:
    klass = make_feedback_class(session, school, students=4, team_size=4)
    SummaryJobService(session, principal_of(klass.teacher), get_settings()).batch_queue(
        klass.evaluation.id, None
    )
    assert summaries_queue().count == 4
    get_redis().flushdb()  # a Redis restart without persistence
    _age_rows(session)

    report = reconcile_once(get_settings())
    assert sorted(report.requeued_missing) == sorted(j.job_id for j in _rows(session))
    assert sorted(summaries_queue().get_job_ids()) == sorted(report.requeued_missing)

    drain_queue()
    assert {j.status for j in _rows(session)} == {"completed"}
    assert len(session.scalars(select(FeedbackSummary)).all()) == 4
    # Nothing left to repair.
    assert not reconcile_once(get_settings()).changed


def test_fresh_rows_and_jobs_on_redis_are_left_alone(session: Session, school: School) -> None:
    klass = make_feedback_class(session, school, students=3)
    service = SummaryJobService(session, principal_of(klass.teacher), get_settings())
    service.queue(klass.evaluation.id, klass.students[0].id)
    get_redis().flushdb()
    assert (
        reconcile_once(get_settings()).requeued_missing == []
    )  # just committed: its request may enqueue it

    service.queue(klass.evaluation.id, klass.students[1].id)
    _age_rows(session)
    report = reconcile_once(get_settings())
    assert len(report.requeued_missing) == 1  # only the one Redis lost
    assert summaries_queue().count == 2


def test_an_abandoned_job_is_queued_again_and_the_old_attempt_cannot_write(
    session: Session, school: School
) -> None:
    klass = make_feedback_class(session, school)
    job = SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, klass.students[0].id
    )
    with session_factory()() as s:
        first = SummaryJobRepository.system(s).claim(job.job_id, "doomed-worker", 30)
        s.commit()
        assert first is not None and first.attempts == 1
        # While the lease runs nobody else may take it.
        assert SummaryJobRepository.system(s).claim(job.job_id, "other", 30) is None
        s.commit()
    get_redis().flushdb()  # the dead worker's RQ job is gone too
    session.execute(update(Job).values(lease_until=utcnow() - timedelta(seconds=1)))
    session.commit()

    report = reconcile_once(get_settings())
    assert report.requeued_expired == [job.job_id]
    assert _rows(session)[0].status == "queued"
    assert summaries_queue().get_job_ids() == [job.job_id]

    drain_queue()
    [row] = _rows(session)
    assert (row.status, row.attempts) == ("completed", 2)
    # The presumed-dead first attempt wakes up: every write of it is refused.
    with session_factory()() as s:
        runs = SummaryJobRepository.system(s)
        assert not runs.renew_lease(first.id, first.attempts, 30)
        assert not runs.complete(first.id, first.attempts, "stale", {})
        assert not runs.release_for_retry(first.id, first.attempts, "x")
        s.commit()
    assert _rows(session)[0].feedback_hash != "stale"


def test_a_job_whose_last_attempt_died_ends_failed_with_a_safe_message(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    job = SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, klass.students[0].id
    )
    past = utcnow() - timedelta(seconds=1)
    session.execute(
        update(Job).values(status="processing", attempts=Job.max_attempts + 1, lease_until=past)
    )
    session.commit()

    assert reconcile_once(get_settings()).failed == [job.job_id]
    status = client.get(
        f"/api/v1/feedback-summaries/jobs/{job.job_id}/status", headers=login(klass.teacher)
    ).json()
    assert status["status"] == "failed"
    assert (
        status["error_message"] == "De samenvatting kon niet worden gemaakt. Probeer het opnieuw."
    )
    assert status["completed_at"] is not None


def test_a_job_on_redis_twice_still_runs_once(session: Session, school: School) -> None:
    klass = make_feedback_class(session, school)
    job = SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, klass.students[0].id
    )
    enqueue_jobs(get_settings(), [job.job_id])  # e.g. the reconciler raced with the request
    assert summaries_queue().count == 2
    drain_queue()
    [row] = _rows(session)
    assert (row.status, row.attempts) == ("completed", 1)
    assert len(session.scalars(select(FeedbackSummary)).all()) == 1


def test_the_reconcile_command(session: Session, school: School) -> None:
    klass = make_feedback_class(session, school, students=3)
    SummaryJobService(session, principal_of(klass.teacher), get_settings()).batch_queue(
        klass.evaluation.id, None
    )
    get_redis().flushdb()
    _age_rows(session)
    result = subprocess.run(
        teameval_cmd("reconcile"),
        env=worker_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "closed_at_deadline": 0,  # and the evaluations past their deadline (none here)
        "requeued_expired": 0,
        "requeued_missing": 3,
        "failed": 0,
    }
    assert summaries_queue().count == 3


def _started_by_rq(job_id: str) -> None:
    """What RQ leaves when its worker took the job off the queue (RQ's public job API)."""
    summaries_queue().remove(job_id)
    rq_job = RQJob.fetch(job_id, connection=get_redis(), serializer=JSONSerializer)
    rq_job.set_status(RQJobStatus.STARTED)


def test_a_job_taken_by_a_worker_that_died_before_claiming_it_is_queued_again(
    session: Session, school: School
) -> None:
    """A kill -9 between RQ's dequeue and our claim: RQ says started, the row says queued.

    The row's lease is the one liveness signal: a live work-horse claims its row within
    milliseconds of starting, so a row still queued one reconcile interval after it was put on
    Redis has no living attempt, whatever RQ's worker keys say.
    """
    klass = make_feedback_class(session, school, students=3)
    service = SummaryJobService(session, principal_of(klass.teacher), get_settings())
    job = service.queue(klass.evaluation.id, klass.students[0].id)
    _started_by_rq(job.job_id)
    _age_rows(session)
    assert _rows(session)[0].status == "queued"

    report = reconcile_once(get_settings())
    assert report.requeued_missing == [job.job_id]
    assert summaries_queue().get_job_ids() == [job.job_id]


def test_a_job_started_since_its_last_enqueue_is_left_to_its_worker(
    session: Session, school: School
) -> None:
    """Put on Redis less than one reconcile interval ago: its worker may be about to claim it."""
    klass = make_feedback_class(session, school, students=3)
    job = SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, klass.students[0].id
    )
    _started_by_rq(job.job_id)
    assert reconcile_once(get_settings()).requeued_missing == []
    assert summaries_queue().count == 0


def test_a_claimed_job_is_judged_by_its_lease_alone(session: Session, school: School) -> None:
    """Processing with a lease in the future: left alone, whatever Redis says of its RQ job."""
    klass = make_feedback_class(session, school, students=3)
    job = SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, klass.students[0].id
    )
    with session_factory()() as s:
        assert SummaryJobRepository.system(s).claim(job.job_id, "busy-worker", 30) is not None
        s.commit()
    get_redis().flushdb()  # RQ forgot the job and every worker: the lease still runs
    _age_rows(session)
    report = reconcile_once(get_settings())
    assert not report.changed
    assert _rows(session)[0].status == "processing"


def _one_queued_job(session: Session, school: School) -> JobRead:
    klass = make_feedback_class(session, school, students=3)
    return SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, klass.students[0].id
    )


def test_a_reconciler_whose_clock_runs_ahead_takes_no_live_workers_job(
    session: Session, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, fault 12: leases are judged by the database's clock, never a process's."""
    job = _one_queued_job(session, school)
    with session_factory()() as s:
        assert SummaryJobRepository.system(s).claim(job.job_id, "live-worker", 30) is not None
        s.commit()

    skew_clock(monkeypatch, 40)  # ahead by more than the lease
    assert not reconcile_once(get_settings()).changed
    with session_factory()() as s:
        assert SummaryJobRepository.system(s).claim(job.job_id, "fast-clock", 30) is None
        s.commit()
    [row] = _rows(session)
    assert (row.status, row.attempts, row.worker_name) == ("processing", 1, "live-worker")


def test_a_worker_whose_clock_runs_behind_keeps_its_lease(
    session: Session, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _one_queued_job(session, school)
    with monkeypatch.context() as m:
        skew_clock(m, -40)  # behind by more than the lease: its lease must not be born expired
        with session_factory()() as s:
            runs = SummaryJobRepository.system(s)
            claimed = runs.claim(job.job_id, "slow-clock", 30)
            assert claimed is not None
            assert runs.renew_lease(claimed.id, claimed.attempts, 30)
            s.commit()
    assert not reconcile_once(get_settings()).changed
    [row] = _rows(session)
    assert (row.status, row.attempts) == ("processing", 1)
    assert row.lease_until is not None and row.lease_until > utcnow() + timedelta(seconds=20)


def test_a_job_stranded_in_rqs_intermediate_list_is_queued_again(
    session: Session, school: School
) -> None:
    """Issue 17, fault 13a/c: a worker took the job off the queue (RQ moves it to its
    intermediate list) and never started it: RQ still says queued, yet nobody will run it."""
    job = _one_queued_job(session, school)
    queue = summaries_queue()
    assert get_redis().lmove(queue.key, queue.intermediate_queue_key) == job.job_id.encode()
    _age_rows(session)

    report = reconcile_once(get_settings())
    assert report.requeued_missing == [job.job_id]
    assert queue.get_job_ids() == [job.job_id]
    assert get_redis().llen(queue.intermediate_queue_key) == 0
    drain_queue()
    assert _rows(session)[0].status == "completed"


def test_a_due_retry_is_put_on_the_queue_without_rqs_scheduler(
    session: Session, school: School
) -> None:
    """Issue 17, fault 13b: our workers run no RQ scheduler; the reconciler serves the
    schedule, and a retry scheduled in the future waits where it is."""
    first = _one_queued_job(session, school)
    queue = summaries_queue()
    registry = ScheduledJobRegistry(queue=queue)  # type: ignore[no-untyped-call]
    rq_job = RQJob.fetch(first.job_id, connection=get_redis(), serializer=JSONSerializer)
    queue.remove(first.job_id)
    registry.schedule(rq_job, utcnow() - timedelta(seconds=1))
    _age_rows(session)

    report = reconcile_once(get_settings())
    assert report.scheduled_due == [first.job_id]
    assert report.requeued_missing == []
    assert queue.get_job_ids() == [first.job_id] and registry.count == 0

    queue.remove(first.job_id)
    registry.schedule(rq_job, utcnow() + timedelta(seconds=60))
    report = reconcile_once(get_settings())
    assert (report.scheduled_due, report.requeued_missing) == ([], [])
    assert queue.count == 0 and registry.count == 1
