"""Summary progress of an evaluation, per student: what the "generate all" progress bar shows.

Counted per student with feedback, not per job: a class of 30 reads "12 of 30", however often
some summaries were asked for before. A student's state is the one every page shows
(summaries/presentation.py); "waiting" is the bar's word for none (nothing asked yet).

Beside the counts, honestly: which summaries are being retried (attempt 2 of 3, and why), and
an estimate of the time left from the work ahead of ours on the shared queue and the rate the
workers finished jobs at lately (every school's: the workers are shared).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.evaluations.repository import AllocationRepository
from teameval.evaluations.service import evaluation_in_charge
from teameval.models import SummaryGenerationJob
from teameval.summaries.enums import JobStatus, SummaryState
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.presentation import summary_state
from teameval.summaries.summary_repository import FeedbackSummaryRepository
from teameval.users.repository import UserRepository

# The bar's counters: every state a student's summary can be in, once all are released.
STATES = {
    SummaryState.NONE: "waiting",
    SummaryState.QUEUED: "queued",
    SummaryState.PROCESSING: "processing",
    SummaryState.COMPLETED: "completed",
    SummaryState.FAILED: "failed",
}
# The rate is what the workers finished in this window; with fewer finishes, no estimate.
RATE_WINDOW_S = 300
MIN_FINISHES = 2
MAX_RETRIES_LISTED = 10


@dataclass(frozen=True)
class RetryInfo:
    """A summary past its first attempt: which attempt runs (or waits) and why."""

    student_id: int
    student_name: str
    attempt: int
    max_attempts: int
    running: bool  # the attempt runs now; else it waits for its turn (backoff, then the queue)
    reason: str | None  # the job's message: a catalogue key (summaries/jobs.py)


@dataclass(frozen=True)
class Estimate:
    """Time left for the summaries still on their way, from the queue and the observed rate."""

    remaining: int  # this evaluation's summaries queued or being made
    ahead: int  # other evaluations' jobs put on the shared queue before ours
    rate_per_min: float | None  # jobs the workers finished per minute lately (None: too few)
    seconds: int | None  # None: no rate observed yet


@dataclass(frozen=True)
class SummaryProgress:
    """How far the summaries of an evaluation are, counted per student."""

    total: int
    done: int
    percent: int
    counts: dict[str, int] = field(default_factory=dict)
    retrying: int = 0  # summaries past their first attempt (the first few in `retries`)
    retries: list[RetryInfo] = field(default_factory=list)
    estimate: Estimate | None = None

    @property
    def active(self) -> int:
        """Students whose summary is queued or being written."""
        return self.counts.get("queued", 0) + self.counts.get("processing", 0)


def retry_of(job: SummaryGenerationJob) -> tuple[int, bool] | None:
    """(attempt, running) of an active job past its first attempt, else None.

    A queued job that has made attempts waits for its next one; a running job on its second
    attempt or later is a retry. The attempt after the last (a worker died on it) makes the
    fallback summary and is shown as the last.
    """
    running = job.status == JobStatus.PROCESSING
    attempt = job.attempts if running else job.attempts + 1
    if attempt < 2:
        return None
    return min(attempt, job.max_attempts), running


def estimate(
    jobs: SummaryJobRepository, evaluation_id: int, ours: list[SummaryGenerationJob]
) -> Estimate | None:
    """The time left for `ours` (this evaluation's active jobs): the jobs ahead of our last one
    plus ours, at the rate the workers finished jobs in the last five minutes."""
    if not ours:
        return None
    last_put = max(j.enqueued_at or j.created_at for j in ours)
    ahead = jobs.waiting_ahead(evaluation_id, last_put)
    finished, first, last = jobs.recent_finishes(RATE_WINDOW_S)
    rate_per_s = _rate(finished, first, last)
    if rate_per_s is None:
        return Estimate(remaining=len(ours), ahead=ahead, rate_per_min=None, seconds=None)
    seconds = math.ceil((ahead + len(ours)) / rate_per_s)
    return Estimate(remaining=len(ours), ahead=ahead, rate_per_min=rate_per_s * 60, seconds=seconds)


def _rate(finished: int, first: datetime | None, last: datetime | None) -> float | None:
    """Jobs per second between the first and the last finish of the window (at least 1 s)."""
    if finished < MIN_FINISHES or first is None or last is None:
        return None
    span = max(1.0, (last - first).total_seconds())
    return (finished - 1) / span


def summary_progress(session: Session, principal: Principal, evaluation_id: int) -> SummaryProgress:
    """The per-student progress of an evaluation's summaries (staff only)."""
    principal.require_staff()
    evaluation_in_charge(session, principal, evaluation_id)
    allocations = AllocationRepository(session, principal.school_id)
    students = allocations.reviewees_with_peer_feedback(evaluation_id)
    jobs = SummaryJobRepository(session, principal.school_id)
    latest = jobs.latest_statuses(evaluation_id)
    summaries = FeedbackSummaryRepository(session, principal.school_id)
    stored = summaries.students_with_summary(evaluation_id)
    counts = dict.fromkeys(STATES.values(), 0)
    for student_id in students:
        counts[STATES[summary_state(latest.get(student_id), student_id in stored)]] += 1
    total = len(students)
    done = counts["completed"] + counts["failed"]
    percent = round(100 * done / total) if total else 100
    ours = list(jobs.active(evaluation_id, students).values()) if done < total else []
    retrying = [(job, retry) for job in ours if (retry := retry_of(job)) is not None]
    return SummaryProgress(
        total=total,
        done=done,
        percent=percent,
        counts=counts,
        retrying=len(retrying),
        retries=_retries(session, principal, retrying),
        estimate=estimate(SummaryJobRepository.system(session), evaluation_id, ours),
    )


def _retries(
    session: Session,
    principal: Principal,
    retrying: list[tuple[SummaryGenerationJob, tuple[int, bool]]],
) -> list[RetryInfo]:
    """The first few retried summaries, the furthest attempt first, with the student's name."""
    found = sorted(retrying, key=lambda pair: (-pair[1][0], pair[0].student_id))
    found = found[:MAX_RETRIES_LISTED]
    names = UserRepository(session, principal.school_id).by_ids(j.student_id for j, _ in found)
    return [
        RetryInfo(
            student_id=job.student_id,
            student_name=names[job.student_id].name if job.student_id in names else "",
            attempt=attempt,
            max_attempts=job.max_attempts,
            running=running,
            reason=job.error_message,
        )
        for job, (attempt, running) in found
    ]
