"""Writing reviews: a student's list of reviews to write, saving drafts and submitting.

Decisions:
- The deadline is hard: once it has passed, saving (draft or submit) is refused with
  `deadline_passed` even while the evaluation is still open; a teacher who wants more time
  moves the deadline (PATCH) or closes the evaluation.
- A PUT replaces the whole review: criteria left out are no longer scored.
- A submitted review can only be replaced by submitting again; saving it as a draft is refused
  (`review_already_submitted`), so a counted review never silently stops counting.
- Everything is validated before anything is written: a refused request changes nothing.
"""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.errors import AppError, Conflict, Invalid, NotFound
from teameval.evaluations.enums import ReviewStatus
from teameval.evaluations.repository import (
    AllocationRepository,
    CriterionRepository,
    EvaluationRepository,
)
from teameval.evaluations.service import EvaluationService
from teameval.models import Criterion, Evaluation, ReviewAllocation, ReviewScore, User, utcnow
from teameval.reviews.repository import ScoreRepository
from teameval.reviews.schemas import (
    MAX_COMMENT,
    ReviewRead,
    ReviewSave,
    ScoreIn,
    ScoreRead,
    clean_comment,
)
from teameval.users.schemas import UserRef


class ReviewService:
    """The reviews the principal writes; a reviewee not allocated to them does not exist."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.evaluations = EvaluationRepository(session, principal.school_id)
        self.criteria = CriterionRepository(session, principal.school_id)
        self.allocations = AllocationRepository(session, principal.school_id)
        self.scores = ScoreRepository(session, principal.school_id)

    def my_reviews(self, evaluation_id: int) -> list[ReviewRead]:
        """Every review the principal writes in this evaluation (none for staff)."""
        evaluation = EvaluationService(self.session, self.principal).visible(evaluation_id)
        rows = self.allocations.of_reviewer(evaluation.id, self.principal.user_id)
        criteria = self._criteria(evaluation)
        scores = self.scores.of_allocations(a.id for a, _ in rows)
        return [_read(a, u, criteria, scores[a.id]) for a, u in rows]

    def save_review(self, evaluation_id: int, reviewee_id: int, data: ReviewSave) -> ReviewRead:
        """Save a draft of, or submit, the review of one teammate."""
        evaluation = self.evaluations.get_or_404(evaluation_id)
        found = self.allocations.one(evaluation.id, self.principal.user_id, reviewee_id)
        if found is None:
            raise NotFound()
        allocation, reviewee = found
        now = utcnow()
        evaluations = EvaluationService(self.session, self.principal)
        refusal = evaluations.refusal_for_reviewer(evaluation, self.principal.user_id)
        if refusal is not None:
            raise Invalid(refusal)
        if allocation.status == ReviewStatus.SUBMITTED and not data.submit:
            raise Invalid("review_already_submitted")
        criteria = self._criteria(evaluation)
        wanted = _validated(evaluation, criteria, data)

        existing = self.scores.of_allocations([allocation.id])[allocation.id]
        for criterion_id, row in existing.items():
            if criterion_id not in wanted:
                self.session.delete(row)
        for criterion_id, (score, comment) in wanted.items():
            stored = existing.get(criterion_id)
            if stored is None:
                self.scores.add(
                    ReviewScore(
                        allocation_id=allocation.id,
                        criterion_id=criterion_id,
                        score=score,
                        comment=comment,
                    )
                )
            else:
                stored.score, stored.comment = score, comment
        allocation.status = (
            ReviewStatus.SUBMITTED
            if data.submit
            else (ReviewStatus.DRAFT if wanted else ReviewStatus.TODO)
        )
        allocation.submitted_at = now if data.submit else None
        allocation.updated_at = now
        try:
            self.session.commit()
        except IntegrityError as exc:  # the same review saved twice at the same moment
            self.session.rollback()
            raise Conflict("review_changed_concurrently") from exc
        scores = self.scores.of_allocations([allocation.id])[allocation.id]
        return _read(allocation, reviewee, criteria, scores)

    def save_reviews(self, evaluation_id: int, saves: dict[int, ReviewSave]) -> dict[int, AppError]:
        """Save a page of reviews (reviewee id -> review) and say which were refused, and why.

        A review equal to what is stored is left alone unless it is being submitted, so the
        cards a student did not touch (a submitted one included) never change; each review is
        its own transaction, so one refusal leaves the others saved; a review that cannot be
        submitted yet is kept as a draft.
        """
        stored = {r.reviewee.id: r for r in self.my_reviews(evaluation_id)}
        refused: dict[int, AppError] = {}
        for reviewee_id, data in saves.items():
            current = stored.get(reviewee_id)
            if current is None:
                raise NotFound()
            if not data.submit and _content(current.scores) == _content(data.scores):
                continue
            try:
                self.save_review(evaluation_id, reviewee_id, data)
            except AppError as exc:
                if exc.status_code == 404:
                    raise
                refused[reviewee_id] = exc
                if data.submit and current.status != ReviewStatus.SUBMITTED:
                    # Not ready to submit: what was typed is still kept, as a draft.
                    self._keep_as_draft(evaluation_id, reviewee_id, data)
        return refused

    def _keep_as_draft(self, evaluation_id: int, reviewee_id: int, data: ReviewSave) -> None:
        try:
            self.save_review(evaluation_id, reviewee_id, ReviewSave(scores=data.scores))
        except AppError as exc:  # the same problem again (a score off the scale): nothing kept
            if exc.status_code == 404:
                raise

    def _criteria(self, evaluation: Evaluation) -> list[Criterion]:
        return self.criteria.of_evaluations([evaluation.id])[evaluation.id]


def _content(scores: Sequence[ScoreIn | ScoreRead]) -> dict[int, tuple[int | None, str]]:
    """What a review says, to compare a posted one with the stored one (blanks left out)."""
    content = {}
    for entry in scores:
        comment = clean_comment(entry.comment)
        if entry.score is not None or comment:
            content[entry.criterion_id] = (entry.score, comment)
    return content


def _validated(
    evaluation: Evaluation, criteria: list[Criterion], data: ReviewSave
) -> dict[int, tuple[int | None, str]]:
    """The review as it will be stored (criterion id -> score, comment), or the first problem."""
    known = {c.id: c for c in criteria}
    wanted: dict[int, tuple[int | None, str]] = {}
    for entry in data.scores:
        _check_entry(evaluation, known, wanted, entry)
        wanted[entry.criterion_id] = (entry.score, entry.clean_comment())
    if data.submit:
        missing = [c.name for c in criteria if wanted.get(c.id, (None, ""))[0] is None]
        if missing:
            raise Invalid("submit_incomplete", missing=", ".join(missing))
    return wanted


def _check_entry(
    evaluation: Evaluation,
    known: dict[int, Criterion],
    seen: dict[int, tuple[int | None, str]],
    entry: ScoreIn,
) -> None:
    criterion_id = entry.criterion_id
    if criterion_id not in known:
        raise Invalid("unknown_criterion", criterion_id=criterion_id)
    if criterion_id in seen:
        raise Invalid("duplicate_criterion", criterion_id=criterion_id)
    score = entry.score
    if score is not None and not evaluation.scale_min <= score <= evaluation.scale_max:
        raise Invalid(
            "score_off_scale",
            score=score,
            criterion_id=criterion_id,
            criterion=known[criterion_id].name,
            min=evaluation.scale_min,
            max=evaluation.scale_max,
        )
    if len(entry.clean_comment()) > MAX_COMMENT:
        raise Invalid(
            "comment_too_long",
            max=MAX_COMMENT,
            criterion_id=criterion_id,
            criterion=known[criterion_id].name,
        )


def _read(
    allocation: ReviewAllocation,
    reviewee: User,
    criteria: list[Criterion],
    scores: dict[int, ReviewScore],
) -> ReviewRead:
    """A review with a score entry for every criterion, in rubric order."""
    entries = []
    for criterion in criteria:
        stored = scores.get(criterion.id)
        entries.append(
            ScoreRead(
                criterion_id=criterion.id,
                score=stored.score if stored else None,
                comment=stored.comment if stored else "",
            )
        )
    return ReviewRead(
        reviewee=UserRef.model_validate(reviewee),
        is_self=allocation.is_self,
        status=allocation.status,
        scores=entries,
        updated_at=allocation.updated_at,
        submitted_at=allocation.submitted_at,
    )
