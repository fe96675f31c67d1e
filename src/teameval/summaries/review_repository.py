"""Writes of the teacher review: publication guarded against a summary that changed meanwhile."""

from datetime import datetime

from sqlalchemy import update

from teameval.models import FeedbackSummary
from teameval.repository import ScopedRepository


class SummaryReviewRepository(ScopedRepository[FeedbackSummary]):
    """Publishing summaries of one school."""

    model = FeedbackSummary

    def publish(self, summary: FeedbackSummary, when: datetime) -> bool:
        """Mark `summary` published, only if it is still the text the teacher saw.

        A worker may store a regenerated summary between the teacher's read and this write;
        the condition on generated_at and the hash keeps that new, unreviewed text unpublished.
        The caller found `summary` through this school's scope, so its id suffices.
        """
        result = self.session.execute(
            update(FeedbackSummary)
            .where(
                FeedbackSummary.id == summary.id,
                FeedbackSummary.generated_at == summary.generated_at,
                FeedbackSummary.feedback_hash == summary.feedback_hash,
            )
            .values(published_at=when)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)
