"""Summary progress of an evaluation, per student: what the "generate all" progress bar shows.

Counted per student with feedback, not per job: a class of 30 reads "12 of 30", however often
some summaries were asked for before. A student's state is their latest job's when it is
queued or running, else "completed" when a summary is stored, "failed" when the latest job
failed or was cancelled, and "waiting" when nothing was asked yet.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.errors import Forbidden
from teameval.evaluations.repository import AllocationRepository, EvaluationRepository
from teameval.models import FeedbackSummary, SummaryGenerationJob
from teameval.repository import ScopedRepository

STATES = ("waiting", "queued", "processing", "completed", "failed")


class ProgressRepository(ScopedRepository[SummaryGenerationJob]):
    """Latest job status and stored summaries of an evaluation's students."""

    model = SummaryGenerationJob

    def latest_status(self, evaluation_id: int) -> dict[int, str]:
        """The status of each student's newest job (ids grow, so the highest id is newest)."""
        job = SummaryGenerationJob
        newest = (
            self._select(func.max(job.id))
            .where(job.evaluation_id == evaluation_id)
            .group_by(job.student_id)
        )
        stmt = select(job.student_id, job.status).where(job.id.in_(newest))
        return {int(sid): str(status) for sid, status in self.session.execute(stmt)}

    def students_with_summary(self, evaluation_id: int) -> set[int]:
        """Students of the evaluation whose summary is stored."""
        stmt = select(FeedbackSummary.student_id).where(
            FeedbackSummary.school_id == self.school_id,
            FeedbackSummary.evaluation_id == evaluation_id,
        )
        return set(self.session.scalars(stmt))


@dataclass(frozen=True)
class SummaryProgress:
    """How far the summaries of an evaluation are, counted per student."""

    total: int
    done: int
    percent: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> int:
        """Students whose summary is queued or being written."""
        return self.counts.get("queued", 0) + self.counts.get("processing", 0)


def summary_progress(session: Session, principal: Principal, evaluation_id: int) -> SummaryProgress:
    """The per-student progress of an evaluation's summaries (staff only)."""
    if not principal.is_staff:
        raise Forbidden()
    EvaluationRepository(session, principal.school_id).get_or_404(evaluation_id)
    allocations = AllocationRepository(session, principal.school_id)
    students = allocations.reviewees_with_peer_feedback(evaluation_id)
    repo = ProgressRepository(session, principal.school_id)
    latest = repo.latest_status(evaluation_id)
    stored = repo.students_with_summary(evaluation_id)
    counts = dict.fromkeys(STATES, 0)
    for student_id in students:
        status = latest.get(student_id)
        if status in ("queued", "processing"):
            counts[status] += 1
        elif student_id in stored or status == "completed":
            counts["completed"] += 1
        elif status in ("failed", "cancelled"):
            counts["failed"] += 1
        else:
            counts["waiting"] += 1
    total = len(students)
    done = counts["completed"] + counts["failed"]
    percent = round(100 * done / total) if total else 100
    return SummaryProgress(total=total, done=done, percent=percent, counts=counts)
