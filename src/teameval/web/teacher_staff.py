"""Teacher pages for a course's staff: add and remove co-teachers (courses/staff.py)."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from teameval.courses.staff import CourseStaffService
from teameval.db import SessionDep
from teameval.errors import AppError
from teameval.web import forms
from teameval.web.dependencies import FormDep, StaffForm
from teameval.web.flash import redirect_with
from teameval.web.teacher import course_page_with_errors

router = APIRouter(prefix="/teacher", include_in_schema=False)


@router.post("/courses/{course_id}/teachers")
def add_co_teacher(
    request: Request, course_id: int, principal: StaffForm, form: FormDep, session: SessionDep
) -> Response:
    """Add a teacher of the school to the course's staff."""
    try:
        teacher_id = forms.integer(form, "teacher_id")
        if teacher_id is None:
            raise AppError("co_teacher_required", status_code=422)
        CourseStaffService(session, principal).add_co_teacher(course_id, teacher_id)
    except (AppError, ValidationError) as exc:
        return course_page_with_errors(request, principal, session, course_id, "staff", exc)
    return redirect_with(request, f"/teacher/courses/{course_id}#staff", "teacher_added")


@router.post("/courses/{course_id}/teachers/{teacher_id}/remove")
def remove_co_teacher(
    request: Request, course_id: int, teacher_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Take a co-teacher off the course."""
    CourseStaffService(session, principal).remove_co_teacher(course_id, teacher_id)
    return redirect_with(request, f"/teacher/courses/{course_id}#staff", "teacher_removed")
