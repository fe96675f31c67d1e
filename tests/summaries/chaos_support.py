"""What the chaos tests (test_chaos*.py) share: the job rows' state read on a connection of the
test's own, the end-of-run checks (nothing lost, nothing overwritten) and a failed run's log."""

import subprocess
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.db import session_factory
from teameval.models import FeedbackSummary, SummaryGenerationJob
from teameval.summaries.enums import ACTIVE, JobStatus

Job = SummaryGenerationJob


def job_counts(evaluation_id: int | None = None) -> dict[str, int]:
    """How many job rows are in each status (of one evaluation, or all)."""
    stmt = select(Job.status, func.count()).group_by(Job.status)
    if evaluation_id is not None:
        stmt = stmt.where(Job.evaluation_id == evaluation_id)
    with session_factory()() as s:
        return {status: int(n) for status, n in s.execute(stmt).all()}


def unfinished(evaluation_id: int) -> int:
    """How many of the evaluation's jobs are still queued or running."""
    counts = job_counts(evaluation_id)
    return sum(n for status, n in counts.items() if status in ACTIVE)


def assert_nothing_lost_or_overwritten(session: Session) -> None:
    """Every job is final; each student has one summary, and it is the result of their latest
    completed job (an older attempt or request never wrote over a newer one)."""
    session.expire_all()
    jobs = session.scalars(select(Job).order_by(Job.id)).all()
    assert jobs, "no job ran"
    assert not [j.job_id for j in jobs if j.status in ACTIVE], job_counts()
    latest: dict[tuple[int, int], Job] = {}
    for job in jobs:
        if job.status == JobStatus.COMPLETED:
            latest[(job.evaluation_id, job.student_id)] = job
    summaries = session.scalars(select(FeedbackSummary)).all()
    stored = {(s.evaluation_id, s.student_id): s for s in summaries}
    assert len(stored) == len(summaries), "two summaries for one student"
    assert stored.keys() == latest.keys()
    overwritten = [
        key
        for key, job in latest.items()
        if job.result is None or job.result["summary_text"] != stored[key].summary_text
    ]
    assert not overwritten, f"stored summary is not the latest job's result: {overwritten}"


def print_diagnostics(log_path: Path) -> None:
    """What the unfinished jobs and our processes were doing, for a failed run's log."""
    print(log_path.read_text()[-6000:])
    with session_factory()() as s:
        for row in s.scalars(select(Job).where(Job.status != JobStatus.COMPLETED)):
            print(row.job_id, row.status, row.attempts, row.worker_name, row.lease_until)
    print(
        subprocess.run(
            ["ps", "-eo", "pid,ppid,pgid,stat,etime,cmd"], capture_output=True, text=True
        ).stdout
    )
