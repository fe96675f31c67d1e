"""The summary state a student's results show (the rest of results' queries are the owning
domains': evaluations, reviews, courses, users)."""

from teameval.models import (
    FeedbackSummary,
    SummaryGenerationJob,
)
from teameval.repository import ScopedRepository


class SummaryStateRepository(ScopedRepository[FeedbackSummary]):
    """A student's stored summary, for their own results page."""

    model = FeedbackSummary

    def summary(self, evaluation_id: int, student_id: int) -> FeedbackSummary | None:
        """The stored summary of one student in one evaluation."""
        stmt = self._select().where(
            FeedbackSummary.evaluation_id == evaluation_id,
            FeedbackSummary.student_id == student_id,
        )
        return self.session.scalars(stmt).first()


class SummaryJobStateRepository(ScopedRepository[SummaryGenerationJob]):
    """A student's latest summary job, for the state shown on their results page."""

    model = SummaryGenerationJob

    def latest(self, evaluation_id: int, student_id: int) -> SummaryGenerationJob | None:
        """The newest summary job of one student in one evaluation."""
        stmt = (
            self._select()
            .where(
                SummaryGenerationJob.evaluation_id == evaluation_id,
                SummaryGenerationJob.student_id == student_id,
            )
            .order_by(SummaryGenerationJob.created_at.desc(), SummaryGenerationJob.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()
