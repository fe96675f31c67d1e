"""Score queries: what reviews gave, scoped to one school (allocations are evaluations')."""

from collections.abc import Iterable
from dataclasses import dataclass

from teameval.evaluations.enums import ReviewStatus
from teameval.models import ReviewAllocation, ReviewScore
from teameval.repository import ScopedRepository


@dataclass(frozen=True)
class ScoreRow:
    """One score (and comment) of a submitted review, with the allocation it belongs to."""

    criterion_id: int
    allocation_id: int
    is_self: bool
    score: int | None
    comment: str


class ScoreRepository(ScopedRepository[ReviewScore]):
    """Scores given in reviews."""

    model = ReviewScore

    def submitted(self, evaluation_id: int, reviewee_id: int | None = None) -> list[ScoreRow]:
        """The scores of submitted reviews only (drafts never count), of one reviewee or all.

        In allocation order, then criterion id: a stable order the feedback hash relies on.
        """
        stmt = (
            self._select(
                ReviewScore.criterion_id,
                ReviewScore.allocation_id,
                ReviewAllocation.is_self,
                ReviewScore.score,
                ReviewScore.comment,
            )
            .join(ReviewAllocation, ReviewAllocation.id == ReviewScore.allocation_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.status == ReviewStatus.SUBMITTED,
            )
            .order_by(ReviewScore.allocation_id, ReviewScore.criterion_id)
        )
        if reviewee_id is not None:
            stmt = stmt.where(ReviewAllocation.reviewee_id == reviewee_id)
        return [ScoreRow(r[0], r[1], r[2], r[3], r[4] or "") for r in self.session.execute(stmt)]

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
