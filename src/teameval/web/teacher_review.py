"""Teacher review of summaries (`teacher_review` evaluations): edit, publish, publish all."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from teameval.db import SessionDep
from teameval.errors import Invalid
from teameval.summaries.review_service import SummaryReviewService
from teameval.summaries.schemas import SummaryEdit
from teameval.web import forms
from teameval.web.dependencies import FormDep, StaffForm

router = APIRouter(prefix="/teacher/evaluations", include_in_schema=False)


def _student_url(evaluation_id: int, student_id: int, msg: str) -> str:
    return f"/teacher/evaluations/{evaluation_id}/students/{student_id}?msg={msg}#summary"


@router.post("/{evaluation_id}/students/{student_id}/summary")
def edit_summary(
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
    return RedirectResponse(_student_url(evaluation_id, student_id, "edited"), status_code=303)


@router.post("/{evaluation_id}/students/{student_id}/publish")
def publish_summary(
    evaluation_id: int, student_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Release the summary to the student."""
    SummaryReviewService(session, principal).publish(evaluation_id, student_id)
    return RedirectResponse(_student_url(evaluation_id, student_id, "published"), status_code=303)


@router.post("/{evaluation_id}/publish-all")
def publish_all(evaluation_id: int, principal: StaffForm, session: SessionDep) -> Response:
    """Release every summary that is ready; those needing a look stay unpublished."""
    SummaryReviewService(session, principal).publish_all(evaluation_id)
    return RedirectResponse(
        f"/teacher/evaluations/{evaluation_id}?msg=published#summaries", status_code=303
    )
