"""Evaluations: create and edit drafts, open (allocating reviews), close; who sees which."""

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.courses.repository import CourseRepository, TeamMemberRepository, TeamRepository
from teameval.courses.staff import course_in_charge, require_on_course, teacher_scope
from teameval.errors import AppError, Conflict, Invalid, NotFound
from teameval.evaluations import events
from teameval.evaluations.enums import EvaluationPhase, EvaluationStatus
from teameval.evaluations.repository import (
    AllocationRepository,
    CriterionRepository,
    DeadlineExtensionRepository,
    EvaluationRepository,
)
from teameval.evaluations.schemas import (
    CriterionCreate,
    CriterionRead,
    EvaluationCreate,
    EvaluationRead,
    EvaluationUpdate,
    ExtensionRead,
    Progress,
)
from teameval.i18n.languages import DEFAULT_LANGUAGE
from teameval.models import Criterion, DeadlineExtension, Evaluation, utcnow
from teameval.users.repository import UserRepository

log = logging.getLogger("teameval.evaluations")

# Once reviews are allocated the rubric and scale are fixed: scores refer to them.
EDITABLE_AFTER_DRAFT = frozenset({"title", "deadline", "close_at_deadline"})
# Fields of EvaluationRead that are not columns: computed when an evaluation is read.
# A close whose summary job collided with a concurrent queue request is tried again.
_CLOSE_RACE_RETRIES = 5
_COMPUTED = frozenset(
    {
        "criteria",
        "progress",
        "deadline_passed",
        "accepts_reviews",
        "phase",
        "own_deadline",
        "extensions_running",
    }
)
# Columns that may be cleared with an explicit null in an update.
NULLABLE_FIELDS = frozenset({"deadline", "adjustment_min", "adjustment_max"})


def review_refusal(
    evaluation: Evaluation, now: datetime, extension: datetime | None = None
) -> str | None:
    """Why reviews of `evaluation` cannot be saved at `now` (a message code), or None.

    The one rule for "is a review still editable": the review service refuses with this code,
    and evaluations answer it as `accepts_reviews` for the pages. `extension` is the reviewer's
    own later deadline, when the teacher gave them one.
    """
    if evaluation.status != EvaluationStatus.OPEN:
        return "evaluation_not_open"
    if deadline_passed(evaluation, now, extension):
        return "deadline_passed"
    return None


def deadline_passed(
    evaluation: Evaluation, now: datetime, extension: datetime | None = None
) -> bool:
    """The deadline (or the student's later `extension`) is set and past: the hard end of
    reviewing (docs/EVALUATION-FLOW.md)."""
    if evaluation.deadline is None:
        return False
    deadline = max(evaluation.deadline, extension) if extension else evaluation.deadline
    return deadline <= now


def phase(evaluation: Evaluation, now: datetime, extension: datetime | None = None) -> str:
    """What every page calls the evaluation's state (EvaluationPhase)."""
    if evaluation.status == EvaluationStatus.OPEN and deadline_passed(evaluation, now, extension):
        return EvaluationPhase.DEADLINE_PASSED
    return str(evaluation.status)


def evaluation_in_charge(session: Session, principal: Principal, evaluation_id: int) -> Evaluation:
    """The evaluation, found in the principal's school and, for a teacher, of a course they
    teach (courses/staff.py); else 404. Students are judged by each use case's own rule."""
    evaluation = EvaluationRepository(session, principal.school_id).get_or_404(evaluation_id)
    require_on_course(session, principal, evaluation.course_id)
    return evaluation


class EvaluationService:
    """Evaluations of the principal's school; students see only those they take part in."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        school_id = principal.school_id
        self.evaluations = EvaluationRepository(session, school_id)
        self.criteria = CriterionRepository(session, school_id)
        self.allocations = AllocationRepository(session, school_id)
        self.courses = CourseRepository(session, school_id)
        self.teams = TeamRepository(session, school_id)
        self.members = TeamMemberRepository(session, school_id)
        self.extensions = DeadlineExtensionRepository(session, school_id)

    def create_evaluation(self, data: EvaluationCreate) -> EvaluationRead:
        """Create a draft evaluation of a course with its rubric."""
        self.principal.require_staff()
        try:
            course_in_charge(self.session, self.principal, data.course_id)
        except NotFound:
            raise Invalid("unknown_course", course_id=data.course_id) from None
        values = data.model_dump(exclude={"criteria"})
        values["title"] = data.title
        _check_settings(values, data.criteria, deadline_changed=data.deadline is not None)
        evaluation = self.evaluations.add(
            Evaluation(
                **values, status=EvaluationStatus.DRAFT, created_by_id=self.principal.user_id
            )
        )
        self.session.flush()
        self._add_criteria(evaluation.id, data.criteria)
        self.session.commit()
        return self._reads([evaluation])[0]

    def list_evaluations(
        self, limit: int, offset: int, course_id: int | None = None, status: str | None = None
    ) -> tuple[list[EvaluationRead], int]:
        """Staff: the evaluations of the courses they run. Students: the open or closed ones
        they review in."""
        if self.principal.is_staff:
            stmt = self.evaluations.list_stmt(course_id, status, teacher_scope(self.principal))
        else:
            stmt = self.evaluations.participant_stmt(self.principal.user_id, course_id, status)
        rows, total = self.evaluations.page(stmt, limit, offset)
        return self._reads(rows), total

    def get_evaluation(self, evaluation_id: int) -> EvaluationRead:
        """One evaluation; a student only one they take part in (else 404)."""
        return self._reads([self.visible(evaluation_id)])[0]

    def visible(self, evaluation_id: int) -> Evaluation:
        """The evaluation when the principal may see it: staff of its course, or a reviewer."""
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        if self.principal.is_staff:
            return evaluation
        if evaluation.status == EvaluationStatus.DRAFT or not self.allocations.is_reviewer(
            evaluation.id, self.principal.user_id
        ):
            raise NotFound()
        return evaluation

    def update_evaluation(self, evaluation_id: int, data: EvaluationUpdate) -> EvaluationRead:
        """Edit a draft; once opened only the title and the deadline change."""
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        given = {
            name: getattr(data, name)
            for name in data.model_fields_set
            if getattr(data, name) is not None or name in NULLABLE_FIELDS
        }
        if evaluation.status != EvaluationStatus.DRAFT and set(given) - EDITABLE_AFTER_DRAFT:
            raise Invalid("evaluation_locked", fields=", ".join(sorted(EDITABLE_AFTER_DRAFT)))
        criteria: list[CriterionCreate] | None = given.pop("criteria", None)
        values = {
            column: getattr(evaluation, column)
            for column in EvaluationUpdate.model_fields
            if column != "criteria"
        } | given
        current = [
            CriterionCreate(name=c.name, description=c.description)
            for c in self.criteria.of_evaluations([evaluation.id])[evaluation.id]
        ]
        _check_settings(
            values,
            criteria if criteria is not None else current,
            deadline_changed=given.get("deadline") is not None,
        )
        for column, value in given.items():
            setattr(evaluation, column, value)
        if criteria is not None:
            self.criteria.remove_all(evaluation.id)
            self.session.flush()
            self._add_criteria(evaluation.id, criteria)
        self.session.commit()
        return self._reads([evaluation])[0]

    def open_evaluation(self, evaluation_id: int) -> EvaluationRead:
        """Open a draft: allocate every review in one transaction."""
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        if evaluation.status != EvaluationStatus.DRAFT:
            raise Invalid("evaluation_not_draft")
        now = utcnow()
        if deadline_passed(evaluation, now):
            raise Invalid("deadline_in_past")
        teams = self.teams.all_in_course(evaluation.course_id)
        members = self.members.members(t.id for t in teams)
        # A team of one has nobody to review: it takes no part.
        qualifying = {
            team_id: [u.id for u in users] for team_id, users in members.items() if len(users) >= 2
        }
        if not qualifying:
            raise Invalid("evaluation_has_no_teams")
        if not self.evaluations.move(
            evaluation.id, EvaluationStatus.DRAFT, EvaluationStatus.OPEN, opened_at=now
        ):
            self.session.rollback()
            raise Invalid("evaluation_not_draft")
        self.allocations.allocate(evaluation.id, qualifying, evaluation.include_self)
        self.session.commit()
        self.session.refresh(evaluation)
        return self._reads([evaluation])[0]

    def close_evaluation(self, evaluation_id: int) -> EvaluationRead:
        """Close an open evaluation: no more reviews; results and summaries can be made.

        One transaction: the new status and what the close hooks write (the summary job rows,
        registered in evaluations/events.py) are committed together or not at all.
        """
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        for _ in range(_CLOSE_RACE_RETRIES):
            if evaluation.status != EvaluationStatus.OPEN:
                raise Invalid("evaluation_not_open")
            if not self.evaluations.move(
                evaluation.id,
                EvaluationStatus.OPEN,
                EvaluationStatus.CLOSED,
                closed_at=utcnow(),
                roster_names=self.courses.roster_names(evaluation.course_id),
            ):
                self.session.rollback()
                raise Invalid("evaluation_not_open")
            try:
                after = events.closing(self.session, self.principal, evaluation.id)
                self.session.commit()
            except IntegrityError:  # a request queued one of the same summaries meanwhile
                self.session.rollback()
                self.session.refresh(evaluation)
                continue
            except BaseException:
                self.session.rollback()
                raise
            events.committed(after, evaluation.id)
            self.session.refresh(evaluation)
            return self._reads([evaluation])[0]
        raise Conflict("queue_busy")

    def refusal_for_reviewer(self, evaluation: Evaluation, reviewer_id: int) -> str | None:
        """`review_refusal` for one reviewer now, their own extension counted."""
        extension = self.extensions.of_student([evaluation.id], reviewer_id).get(evaluation.id)
        return review_refusal(evaluation, utcnow(), extension)

    def delete_evaluation(self, evaluation_id: int) -> None:
        """Delete a draft with its rubric; an opened evaluation stays (reviews refer to it)."""
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        if evaluation.status != EvaluationStatus.DRAFT:
            raise Invalid("evaluation_delete_not_draft")
        self.evaluations.remove(evaluation)
        self.session.commit()

    def list_extensions(self, evaluation_id: int) -> list[ExtensionRead]:
        """The students with their own later deadline, by name (staff)."""
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        return [
            ExtensionRead(student_id=u.id, name=u.name, deadline=x.deadline)
            for x, u in self.extensions.of_evaluation(evaluation.id)
        ]

    def set_extension(
        self, evaluation_id: int, student_id: int, deadline: datetime
    ) -> ExtensionRead:
        """Give one student of an open evaluation a later deadline (or move theirs).

        Their reviews stay open until it; an evaluation that closes itself at its deadline
        waits for it (docs/EVALUATION-FLOW.md, "Deadlines").
        """
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        if evaluation.status != EvaluationStatus.OPEN:
            raise Invalid("extension_not_open")
        if evaluation.deadline is None:
            raise Invalid("extension_without_deadline")
        student = self.allocations.reviewer(evaluation.id, student_id)
        if student is None:
            raise Invalid("extension_not_participant", user_id=student_id)
        if deadline <= evaluation.deadline:
            raise Invalid("extension_not_later")
        if deadline <= utcnow():
            raise Invalid("deadline_in_past")
        row = self.extensions.one(evaluation.id, student_id)
        if row is None:
            row = self.extensions.add(
                DeadlineExtension(
                    evaluation_id=evaluation.id, student_id=student_id, deadline=deadline
                )
            )
        row.deadline = deadline
        self.session.commit()
        return ExtensionRead(student_id=student.id, name=student.name, deadline=row.deadline)

    def remove_extension(self, evaluation_id: int, student_id: int) -> None:
        """Take a student's extension back: the evaluation's deadline holds for them again."""
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        row = self.extensions.one(evaluation.id, student_id)
        if row is None:
            raise NotFound()
        self.extensions.remove(row)
        self.session.commit()

    def _add_criteria(self, evaluation_id: int, criteria: Sequence[CriterionCreate]) -> None:
        for position, criterion in enumerate(criteria):
            self.criteria.add(
                Criterion(
                    evaluation_id=evaluation_id,
                    name=criterion.name,
                    description=criterion.description.strip(),
                    position=position,
                    levels=[
                        {"score": level.score, "description": level.description.strip()}
                        for level in sorted(criterion.levels, key=lambda x: x.score)
                    ],
                )
            )

    def _reads(self, evaluations: Sequence[Evaluation]) -> list[EvaluationRead]:
        """Evaluations with criteria and progress, in a fixed number of queries."""
        ids = [e.id for e in evaluations]
        criteria = self.criteria.of_evaluations(ids)
        reviewer = None if self.principal.is_staff else self.principal.user_id
        progress = self.allocations.progress(ids, reviewer)
        now = utcnow()
        own = {} if reviewer is None else self.extensions.of_student(ids, reviewer)
        running = self.extensions.running(ids, now) if reviewer is None else {}
        reads = []
        for evaluation in evaluations:
            done, total = progress.get(evaluation.id, (0, 0))
            extension = own.get(evaluation.id)
            read = EvaluationRead.model_validate(
                {
                    **{
                        k: getattr(evaluation, k)
                        for k in EvaluationRead.model_fields
                        if k not in _COMPUTED
                    },
                    "criteria": [CriterionRead.model_validate(c) for c in criteria[evaluation.id]],
                    "progress": Progress(submitted=done, total=total),
                    "deadline_passed": deadline_passed(evaluation, now, extension),
                    "accepts_reviews": review_refusal(evaluation, now, extension) is None,
                    "phase": phase(evaluation, now, extension),
                    "own_deadline": extension,
                    "extensions_running": running.get(evaluation.id, 0),
                }
            )
            reads.append(read)
        return reads


def _check_settings(
    values: dict[str, Any], criteria: Sequence[CriterionCreate], deadline_changed: bool
) -> None:
    """The rules a complete set of evaluation settings must meet."""
    if values["scale_min"] >= values["scale_max"]:
        raise Invalid("scale_invalid")
    if not criteria:
        raise Invalid("criteria_required")
    seen: set[str] = set()
    for criterion in criteria:
        name = criterion.name  # stripped and non-blank (teameval.validation)
        if name.lower() in seen:
            raise Invalid("duplicate_criterion_name", name=name)
        seen.add(name.lower())
        _check_levels(criterion, values["scale_min"], values["scale_max"])
    low, high = values.get("adjustment_min"), values.get("adjustment_max")
    if low is not None and high is not None and low >= high:
        raise Invalid("adjustment_range_invalid")
    deadline = values.get("deadline")
    if deadline_changed and deadline is not None:
        deadline = deadline if deadline.tzinfo else deadline.replace(tzinfo=utcnow().tzinfo)
        if deadline <= utcnow():
            raise Invalid("deadline_in_past")


def _check_levels(criterion: CriterionCreate, low: int, high: int) -> None:
    """Described levels are scores of the scale, each described once, in words."""
    scores: set[int] = set()
    for level in criterion.levels:
        if not low <= level.score <= high:
            raise Invalid(
                "level_outside_scale", name=criterion.name, score=level.score, min=low, max=high
            )
        if level.score in scores:
            raise Invalid("level_twice", name=criterion.name, score=level.score)
        if not level.description.strip():
            raise Invalid("level_without_text", name=criterion.name, score=level.score)
        scores.add(level.score)


# How many due evaluations one scheduler pass closes; the next pass takes the rest.
CLOSE_BATCH = 100


def close_due_evaluations(session: Session, now: datetime | None = None) -> list[int]:
    """Close every open evaluation set to close at its deadline once that deadline and every
    student's extension have passed; the ids closed. The scheduler's pass (evaluations/
    deadlines.py) calls it; closing goes through `close_evaluation`, so the summaries are
    queued exactly as when a teacher closes. Running it twice (or in two processes) closes
    each evaluation once: the conditional status change lets one close win."""
    now = now or utcnow()
    closed: list[int] = []
    for evaluation in EvaluationRepository.system(session).due_for_closing(now, CLOSE_BATCH):
        principal = _scheduler_principal(session, evaluation)
        if principal is None:
            log.warning("evaluation %s has nobody to close it in the name of", evaluation.id)
            continue
        try:
            EvaluationService(session, principal).close_evaluation(evaluation.id)
        except AppError as exc:  # closed by someone else meanwhile
            session.rollback()
            log.info("evaluation %s not closed at its deadline: %s", evaluation.id, exc.code)
            continue
        closed.append(evaluation.id)
        log.info("evaluation %s closed at its deadline", evaluation.id)
    return closed


def _scheduler_principal(session: Session, evaluation: Evaluation) -> Principal | None:
    """Who an automatic close acts for: the evaluation's creator, else the course's teacher,
    else an admin of the school (the summary jobs record who asked), with an admin's reach."""
    school_id = evaluation.school_id
    course = CourseRepository(session, school_id).get(evaluation.course_id)
    user_id = evaluation.created_by_id or (course.teacher_id if course else None)
    if user_id is None:
        user_id = UserRepository(session, school_id).first_of_role("admin")
    if user_id is None:
        return None
    return Principal(
        user_id=user_id,
        school_id=school_id,
        role="admin",
        language=DEFAULT_LANGUAGE,
        session_id=0,
    )
