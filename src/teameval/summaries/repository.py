"""Queries on summary jobs and summaries.

Two kinds of access live here. The scoped repositories serve requests: every query is limited to
the principal's school. `JobRunRepository` serves workers and the reconciler, which act for every
school; it only ever touches rows by their own id, and the job re-checks the school itself.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from teameval.courses.repository import CourseRepository
from teameval.models import (
    Criterion,
    Evaluation,
    FeedbackSummary,
    School,
    SummaryGenerationJob,
    User,
    utcnow,
)
from teameval.repository import ScopedRepository
from teameval.reviews.repository import ScoreRepository
from teameval.summaries.generation import FeedbackInput, FeedbackSnapshot, GeneratedSummary

Job = SummaryGenerationJob


class SummaryJobRepository(ScopedRepository[SummaryGenerationJob]):
    """The summary jobs of one school."""

    model = SummaryGenerationJob

    def by_job_id(self, job_id: str) -> Job | None:
        """The job with this public id in this school, or None."""
        return self.session.scalars(self._select().where(Job.job_id == job_id)).first()

    def with_evaluation_and_summary(
        self, job_id: str
    ) -> tuple[Job, Evaluation, FeedbackSummary | None] | None:
        """The job, its evaluation and its student's stored summary (if any), in one query.

        A status poll needs all three, and it is the request students make most (every few
        seconds while a summary is on its way): one round trip instead of three. Each row is
        limited to this school.
        """
        stmt = (
            self._select(Job, Evaluation, FeedbackSummary)
            .join(
                Evaluation,
                (Evaluation.id == Job.evaluation_id) & (Evaluation.school_id == self.school_id),
            )
            .outerjoin(
                FeedbackSummary,
                (FeedbackSummary.evaluation_id == Job.evaluation_id)
                & (FeedbackSummary.student_id == Job.student_id)
                & (FeedbackSummary.school_id == self.school_id),
            )
            .where(Job.job_id == job_id)
        )
        row = self.session.execute(stmt).first()
        return (row[0], row[1], row[2]) if row else None

    def active(self, evaluation_id: int, student_ids: Iterable[int]) -> dict[int, Job]:
        """The queued or processing job of each of these students, by student id."""
        wanted = set(student_ids)
        if not wanted:
            return {}
        stmt = self._select().where(
            Job.evaluation_id == evaluation_id,
            Job.student_id.in_(wanted),
            Job.status.in_(("queued", "processing")),
        )
        return {j.student_id: j for j in self.session.scalars(stmt)}

    def latest_completed(
        self, evaluation_id: int, student_id: int, feedback_hash: str
    ) -> Job | None:
        """The newest completed job that summarised exactly this feedback."""
        stmt = (
            self._select()
            .where(
                Job.evaluation_id == evaluation_id,
                Job.student_id == student_id,
                Job.status == "completed",
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
        """How many jobs are in each status (of one evaluation, or the whole school)."""
        stmt = self._select(Job.status, func.count()).group_by(Job.status)
        if evaluation_id is not None:
            stmt = stmt.where(Job.evaluation_id == evaluation_id)
        return {status: int(n) for status, n in self.session.execute(stmt)}

    def oldest_queued_at(self) -> datetime | None:
        """When the longest-waiting queued job of the school was created."""
        oldest: datetime | None = self.session.scalar(
            self._select(func.min(Job.created_at)).where(Job.status == "queued")
        )
        return oldest

    def cancel(self, job: Job, now: datetime) -> bool:
        """Cancel `job` if it is still queued or processing; False when it already ended."""
        result = self.session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status.in_(("queued", "processing")))
            .values(status="cancelled", cancelled_at=now, lease_until=None)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class FeedbackSummaryRepository(ScopedRepository[FeedbackSummary]):
    """The stored summaries of one school."""

    model = FeedbackSummary

    def for_students(
        self, evaluation_id: int, student_ids: Iterable[int]
    ) -> dict[int, FeedbackSummary]:
        """The stored summary of each of these students, by student id."""
        wanted = set(student_ids)
        if not wanted:
            return {}
        stmt = self._select().where(
            FeedbackSummary.evaluation_id == evaluation_id,
            FeedbackSummary.student_id.in_(wanted),
        )
        return {s.student_id: s for s in self.session.scalars(stmt)}

    def for_student(self, evaluation_id: int, student_id: int) -> FeedbackSummary | None:
        """The stored summary of one student, or None."""
        return self.for_students(evaluation_id, [student_id]).get(student_id)


def upsert_summary(
    session: Session, snapshot: FeedbackSnapshot, generated: GeneratedSummary, now: datetime
) -> None:
    """Write the one summary of (evaluation, student): insert, or replace the generated fields.

    A teacher's edit and the publication stay as they are; they are judged against the hashes.
    """
    values: dict[str, Any] = {
        "summary_text": generated.summary_text,
        "structured": generated.structured,
        "generation_method": generated.generation_method,
        "feedback_hash": snapshot.feedback_hash,
        "feedback_count": snapshot.feedback_count,
        "provider": generated.provider,
        "model": generated.model,
        "prompt_tokens": generated.prompt_tokens,
        "completion_tokens": generated.completion_tokens,
        "duration_ms": generated.duration_ms,
        "generated_at": now,
    }
    keys = {
        "school_id": snapshot.school_id,
        "evaluation_id": snapshot.evaluation_id,
        "student_id": snapshot.student_id,
        "created_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(FeedbackSummary).values(**keys, **values)
    stmt = stmt.on_conflict_do_update(index_elements=["evaluation_id", "student_id"], set_=values)
    session.execute(stmt)


class JobRunRepository:
    """What workers and the reconciler do to job rows, each one conditional UPDATE.

    A claim bumps `attempts`; every later write names the attempt it belongs to, so a worker
    whose lease was taken over (it was presumed dead) can no longer write anything.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, job_id: str, worker_name: str, lease_s: float) -> Job | None:
        """Take the job for one attempt if it is queued or its lease expired; None otherwise."""
        now = utcnow()
        stmt = (
            update(Job)
            .where(
                Job.job_id == job_id,
                Job.attempts <= Job.max_attempts,
                or_(
                    Job.status == "queued",
                    (Job.status == "processing") & (Job.lease_until < now),
                ),
            )
            .values(
                status="processing",
                attempts=Job.attempts + 1,
                lease_until=now + timedelta(seconds=lease_s),
                worker_name=worker_name[:200],
                started_at=now,
            )
            .returning(Job)
            .execution_options(synchronize_session=False)
        )
        return self.session.scalars(stmt).first()

    def _fenced(self, row_id: int, attempt: int, **values: Any) -> bool:
        result = self.session.execute(
            update(Job)
            .where(Job.id == row_id, Job.attempts == attempt, Job.status == "processing")
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def renew_lease(self, row_id: int, attempt: int, lease_s: float) -> bool:
        """Extend the running attempt's lease; False when the attempt no longer owns the row."""
        return self._fenced(row_id, attempt, lease_until=utcnow() + timedelta(seconds=lease_s))

    def complete(
        self, row_id: int, attempt: int, feedback_hash: str, result: dict[str, Any]
    ) -> bool:
        """Mark the attempt's job completed with its result; False when the attempt lost the row."""
        return self._fenced(
            row_id,
            attempt,
            status="completed",
            completed_at=utcnow(),
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
            status="queued",
            lease_until=None,
            worker_name=None,
            error_message=error_message,
        )

    def fail(self, row_id: int, attempt: int, error_message: str) -> bool:
        """End the attempt's job as failed with a message safe to show."""
        return self._fenced(
            row_id,
            attempt,
            status="failed",
            completed_at=utcnow(),
            lease_until=None,
            error_message=error_message,
        )

    def expired_leases(self, now: datetime, limit: int) -> Sequence[Job]:
        """Processing jobs whose worker stopped renewing the lease (it died or hangs)."""
        stmt = (
            select(Job)
            .where(Job.status == "processing", Job.lease_until < now)
            .order_by(Job.lease_until)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def requeue_expired(self, row_id: int, attempt: int, now: datetime) -> bool:
        """Return a job whose lease expired to queued; False when it changed meanwhile."""
        result = self.session.execute(
            update(Job)
            .where(
                Job.id == row_id,
                Job.attempts == attempt,
                Job.status == "processing",
                Job.lease_until < now,
            )
            .values(status="queued", lease_until=None, worker_name=None)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def fail_expired(self, row_id: int, attempt: int, now: datetime, error_message: str) -> bool:
        """End a job whose last attempt died as failed."""
        result = self.session.execute(
            update(Job)
            .where(
                Job.id == row_id,
                Job.attempts == attempt,
                Job.status == "processing",
                Job.lease_until < now,
            )
            .values(
                status="failed", completed_at=now, lease_until=None, error_message=error_message
            )
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def queued_before(self, moment: datetime, limit: int) -> list[str]:
        """Job ids queued (or last put on Redis) before `moment`, oldest first."""
        since = func.coalesce(Job.enqueued_at, Job.created_at)
        stmt = (
            select(Job.job_id)
            .where(Job.status == "queued", since < moment)
            .order_by(since)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def mark_enqueued(self, job_ids: Sequence[str], now: datetime) -> None:
        """Remember when these jobs were (again) put on Redis."""
        if job_ids:
            self.session.execute(
                update(Job)
                .where(Job.job_id.in_(list(job_ids)))
                .values(enqueued_at=now)
                .execution_options(synchronize_session=False)
            )


class JobInputRepository:
    """What a summary job reads once it holds its row: the feedback and the stored summary's hash.

    Limited to the job's school: an evaluation or a student that left it is not found.
    """

    def __init__(self, session: Session, school_id: int) -> None:
        self.session = session
        self.school_id = school_id
        self._courses = CourseRepository(session, school_id)
        self._scores = ScoreRepository(session, school_id)

    def load(self, evaluation_id: int, student_id: int) -> tuple[FeedbackInput, str | None] | None:
        """The feedback input and the stored summary's hash; None when the evaluation or the
        student is not (or no longer) in the school."""
        rows = self._context(evaluation_id, student_id)
        if not rows:
            return None
        _course_id, scale_min, scale_max, own_language, school_language, stored_hash = rows[0][:6]
        given = FeedbackInput(
            school_id=self.school_id,
            evaluation_id=evaluation_id,
            student_id=student_id,
            scale_min=scale_min,
            scale_max=scale_max,
            language=own_language or school_language,
            roster=tuple(
                self._courses.roster_names(rows[0][0], also=[student_id], frozen=rows[0][8])
            ),
            rows=self._scores.submitted(evaluation_id, student_id),
            criteria=[(row[6], row[7]) for row in rows if row[6] is not None],
        )
        return given, stored_hash

    def warm_up(self) -> None:
        """Run each query of `load` once, on ids that match nothing (see jobs.warm_up)."""
        self._context(0, 0)
        self._courses.roster_names(0, also=[0])
        self._scores.submitted(0, 0)

    def _context(self, evaluation_id: int, student_id: int) -> Sequence[Any]:
        # One query for the evaluation with its criteria, the student (and their school's
        # language) and the stored summary's hash, where they had taken one each: a row per
        # criterion in rubric order (one row with empty criterion columns when it has none).
        stmt = (
            select(
                Evaluation.course_id,
                Evaluation.scale_min,
                Evaluation.scale_max,
                User.language,
                School.language,
                FeedbackSummary.feedback_hash,
                Criterion.id,
                Criterion.name,
                Evaluation.roster_names,
            )
            .join(User, User.school_id == Evaluation.school_id)
            .join(School, School.id == User.school_id)
            .outerjoin(
                FeedbackSummary,
                (FeedbackSummary.evaluation_id == Evaluation.id)
                & (FeedbackSummary.student_id == User.id)
                & (FeedbackSummary.school_id == Evaluation.school_id),
            )
            .outerjoin(
                Criterion,
                (Criterion.evaluation_id == Evaluation.id)
                & (Criterion.school_id == Evaluation.school_id),
            )
            .where(
                Evaluation.id == evaluation_id,
                Evaluation.school_id == self.school_id,
                User.id == student_id,
            )
            .order_by(Criterion.position, Criterion.id)
        )
        return self.session.execute(stmt).all()
