"""The one repository of summary jobs (`summary_generation_jobs`).

Requests use it on the principal's school. Workers and the reconciler act for every school and
use `SummaryJobRepository.system(session)` (see teameval/repository.py): they touch rows by
their own id, and the job re-reads its input in its own school's scope. A claim bumps
`attempts`; every later write of a worker names the attempt it belongs to ("fenced"), so a
worker whose lease was taken over (it was presumed dead) can no longer write anything.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select

from teameval.models import Evaluation, FeedbackSummary, SummaryGenerationJob
from teameval.repository import ScopedRepository
from teameval.summaries.changes import summary_changed
from teameval.summaries.enums import ACTIVE, JobStatus

Job = SummaryGenerationJob


class SummaryJobRepository(ScopedRepository[SummaryGenerationJob]):
    """Summary jobs: of one school for requests, of every school for system code."""

    model = SummaryGenerationJob

    # --- reads ------------------------------------------------------------------------------

    def by_job_id(self, job_id: str) -> Job | None:
        """The job with this public id, or None."""
        return self.session.scalars(self._select().where(Job.job_id == job_id)).first()

    def with_evaluation_and_summary(
        self, job_id: str
    ) -> tuple[Job, Evaluation, FeedbackSummary | None] | None:
        """The job, its evaluation and its student's stored summary (if any), in one query.

        A status poll needs all three, and it is the request students make most (every few
        seconds while a summary is on its way): one round trip instead of three.
        """
        found = self.many_with_evaluation_and_summary([job_id])
        return found[0] if found else None

    def many_with_evaluation_and_summary(
        self, job_ids: Sequence[str]
    ) -> list[tuple[Job, Evaluation, FeedbackSummary | None]]:
        """`with_evaluation_and_summary` for several jobs in one query (the reconciler's
        refresh of every job it repaired), in no particular order; unknown ids are left out."""
        if not job_ids:
            return []
        stmt = (
            self._select(Job, Evaluation, FeedbackSummary)
            .join(Evaluation, Evaluation.id == Job.evaluation_id)
            .outerjoin(
                FeedbackSummary,
                (FeedbackSummary.evaluation_id == Job.evaluation_id)
                & (FeedbackSummary.student_id == Job.student_id)
                & (FeedbackSummary.school_id == Job.school_id),
            )
            .where(Job.job_id.in_(job_ids), self._in_school(Evaluation))
        )
        return [(row[0], row[1], row[2]) for row in self.session.execute(stmt)]

    def active(self, evaluation_id: int, student_ids: Iterable[int]) -> dict[int, Job]:
        """The queued or processing job of each of these students, by student id."""
        wanted = set(student_ids)
        if not wanted:
            return {}
        stmt = self._select().where(
            Job.evaluation_id == evaluation_id,
            Job.student_id.in_(wanted),
            Job.status.in_(ACTIVE),
        )
        return {j.student_id: j for j in self.session.scalars(stmt)}

    def latest(self, evaluation_id: int, student_id: int) -> Job | None:
        """The newest job of one student in one evaluation."""
        stmt = (
            self._select()
            .where(Job.evaluation_id == evaluation_id, Job.student_id == student_id)
            .order_by(Job.created_at.desc(), Job.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def latest_statuses(self, evaluation_id: int) -> dict[int, str]:
        """The status of each student's newest job (ids grow, so the highest id is newest)."""
        newest = (
            self._select(func.max(Job.id))
            .where(Job.evaluation_id == evaluation_id)
            .group_by(Job.student_id)
        )
        stmt = select(Job.student_id, Job.status).where(Job.id.in_(newest))
        return {int(sid): str(status) for sid, status in self.session.execute(stmt)}

    def latest_completed(
        self, evaluation_id: int, student_id: int, feedback_hash: str
    ) -> Job | None:
        """The newest completed job that summarised exactly this feedback."""
        stmt = (
            self._select()
            .where(
                Job.evaluation_id == evaluation_id,
                Job.student_id == student_id,
                Job.status == JobStatus.COMPLETED,
                Job.feedback_hash == feedback_hash,
            )
            .order_by(Job.created_at.desc(), Job.id.desc())
        )
        return self.session.scalars(stmt).first()

    def list_stmt(self, evaluation_id: int, status: str | None = None) -> Select[Any]:
        """The evaluation's jobs, newest first, optionally of one status."""
        stmt = self._select().where(Job.evaluation_id == evaluation_id)
        if status:
            stmt = stmt.where(Job.status == status)
        return stmt.order_by(Job.created_at.desc(), Job.id.desc())

    def counts(self, evaluation_id: int | None = None) -> dict[str, int]:
        """How many jobs are in each status (of one evaluation, or the whole scope)."""
        stmt = self._select(Job.status, func.count()).group_by(Job.status)
        if evaluation_id is not None:
            stmt = stmt.where(Job.evaluation_id == evaluation_id)
        return {status: int(n) for status, n in self.session.execute(stmt)}

    def oldest_queued_at(self) -> datetime | None:
        """When the longest-waiting queued job of the scope was created."""
        oldest: datetime | None = self.session.scalar(
            self._select(func.min(Job.created_at)).where(Job.status == JobStatus.QUEUED)
        )
        return oldest

    # --- the progress bar's estimate: the queue and the workers are shared by every school ---

    def waiting_ahead(self, evaluation_id: int, until: datetime) -> int:
        """Queued or running jobs of other evaluations put on the queue no later than `until`."""
        since = func.coalesce(Job.enqueued_at, Job.created_at)
        stmt = self._select(func.count()).where(
            Job.status.in_(ACTIVE), Job.evaluation_id != evaluation_id, since <= until
        )
        return int(self.session.scalar(stmt) or 0)

    def recent_finishes(self, window_s: float) -> tuple[int, datetime | None, datetime | None]:
        """How many jobs workers finished (completed or failed) in the last `window_s` seconds,
        with the first and the last finish. Summaries found up to date (no attempt) don't count."""
        stmt = self._select(
            func.count(), func.min(Job.completed_at), func.max(Job.completed_at)
        ).where(
            Job.completed_at >= self._db_now(-window_s),
            Job.status.in_((JobStatus.COMPLETED, JobStatus.FAILED)),
            Job.attempts >= 1,
        )
        row = self.session.execute(stmt).one()
        return int(row[0] or 0), row[1], row[2]

    # --- requests' writes -------------------------------------------------------------------

    def cancel(self, job: Job, now: datetime) -> bool:
        """Cancel `job` if it is still queued or processing; False when it already ended."""
        return self._changed(
            self._update()
            .where(Job.id == job.id, Job.status.in_(ACTIVE))
            .values(status=JobStatus.CANCELLED, cancelled_at=now, lease_until=None)
        )

    # --- workers: one fenced attempt --------------------------------------------------------

    def claim(self, job_id: str, worker_name: str, lease_s: float) -> Job | None:
        """Take the job for one attempt if it is queued or its lease expired; None otherwise.

        The lease is written and judged by the database's clock, never this process's.
        """
        now = self._db_now()
        stmt = (
            self._update()
            .where(
                Job.job_id == job_id,
                Job.attempts <= Job.max_attempts,
                or_(
                    Job.status == JobStatus.QUEUED,
                    (Job.status == JobStatus.PROCESSING) & (Job.lease_until < now),
                ),
            )
            .values(
                status=JobStatus.PROCESSING,
                attempts=Job.attempts + 1,
                lease_until=self._db_now(lease_s),
                worker_name=worker_name[:200],
                started_at=now,
            )
            .returning(Job)
        )
        job = self.session.scalars(stmt).first()
        if job is not None:
            summary_changed(self.session, job.evaluation_id, job.student_id)
        return job

    def renew_lease(self, row_id: int, attempt: int, lease_s: float) -> bool:
        """Extend the running attempt's lease; False when the attempt no longer owns the row."""
        # Nobody sees a lease: no change to tell.
        return self._fenced(row_id, attempt, notify=False, lease_until=self._db_now(lease_s))

    def complete(
        self, row_id: int, attempt: int, feedback_hash: str, result: dict[str, Any]
    ) -> bool:
        """Mark the attempt's job completed with its result; False when the attempt lost the row."""
        return self._fenced(
            row_id,
            attempt,
            status=JobStatus.COMPLETED,
            completed_at=self._db_now(),
            lease_until=None,
            feedback_hash=feedback_hash,
            result=result,
            error_message=None,
        )

    def release_for_retry(self, row_id: int, attempt: int, error_message: str) -> bool:
        """Put the attempt's job back to queued for a retry; False when it lost the row."""
        return self._fenced(
            row_id,
            attempt,
            status=JobStatus.QUEUED,
            lease_until=None,
            worker_name=None,
            error_message=error_message,
            enqueued_at=self._db_now(),  # RQ schedules the retry now: the reconciler's grace
        )

    def fail(self, row_id: int, attempt: int, error_message: str) -> bool:
        """End the attempt's job as failed with a message safe to show."""
        return self._fenced(
            row_id,
            attempt,
            status=JobStatus.FAILED,
            completed_at=self._db_now(),
            lease_until=None,
            error_message=error_message,
        )

    # --- the reconciler ---------------------------------------------------------------------

    def expired_leases(self, limit: int) -> Sequence[Job]:
        """Processing jobs whose worker stopped renewing the lease (it died or hangs), judged
        by the database's clock."""
        stmt = (
            self._select()
            .where(Job.status == JobStatus.PROCESSING, Job.lease_until < self._db_now())
            .order_by(Job.lease_until)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def requeue_expired(self, row_id: int, attempt: int) -> bool:
        """Return a job whose lease expired to queued; False when it changed meanwhile."""
        return self._expired(row_id, attempt, status=JobStatus.QUEUED, worker_name=None)

    def fail_expired(self, row_id: int, attempt: int, error_message: str) -> bool:
        """End a job whose last attempt died as failed."""
        return self._expired(
            row_id,
            attempt,
            status=JobStatus.FAILED,
            completed_at=self._db_now(),
            error_message=error_message,
        )

    def queued_before(self, age_s: float, limit: int) -> list[str]:
        """Job ids queued (or last put on Redis) more than `age_s` ago, oldest first."""
        since = func.coalesce(Job.enqueued_at, Job.created_at)
        stmt = (
            self._select(Job.job_id)
            .where(Job.status == JobStatus.QUEUED, since < self._db_now(-age_s))
            .order_by(since)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def mark_enqueued(self, job_ids: Sequence[str]) -> None:
        """Remember when these jobs were (again) put on Redis (by the database's clock)."""
        if job_ids:
            self.session.execute(
                self._update()
                .where(Job.job_id.in_(list(job_ids)))
                .values(enqueued_at=self._db_now())
            )

    # --- internals --------------------------------------------------------------------------

    def _changed(self, stmt: Any, *, notify: bool = True) -> bool:
        """Run an UPDATE of job rows; True when it touched one. Unless told otherwise, the
        students whose jobs changed hear of it after the commit (summaries/changes.py)."""
        if not notify:
            result = self.session.execute(stmt)
            return bool(result.rowcount)  # type: ignore[attr-defined]
        touched = self.session.execute(stmt.returning(Job.evaluation_id, Job.student_id)).all()
        for evaluation_id, student_id in touched:
            summary_changed(self.session, evaluation_id, student_id)
        return bool(touched)

    def _fenced(self, row_id: int, attempt: int, *, notify: bool = True, **values: Any) -> bool:
        """Write `values` only while attempt `attempt` still holds the row."""
        return self._changed(
            self._update()
            .where(Job.id == row_id, Job.attempts == attempt, Job.status == JobStatus.PROCESSING)
            .values(**values),
            notify=notify,
        )

    def _expired(self, row_id: int, attempt: int, **values: Any) -> bool:
        """Write `values` (and drop the lease) only while the attempt's lease is still expired."""
        return self._changed(
            self._update()
            .where(
                Job.id == row_id,
                Job.attempts == attempt,
                Job.status == JobStatus.PROCESSING,
                Job.lease_until < self._db_now(),
            )
            .values(lease_until=None, **values)
        )
