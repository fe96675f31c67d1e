"""Evaluation, criterion and allocation queries, scoped to one school."""

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, exists, func, update

from teameval.courses.repository import CourseRepository
from teameval.evaluations.enums import VISIBLE_TO_STUDENTS, EvaluationStatus, ReviewStatus
from teameval.models import Criterion, DeadlineExtension, Evaluation, ReviewAllocation, User
from teameval.repository import ScopedRepository


class EvaluationRepository(ScopedRepository[Evaluation]):
    """The evaluations of one school."""

    model = Evaluation

    def list_stmt(
        self,
        course_id: int | None = None,
        status: str | None = None,
        teacher_id: int | None = None,
    ) -> Select[tuple[Evaluation]]:
        """Evaluations, newest first, optionally of one course, in one status, or of the
        courses one teacher teaches."""
        stmt = self._select()
        if teacher_id is not None:
            courses = CourseRepository(self.session, self.school_id)
            stmt = stmt.where(courses.in_taught(Evaluation.course_id, teacher_id))
        if course_id is not None:
            stmt = stmt.where(Evaluation.course_id == course_id)
        if status is not None:
            stmt = stmt.where(Evaluation.status == status)
        return stmt.order_by(Evaluation.created_at.desc(), Evaluation.id.desc())

    def participant_stmt(
        self, reviewer_id: int, course_id: int | None = None, status: str | None = None
    ) -> Select[tuple[Evaluation]]:
        """Open or closed evaluations in which this student has reviews to write."""
        reviewing = (
            self._select(ReviewAllocation.evaluation_id)
            .where(ReviewAllocation.reviewer_id == reviewer_id)
            .scalar_subquery()
        )
        # A student never sees a draft, even when asked for one by filter.
        statuses = [s for s in VISIBLE_TO_STUDENTS if status in (None, s)]
        stmt = self._select().where(Evaluation.id.in_(reviewing), Evaluation.status.in_(statuses))
        if course_id is not None:
            stmt = stmt.where(Evaluation.course_id == course_id)
        return stmt.order_by(Evaluation.created_at.desc(), Evaluation.id.desc())

    def due_for_closing(self, now: datetime, limit: int) -> Sequence[Evaluation]:
        """Open evaluations set to close at their deadline whose deadline and every extension
        have passed (system code: `EvaluationRepository.system(session)`)."""
        running = exists().where(
            DeadlineExtension.evaluation_id == Evaluation.id, DeadlineExtension.deadline > now
        )
        stmt = (
            self._select()
            .where(
                Evaluation.status == EvaluationStatus.OPEN,
                Evaluation.close_at_deadline.is_(True),
                Evaluation.deadline.is_not(None),
                Evaluation.deadline <= now,
                ~running,
            )
            .order_by(Evaluation.deadline, Evaluation.id)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def remove(self, evaluation: Evaluation) -> None:
        """Delete an evaluation (a draft: its criteria go with it, by the foreign keys)."""
        for criterion in CriterionRepository(self.session, self.school_id).of_evaluation(
            evaluation.id
        ):
            self.session.delete(criterion)
        self.session.delete(evaluation)

    def move(self, evaluation_id: int, from_status: str, to_status: str, **values: Any) -> bool:
        """Change the status only if it still is `from_status`; False when someone was first.

        A conditional UPDATE makes two concurrent "open" (or "close") requests safe: exactly
        one of them wins, so reviews are allocated (and summaries queued) once. The caller has
        already found the evaluation in this school (ids are global), so the id suffices.
        """
        result = self.session.execute(
            update(Evaluation)
            .where(Evaluation.id == evaluation_id, Evaluation.status == from_status)
            .values(status=to_status, **values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


class CriterionRepository(ScopedRepository[Criterion]):
    """Rubric criteria."""

    model = Criterion

    def of_evaluations(self, evaluation_ids: Iterable[int]) -> dict[int, list[Criterion]]:
        """The criteria of each evaluation, in rubric order."""
        wanted = set(evaluation_ids)
        result: dict[int, list[Criterion]] = {e: [] for e in wanted}
        if not wanted:
            return result
        stmt = (
            self._select()
            .where(Criterion.evaluation_id.in_(wanted))
            .order_by(Criterion.position, Criterion.id)
        )
        for criterion in self.session.scalars(stmt):
            result[criterion.evaluation_id].append(criterion)
        return result

    def of_evaluation(self, evaluation_id: int) -> Sequence[Criterion]:
        """One evaluation's criteria in rubric order."""
        stmt = (
            self._select()
            .where(Criterion.evaluation_id == evaluation_id)
            .order_by(Criterion.position, Criterion.id)
        )
        return self.session.scalars(stmt).all()

    def remove_all(self, evaluation_id: int) -> None:
        """Delete an evaluation's criteria (only done while it is a draft: no scores yet)."""
        for criterion in self.of_evaluations([evaluation_id])[evaluation_id]:
            self.session.delete(criterion)


class DeadlineExtensionRepository(ScopedRepository[DeadlineExtension]):
    """Students' own deadlines in evaluations."""

    model = DeadlineExtension

    def one(self, evaluation_id: int, student_id: int) -> DeadlineExtension | None:
        """The student's extension in the evaluation, if any."""
        stmt = self._select().where(
            DeadlineExtension.evaluation_id == evaluation_id,
            DeadlineExtension.student_id == student_id,
        )
        return self.session.scalars(stmt).first()

    def of_student(self, evaluation_ids: Iterable[int], student_id: int) -> dict[int, datetime]:
        """Evaluation id -> the student's own deadline, for those where they have one."""
        wanted = set(evaluation_ids)
        if not wanted:
            return {}
        stmt = self._select(DeadlineExtension.evaluation_id, DeadlineExtension.deadline).where(
            DeadlineExtension.evaluation_id.in_(wanted),
            DeadlineExtension.student_id == student_id,
        )
        return {row[0]: row[1] for row in self.session.execute(stmt)}

    def running(self, evaluation_ids: Iterable[int], now: datetime) -> dict[int, int]:
        """Evaluation id -> how many extensions have not passed at `now`."""
        wanted = set(evaluation_ids)
        if not wanted:
            return {}
        stmt = (
            self._select(DeadlineExtension.evaluation_id, func.count())
            .where(DeadlineExtension.evaluation_id.in_(wanted), DeadlineExtension.deadline > now)
            .group_by(DeadlineExtension.evaluation_id)
        )
        return {row[0]: int(row[1]) for row in self.session.execute(stmt)}

    def remove(self, row: DeadlineExtension) -> None:
        """Delete one extension."""
        self.session.delete(row)

    def of_evaluation(self, evaluation_id: int) -> list[tuple[DeadlineExtension, User]]:
        """The evaluation's extensions with their students, by name."""
        stmt = (
            self._select(DeadlineExtension, User)
            .join(User, User.id == DeadlineExtension.student_id)
            .where(DeadlineExtension.evaluation_id == evaluation_id, self._in_school(User))
            .order_by(User.name, User.id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt)]


@dataclass(frozen=True)
class PendingReviewer:
    """An active student with `open_count` reviews not yet submitted."""

    user_id: int
    email: str
    name: str
    language: str | None
    open_count: int


class AllocationRepository(ScopedRepository[ReviewAllocation]):
    """Who reviews whom in which evaluation, and how far each review is."""

    model = ReviewAllocation

    def of_evaluation(self, evaluation_id: int) -> Sequence[ReviewAllocation]:
        """Every allocation of the evaluation, by team, in a stable order."""
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

    def unsubmitted(self, evaluation_id: int) -> list[tuple[int, str, bool, str]]:
        """(reviewer id, reviewee name, is self, status) of every review of an active
        student not yet submitted, by reviewee name: what each student has left to do."""
        stmt = (
            self._select(
                ReviewAllocation.reviewer_id,
                User.name,
                ReviewAllocation.is_self,
                ReviewAllocation.status,
            )
            .join(User, User.id == ReviewAllocation.reviewee_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.status != ReviewStatus.SUBMITTED,
            )
            .order_by(ReviewAllocation.is_self.desc(), User.name, ReviewAllocation.id)
        )
        return [(r[0], r[1], bool(r[2]), str(r[3])) for r in self.session.execute(stmt)]

    def pending_reviewers(self, evaluation_id: int) -> list[PendingReviewer]:
        """Active students with unsubmitted reviews in the evaluation, with how many, by name."""
        stmt = (
            self._select(User.id, User.email, User.name, User.language, func.count())
            .select_from(ReviewAllocation)
            .join(User, User.id == ReviewAllocation.reviewer_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.status != ReviewStatus.SUBMITTED,
                User.is_active.is_(True),
            )
            .group_by(User.id, User.email, User.name, User.language)
            .order_by(User.name, User.id)
        )
        return [
            PendingReviewer(r[0], r[1], r[2], r[3], int(r[4])) for r in self.session.execute(stmt)
        ]

    def progress(
        self, evaluation_ids: Iterable[int], reviewer_id: int | None = None
    ) -> dict[int, tuple[int, int]]:
        """Per evaluation (submitted, allocated) reviews, all or of one reviewer."""
        wanted = set(evaluation_ids)
        if not wanted:
            return {}
        submitted = func.sum(case((ReviewAllocation.status == ReviewStatus.SUBMITTED, 1), else_=0))
        stmt = (
            self._select(ReviewAllocation.evaluation_id, submitted, func.count())
            .where(ReviewAllocation.evaluation_id.in_(wanted))
            .group_by(ReviewAllocation.evaluation_id)
        )
        if reviewer_id is not None:
            stmt = stmt.where(ReviewAllocation.reviewer_id == reviewer_id)
        return {row[0]: (int(row[1] or 0), int(row[2])) for row in self.session.execute(stmt)}

    def reviewer(self, evaluation_id: int, student_id: int) -> User | None:
        """The student, when they write reviews in the evaluation."""
        stmt = (
            self._select(User)
            .select_from(ReviewAllocation)
            .join(User, User.id == ReviewAllocation.reviewer_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.reviewer_id == student_id,
            )
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def open_evaluation_of(self, course_id: int, student_id: int) -> str | None:
        """The title of an open evaluation of the course in which the student reviews or is
        reviewed, if any."""
        stmt = (
            self._select(Evaluation.title)
            .select_from(ReviewAllocation)
            .join(Evaluation, Evaluation.id == ReviewAllocation.evaluation_id)
            .where(
                Evaluation.course_id == course_id,
                Evaluation.status == EvaluationStatus.OPEN,
                (ReviewAllocation.reviewer_id == student_id)
                | (ReviewAllocation.reviewee_id == student_id),
            )
            .order_by(Evaluation.id)
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def in_team(self, team_id: int) -> bool:
        """Whether any evaluation allocated reviews in this team."""
        stmt = self._select(ReviewAllocation.id).where(ReviewAllocation.team_id == team_id)
        return self.session.scalars(stmt.limit(1)).first() is not None

    def participant_ids(self, evaluation_id: int) -> set[int]:
        """The students who review (and are reviewed) in the evaluation."""
        stmt = self._select(ReviewAllocation.reviewer_id).where(
            ReviewAllocation.evaluation_id == evaluation_id
        )
        return set(self.session.scalars(stmt.distinct()))

    def pairs(self, evaluation_id: int) -> set[tuple[int, int]]:
        """Every (reviewer, reviewee) allocated in the evaluation."""
        stmt = self._select(ReviewAllocation.reviewer_id, ReviewAllocation.reviewee_id).where(
            ReviewAllocation.evaluation_id == evaluation_id
        )
        return {(row[0], row[1]) for row in self.session.execute(stmt)}

    def is_reviewer(self, evaluation_id: int, reviewer_id: int) -> bool:
        """Whether this user has reviews to write in this evaluation."""
        stmt = self._select(ReviewAllocation.id).where(
            ReviewAllocation.evaluation_id == evaluation_id,
            ReviewAllocation.reviewer_id == reviewer_id,
        )
        return self.session.scalars(stmt.limit(1)).first() is not None

    def reviewees_with_peer_feedback(self, evaluation_id: int) -> list[int]:
        """Students who received at least one submitted peer review (self reviews do not count)."""
        stmt = (
            self._select(ReviewAllocation.reviewee_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.status == ReviewStatus.SUBMITTED,
                ReviewAllocation.is_self.is_(False),
            )
            .distinct()
            .order_by(ReviewAllocation.reviewee_id)
        )
        return list(self.session.scalars(stmt))

    def allocate(
        self,
        evaluation_id: int,
        teams: Mapping[int, Sequence[int]],
        include_self: bool,
        existing: Set[tuple[int, int]] = frozenset(),
    ) -> int:
        """Every member of each team reviews every teammate (and themselves): the count made.

        Pairs in `existing` are skipped: adding late team members allocates only what is new.
        """
        made = 0
        for team_id, members in teams.items():
            for reviewer in members:
                for reviewee in members:
                    if reviewer == reviewee and not include_self:
                        continue
                    if (reviewer, reviewee) in existing:
                        continue
                    self.add(
                        ReviewAllocation(
                            evaluation_id=evaluation_id,
                            team_id=team_id,
                            reviewer_id=reviewer,
                            reviewee_id=reviewee,
                            is_self=reviewer == reviewee,
                            status=ReviewStatus.TODO,
                        )
                    )
                    made += 1
        return made
