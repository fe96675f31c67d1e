"""Teacher control of summaries (both release modes): edit, hold back, publish; publish all."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from teameval.db import SessionDep
from teameval.errors import Invalid
from teameval.summaries.review_service import SummaryReviewService
from teameval.summaries.schemas import SummaryEdit
from teameval.web import forms
from teameval.web.dependencies import FormDep, StaffForm
from teameval.web.flash import redirect_with

router = APIRouter(prefix="/teacher/evaluations", include_in_schema=False)


def _student_url(evaluation_id: int, student_id: int) -> str:
    return f"/teacher/evaluations/{evaluation_id}/students/{student_id}#summary"


@router.post("/{evaluation_id}/students/{student_id}/summary")
def edit_summary(
    request: Request,
    evaluation_id: int,
    student_id: int,
    principal: StaffForm,
    form: FormDep,
    session: SessionDep,
) -> Response:
    """Save the teacher's version of the summary (empty: back to the generated text)."""
    try:
        data = SummaryEdit(text=forms.text(form, "text"))
    except ValidationError as exc:  # longer than the limit
        raise Invalid("validation_error", details=str(exc.errors()[0].get("msg", ""))) from exc
    SummaryReviewService(session, principal).edit(evaluation_id, student_id, data)
    return redirect_with(request, _student_url(evaluation_id, student_id), "edited")


@router.post("/{evaluation_id}/students/{student_id}/publish")
def publish_summary(
    request: Request, evaluation_id: int, student_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Release the summary to the student (under `auto`: end its hold)."""
    SummaryReviewService(session, principal).publish(evaluation_id, student_id)
    return redirect_with(request, _student_url(evaluation_id, student_id), "published")


@router.post("/{evaluation_id}/students/{student_id}/hold")
def hold_back_summary(
    request: Request, evaluation_id: int, student_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Keep the summary from the student until it is released again."""
    SummaryReviewService(session, principal).hold_back(evaluation_id, student_id)
    return redirect_with(request, _student_url(evaluation_id, student_id), "held_back")


@router.post("/{evaluation_id}/publish-all")
def publish_all(
    request: Request, evaluation_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Release every summary that is ready; those needing a look stay unpublished."""
    SummaryReviewService(session, principal).publish_all(evaluation_id)
    return redirect_with(request, f"/teacher/evaluations/{evaluation_id}#summaries", "published")
