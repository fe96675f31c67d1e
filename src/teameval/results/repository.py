"""Queries behind results: an evaluation's criteria, allocations and submitted scores."""

from collections.abc import Iterable, Sequence

from teameval.models import (
    Evaluation,
    FeedbackSummary,
    ReviewAllocation,
    SummaryGenerationJob,
    Team,
    User,
)
from teameval.repository import ScopedRepository


class EvaluationRepository(ScopedRepository[Evaluation]):
    """The evaluations of one school (results only read them)."""

    model = Evaluation


class AllocationRepository(ScopedRepository[ReviewAllocation]):
    """Review allocations and the scores of the submitted ones."""

    model = ReviewAllocation

    def of_evaluation(self, evaluation_id: int) -> Sequence[ReviewAllocation]:
        """Every allocation of the evaluation, in a stable order."""
        stmt = (
            self._select()
            .where(ReviewAllocation.evaluation_id == evaluation_id)
            .order_by(ReviewAllocation.team_id, ReviewAllocation.id)
        )
        return self.session.scalars(stmt).all()

    def received_by(self, evaluation_id: int, student_id: int) -> Sequence[ReviewAllocation]:
        """The allocations in which `student_id` is reviewed (their own self review included)."""
        stmt = (
            self._select()
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.reviewee_id == student_id,
            )
            .order_by(ReviewAllocation.id)
        )
        return self.session.scalars(stmt).all()


class TeamNameRepository(ScopedRepository[Team]):
    """Team names for the results table."""

    model = Team

    def names(self, team_ids: Iterable[int]) -> dict[int, str]:
        """Team id -> name."""
        wanted = set(team_ids)
        if not wanted:
            return {}
        stmt = self._select(Team.id, Team.name).where(Team.id.in_(wanted))
        return {row[0]: row[1] for row in self.session.execute(stmt)}


class PeopleRepository(ScopedRepository[User]):
    """The students named in results."""

    model = User

    def by_ids(self, ids: Iterable[int]) -> dict[int, User]:
        """Users by id; other schools' ids are absent."""
        wanted = set(ids)
        if not wanted:
            return {}
        return {u.id: u for u in self.session.scalars(self._select().where(User.id.in_(wanted)))}


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
