"""`/api/v1/evaluations`: staff create, edit, open and close; students list their own."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from teameval.auth.dependencies import PrincipalDep, StaffDep
from teameval.db import SessionDep
from teameval.evaluations.enums import EvaluationStatus
from teameval.evaluations.schemas import (
    EvaluationCreate,
    EvaluationRead,
    EvaluationUpdate,
)
from teameval.evaluations.service import EvaluationService
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
