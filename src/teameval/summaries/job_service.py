"""Summary jobs: queue one or many, follow them, list and cancel them.

Every write is one transaction that is committed before anything goes to Redis; the rows are the
truth and the reconciler puts back on Redis whatever did not get there. One active job per
(evaluation, student) is enforced by the partial unique index `uq_summary_generation_jobs_active`:
when a concurrent request wins the race, the IntegrityError sends us back to read its job.
"""

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.courses.repository import EnrolmentRepository
from teameval.courses.staff import require_on_course
from teameval.errors import Conflict, Invalid, NotFound
from teameval.evaluations.repository import AllocationRepository, EvaluationRepository
from teameval.evaluations.service import evaluation_in_charge
from teameval.models import Evaluation, FeedbackSummary, SummaryGenerationJob, utcnow
from teameval.queue.queues import withdraw
from teameval.ratelimit import limit
from teameval.summaries import status_cache
from teameval.summaries.access import (
    authorised_summary,
    ensure_can_see_summary,
    ensure_own_or_staff,
)
from teameval.summaries.changes import evaluation_changed
from teameval.summaries.enqueue import put_on_queue
from teameval.summaries.enums import JobStatus
from teameval.summaries.generation import collect_feedback
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.job_view import JobFacts, job_read, released_text
from teameval.summaries.schemas import (
    BatchQueueItem,
    BatchQueueResult,
    JobList,
    JobRead,
)
from teameval.summaries.status_cache import Lookup
from teameval.summaries.summary_repository import FeedbackSummaryRepository, job_result

log = logging.getLogger("teameval.summaries.job_service")
# Concurrent requests for the same students: read the winner's job and decide again.
_RACE_RETRIES = 5


def new_job_id() -> str:
    """A random, URL-safe public job id (22 characters)."""
    return secrets.token_urlsafe(16)


@dataclass
class QueuePlan:
    """The job of each student after a queue request, and how it came about."""

    jobs: dict[int, SummaryGenerationJob] = field(default_factory=dict)
    queued: list[int] = field(default_factory=list)
    already_queued: list[int] = field(default_factory=list)
    up_to_date: list[int] = field(default_factory=list)


class SummaryJobService:
    """Summary jobs of the principal's school."""

    def __init__(self, session: Session, principal: Principal, settings: Settings) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        self.evaluations = EvaluationRepository(session, principal.school_id)
        self.enrolments = EnrolmentRepository(session, principal.school_id)
        self.allocations = AllocationRepository(session, principal.school_id)
        self.jobs = SummaryJobRepository(session, principal.school_id)
        self.summaries = FeedbackSummaryRepository(session, principal.school_id)

    # --- requests -------------------------------------------------------------------------
    # Each use case applies its own rate limit here, so every entry point (API, page) has it.

    def queue(self, evaluation_id: int, student_id: int) -> JobRead:
        """The student's summary job: a new one, the active one, or a completed up-to-date one."""
        limit(self.settings, self.principal, "queue")
        return self.queue_unlimited(evaluation_id, student_id, force=False)

    def regenerate(self, evaluation_id: int, student_id: int) -> JobRead:
        """A new summary job even when the feedback did not change (the "regenerate" limit)."""
        limit(self.settings, self.principal, "regenerate")
        return self.queue_unlimited(evaluation_id, student_id, force=True)

    def queue_unlimited(self, evaluation_id: int, student_id: int, *, force: bool) -> JobRead:
        """`queue`, for summaries services that applied their use case's rate limit already."""
        evaluation, summary = authorised_summary(
            self.session, self.principal, evaluation_id, student_id
        )
        plan = self._queue_students(evaluation, [student_id], force=force)
        return self._read(plan.jobs[student_id], summary)

    def batch_queue(
        self, evaluation_id: int, student_ids: Sequence[int] | None
    ) -> BatchQueueResult:
        """Queue the summaries of many students of an evaluation in one transaction (staff)."""
        limit(self.settings, self.principal, "batch")
        return self._batch(evaluation_id, student_ids)

    def plan_for_closing(self, evaluation_id: int) -> list[str]:
        """Inside the closing transaction: the job rows of every summary the close queues
        (flushed, committed by the close); returns the ids to put on Redis after its commit.
        Part of closing, so not rate-limited."""
        self.principal.require_staff()
        evaluation = self.evaluations.get_or_404(evaluation_id)
        wanted = self.allocations.reviewees_with_peer_feedback(evaluation_id)
        plan = self._plan(evaluation, wanted, force=False)
        return [plan.jobs[s].job_id for s in plan.queued]

    def _batch(self, evaluation_id: int, student_ids: Sequence[int] | None) -> BatchQueueResult:
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        if student_ids is None:
            wanted = self.allocations.reviewees_with_peer_feedback(evaluation_id)
        else:
            wanted = list(dict.fromkeys(student_ids))
            unknown = set(wanted) - self.enrolments.participants(evaluation.course_id, wanted)
            if unknown:
                ids = ", ".join(str(i) for i in sorted(unknown))
                raise Invalid("students_not_in_evaluation", ids=ids)
        plan = self._queue_students(evaluation, wanted, force=False)
        return BatchQueueResult(
            evaluation_id=evaluation_id,
            total_students=len(wanted),
            queued=len(plan.queued),
            already_queued=len(plan.already_queued),
            up_to_date=len(plan.up_to_date),
            results=[
                BatchQueueItem(
                    student_id=sid, job_id=plan.jobs[sid].job_id, status=plan.jobs[sid].status
                )
                for sid in wanted
            ],
        )

    def status(self, job_id: str, cache: Lookup | None = None) -> JobRead:
        """Where a job stands, for its student (once released) and for staff.

        `cache`: what the status cache said before this read (summaries/status_cache.py); the
        rows read here are then kept there for the next poll.
        """
        found = self.jobs.with_evaluation_and_summary(job_id)
        if found is None:
            raise NotFound()
        job, evaluation, summary = found
        if cache is not None and cache.available:
            if cache.rev is None:  # the owner is remembered now; the next poll gets revisions
                status_cache.store([], owners=[job])
            else:
                status_cache.store([status_cache.entry_for(job, evaluation, summary, cache.rev)])
        require_on_course(self.session, self.principal, evaluation.course_id)
        ensure_can_see_summary(self.principal, evaluation, job.student_id, summary)
        return self._read(job, summary)

    def list_jobs(self, evaluation_id: int, status: str | None, limit: int, offset: int) -> JobList:
        """One page of the evaluation's jobs, newest first, with the count per status (staff)."""
        self.principal.require_staff()
        evaluation_in_charge(self.session, self.principal, evaluation_id)
        rows, total = self.jobs.page(self.jobs.list_stmt(evaluation_id, status), limit, offset)
        counts = {status.value: 0 for status in JobStatus}
        counts.update(self.jobs.counts(evaluation_id))
        return JobList(
            evaluation_id=evaluation_id,
            total=total,
            counts=counts,
            jobs=[self._read(j, None) for j in rows],  # staff: no released text to show
        )

    def cancel(self, job_id: str) -> JobRead:
        """Cancel a queued or running job (staff); a running attempt's result is then discarded."""
        job = self._job_or_404(job_id)
        if not self.jobs.cancel(job, utcnow()):
            raise Conflict("job_not_active", status=job.status)
        self.session.commit()
        self.session.refresh(job)
        try:
            withdraw(self.settings.queue_name, job.job_id)
        except Exception:  # the row says cancelled: a copy that still runs skips it
            log.warning("could not take job %s off the queue", job.job_id, exc_info=True)
        return self._read(job, None)  # staff: no released text to show

    # --- internals ------------------------------------------------------------------------

    def _job_or_404(self, job_id: str) -> SummaryGenerationJob:
        job = self.jobs.by_job_id(job_id)
        if job is None:
            raise NotFound()
        ensure_own_or_staff(self.principal, job.student_id)
        evaluation_in_charge(self.session, self.principal, job.evaluation_id)
        return job

    def _queue_students(
        self, evaluation: Evaluation, student_ids: Sequence[int], *, force: bool
    ) -> QueuePlan:
        """Decide per student, insert the new rows in one transaction, then enqueue them."""
        for _ in range(_RACE_RETRIES):
            try:
                plan = self._plan(evaluation, student_ids, force=force)
                self.session.commit()
            except IntegrityError:  # another request queued one of them first
                self.session.rollback()
                continue
            put_on_queue(self.session, self.settings, [plan.jobs[s].job_id for s in plan.queued])
            return plan
        raise Conflict("queue_busy")

    def _plan(
        self, evaluation: Evaluation, student_ids: Sequence[int], *, force: bool
    ) -> QueuePlan:
        plan = QueuePlan()
        active = self.jobs.active(evaluation.id, student_ids)
        stored = self.summaries.for_students(evaluation.id, set(student_ids) - set(active))
        now = utcnow()
        for sid in student_ids:
            if sid in active:
                plan.jobs[sid] = active[sid]
                plan.already_queued.append(sid)
                continue
            current = self._up_to_date_job(evaluation, sid, stored.get(sid)) if not force else None
            if current is not None:
                plan.jobs[sid] = current
                plan.up_to_date.append(sid)
                continue
            plan.jobs[sid] = self.jobs.add(
                SummaryGenerationJob(
                    job_id=new_job_id(),
                    evaluation_id=evaluation.id,
                    student_id=sid,
                    status=JobStatus.QUEUED,
                    attempts=0,
                    max_attempts=self.settings.job_max_attempts,
                    force=force,
                    requested_by_id=self.principal.user_id,
                    created_at=now,
                )
            )
            plan.queued.append(sid)
        self.session.flush()
        return plan

    def _up_to_date_job(
        self, evaluation: Evaluation, student_id: int, stored: FeedbackSummary | None
    ) -> SummaryGenerationJob | None:
        """A completed job for the stored summary when it still matches the feedback, else None."""
        if stored is None:
            return None
        snapshot = collect_feedback(
            self.session, self.settings, evaluation.school_id, evaluation.id, student_id
        )
        if snapshot.feedback_hash != stored.feedback_hash:
            return None
        done = self.jobs.latest_completed(evaluation.id, student_id, stored.feedback_hash)
        if done is not None:
            return done
        # The summary was made outside the queue (synchronously): record it as a finished job.
        now = utcnow()
        return self.jobs.add(
            SummaryGenerationJob(
                job_id=new_job_id(),
                evaluation_id=evaluation.id,
                student_id=student_id,
                status=JobStatus.COMPLETED,
                attempts=0,
                max_attempts=self.settings.job_max_attempts,
                feedback_hash=stored.feedback_hash,
                result=job_result(stored),
                requested_by_id=self.principal.user_id,
                created_at=now,
                completed_at=now,
            )
        )

    def _read(self, job: SummaryGenerationJob, summary: FeedbackSummary | None) -> JobRead:
        """The job as shown to the principal: messages translated, a student's text as released.

        `summary` is the student's stored summary as the request read it (None: there is none);
        every route a student may call reads it anyway, to check they may see it.
        """
        return job_read(JobFacts.model_validate(job), self.principal, released_text(job, summary))


def queue_after_close(
    session: Session, principal: Principal, evaluation_id: int, *, settings: Settings
) -> Callable[[], None]:
    """The close hook (registered, settings bound, by the app): the summary job rows of a
    closing evaluation, in its transaction; returns their enqueue, for after the commit."""
    job_ids = SummaryJobService(session, principal, settings).plan_for_closing(evaluation_id)
    evaluation_changed(session, evaluation_id)  # its students may now see their summaries
    return partial(put_on_queue, session, settings, job_ids)
