"""`/api/v1/evaluations`: staff create, edit, open and close; students list their own."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from teameval.auth.dependencies import PrincipalDep, StaffDep
from teameval.db import SessionDep
from teameval.evaluations.enums import EvaluationStatus
from teameval.evaluations.schemas import (
    EvaluationCreate,
    EvaluationRead,
    EvaluationUpdate,
    ExtensionRead,
    ExtensionSet,
    LateMembers,
    LateMembersAdded,
)
from teameval.evaluations.service import EvaluationService
from teameval.evaluations.team_changes import TeamChangeService
from teameval.pagination import Page, PageDep

router = APIRouter(prefix="/api/v1/evaluations", tags=["evaluations"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_evaluation(
    data: EvaluationCreate, principal: StaffDep, session: SessionDep
) -> EvaluationRead:
    """Create a draft evaluation of a course with its rubric."""
    return EvaluationService(session, principal).create_evaluation(data)


@router.get("")
def list_evaluations(
    principal: PrincipalDep,
    session: SessionDep,
    page: PageDep,
    course_id: Annotated[int | None, Query()] = None,
    status: Annotated[EvaluationStatus | None, Query()] = None,
) -> Page[EvaluationRead]:
    """Staff: the school's evaluations. Students: those they review in, with their progress."""
    items, total = EvaluationService(session, principal).list_evaluations(
        page.limit, page.offset, course_id, status
    )
    return Page(items=items, total=total)


@router.get("/{evaluation_id}")
def get_evaluation(
    evaluation_id: int, principal: PrincipalDep, session: SessionDep
) -> EvaluationRead:
    """One evaluation with its criteria."""
    return EvaluationService(session, principal).get_evaluation(evaluation_id)


@router.patch("/{evaluation_id}")
def update_evaluation(
    evaluation_id: int, data: EvaluationUpdate, principal: StaffDep, session: SessionDep
) -> EvaluationRead:
    """Edit a draft (once opened: only title and deadline)."""
    return EvaluationService(session, principal).update_evaluation(evaluation_id, data)


@router.post("/{evaluation_id}/open")
def open_evaluation(evaluation_id: int, principal: StaffDep, session: SessionDep) -> EvaluationRead:
    """Open a draft: every team member reviews every teammate (and themselves)."""
    return EvaluationService(session, principal).open_evaluation(evaluation_id)


@router.post("/{evaluation_id}/close")
def close_evaluation(
    evaluation_id: int, principal: StaffDep, session: SessionDep
) -> EvaluationRead:
    """Close an open evaluation."""
    return EvaluationService(session, principal).close_evaluation(evaluation_id)


@router.delete("/{evaluation_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_evaluation(evaluation_id: int, principal: StaffDep, session: SessionDep) -> Response:
    """Delete a draft evaluation with its rubric (an opened one stays)."""
    EvaluationService(session, principal).delete_evaluation(evaluation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{evaluation_id}/extensions")
def list_extensions(
    evaluation_id: int, principal: StaffDep, session: SessionDep
) -> list[ExtensionRead]:
    """The students with their own later deadline."""
    return EvaluationService(session, principal).list_extensions(evaluation_id)


@router.put("/{evaluation_id}/extensions/{student_id}")
def set_extension(
    evaluation_id: int,
    student_id: int,
    data: ExtensionSet,
    principal: StaffDep,
    session: SessionDep,
) -> ExtensionRead:
    """Give one student of an open evaluation a later deadline."""
    return EvaluationService(session, principal).set_extension(
        evaluation_id, student_id, data.deadline
    )


@router.delete("/{evaluation_id}/extensions/{student_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_extension(
    evaluation_id: int, student_id: int, principal: StaffDep, session: SessionDep
) -> Response:
    """Take a student's extension back."""
    EvaluationService(session, principal).remove_extension(evaluation_id, student_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{evaluation_id}/late-members")
def list_late_members(evaluation_id: int, principal: StaffDep, session: SessionDep) -> LateMembers:
    """Team members who take no part in the open evaluation (they joined after it opened)."""
    return TeamChangeService(session, principal).late_members(evaluation_id)


@router.post("/{evaluation_id}/late-members")
def include_late_members(
    evaluation_id: int, principal: StaffDep, session: SessionDep
) -> LateMembersAdded:
    """Include them: they review their teammates and are reviewed by them."""
    return TeamChangeService(session, principal).include_late_members(evaluation_id)
