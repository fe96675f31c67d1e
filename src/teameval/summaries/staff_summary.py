"""The summary of one student as staff see it: the latest job's state and the stored text.

Staff see every summary at any time (before release too), so no release rule applies here;
the student's own view goes through `ResultsService.my_results`, which applies them.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.summaries.enums import SummaryState
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.presentation import summary_state
from teameval.summaries.release import edit_is_current, is_released
from teameval.summaries.schemas import SummaryPoint, summary_points
from teameval.summaries.summary_repository import FeedbackSummaryRepository


@dataclass(frozen=True)
class StaffSummary:
    """Where a student's summary stands, for the teacher."""

    state: SummaryState
    job_id: str | None
    text: str | None
    generated_text: str | None
    method: str | None
    generated_at: datetime | None
    published_at: datetime | None
    released: bool
    edited: bool
    points: list[SummaryPoint] = field(default_factory=list)


class StaffSummaryService:
    """Reads a student's summary state for teachers and admins of the school."""

    def __init__(self, session: Session, principal: Principal) -> None:
        principal.require_staff()
        self.jobs = SummaryJobRepository(session, principal.school_id)
        self.summaries = FeedbackSummaryRepository(session, principal.school_id)

    def summary_of(self, evaluation_id: int, student_id: int, release: str) -> StaffSummary:
        """The latest job and stored summary of a student (the running job wins the state)."""
        job = self.jobs.latest(evaluation_id, student_id)
        summary = self.summaries.for_student(evaluation_id, student_id)
        state = summary_state(
            job.status if job else None, summary is not None, job.attempts if job else 0
        )
        if summary is None:
            return StaffSummary(
                state, job.job_id if job else None, None, None, None, None, None, False, False
            )
        edited = edit_is_current(summary)
        return StaffSummary(
            state=state,
            job_id=job.job_id if job else None,
            text=summary.edited_text if edited else summary.summary_text,
            generated_text=summary.summary_text,
            method=summary.generation_method,
            generated_at=summary.generated_at,
            published_at=summary.published_at,
            released=is_released(release, summary),
            edited=edited,
            points=summary_points(summary.structured),
        )
