"""Allocation and score queries for the reviews a student writes, scoped to one school."""

from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from teameval.models import ReviewAllocation, ReviewScore, User
from teameval.repository import ScopedRepository


class ReviewRepository(ScopedRepository[ReviewAllocation]):
    """The allocations of one school, seen from the reviewer."""

    model = ReviewAllocation

    def __init__(self, session: Session, school_id: int) -> None:
        super().__init__(session, school_id)
        self.scores = ScoreRepository(session, school_id)

    def of_reviewer(
        self, evaluation_id: int, reviewer_id: int
    ) -> Sequence[tuple[ReviewAllocation, User]]:
        """The reviewer's allocations with their reviewees: themselves first, then by name."""
        stmt = (
            self._select(ReviewAllocation, User)
            .join(User, User.id == ReviewAllocation.reviewee_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.reviewer_id == reviewer_id,
            )
            .order_by(ReviewAllocation.is_self.desc(), User.name, User.id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt)]

    def one(
        self, evaluation_id: int, reviewer_id: int, reviewee_id: int
    ) -> tuple[ReviewAllocation, User] | None:
        """The allocation of this reviewer for this reviewee, with the reviewee."""
        stmt = (
            self._select(ReviewAllocation, User)
            .join(User, User.id == ReviewAllocation.reviewee_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.reviewer_id == reviewer_id,
                ReviewAllocation.reviewee_id == reviewee_id,
            )
        )
        row = self.session.execute(stmt).first()
        return (row[0], row[1]) if row is not None else None


class ScoreRepository(ScopedRepository[ReviewScore]):
    """Scores given in reviews."""

    model = ReviewScore

    def of_allocations(self, allocation_ids: Iterable[int]) -> dict[int, dict[int, ReviewScore]]:
        """Per allocation, its scores by criterion id."""
        wanted = set(allocation_ids)
        result: dict[int, dict[int, ReviewScore]] = {a: {} for a in wanted}
        if not wanted:
            return result
        for score in self.session.scalars(
            self._select().where(ReviewScore.allocation_id.in_(wanted))
        ):
            result[score.allocation_id][score.criterion_id] = score
        return result
