"""Teacher pages that change what already exists: a draft's settings and rubric, an open
evaluation's title and deadline, per-student extensions, late team members, and teams
(rename, delete, move a student). Each calls the service method its JSON route calls."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from teameval.auth.principal import Principal
from teameval.config import SettingsDep
from teameval.courses.schemas import TeamBase
from teameval.courses.service import CourseService
from teameval.db import SessionDep
from teameval.errors import AppError, Invalid
from teameval.evaluations.schemas import EvaluationUpdate
from teameval.evaluations.service import EvaluationService
from teameval.evaluations.team_changes import TeamChangeService
from teameval.web import forms
from teameval.web.dependencies import FormDep, StaffForm
from teameval.web.flash import redirect_with
from teameval.web.teacher import course_page_with_errors
from teameval.web.teacher_evaluation import render_evaluation_page
from teameval.web.templating import page_language

router = APIRouter(prefix="/teacher", include_in_schema=False)


def _evaluation_again(
    request: Request,
    principal: Principal,
    session: SessionDep,
    settings: SettingsDep,
    evaluation_id: int,
    section: str,
    exc: AppError | ValidationError,
    typed: dict[str, Any],
) -> Response:
    """The evaluation page again (422) with the refusal in `section` and the typed values."""
    if isinstance(exc, AppError) and exc.status_code == 404:
        raise exc
    return render_evaluation_page(
        request,
        principal,
        session,
        settings,
        evaluation_id,
        errors={section: forms.problem(exc, page_language(request))},
        typed=typed,
        status_code=422,
    )


@router.post("/evaluations/{evaluation_id}/edit")
def edit_evaluation(
    request: Request,
    evaluation_id: int,
    principal: StaffForm,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Save a draft's title, rubric, deadline and closing; an open one's title and deadline."""
    service = EvaluationService(session, principal)
    try:
        current = service.get_evaluation(evaluation_id)
        changes: dict[str, Any] = {
            "title": forms.text(form, "title"),
            "deadline": forms.local_datetime(form, "deadline"),
            "close_at_deadline": forms.text(form, "close_at_deadline") == "on",
        }
        if current.status == "draft" and "criteria" in form:
            changes["criteria"] = forms.criteria_lines(forms.text(form, "criteria"))
        if forms.text(form, "deadline") == forms.local_value(current.deadline):
            del changes["deadline"]  # unchanged: a deadline already passed may stay as it is
        service.update_evaluation(evaluation_id, EvaluationUpdate.model_validate(changes))
    except (AppError, ValidationError) as exc:
        return _evaluation_again(
            request, principal, session, settings, evaluation_id, "edit", exc, forms.keep(form)
        )
    return redirect_with(request, f"/teacher/evaluations/{evaluation_id}", "changes_saved")


@router.post("/evaluations/{evaluation_id}/delete")
def delete_evaluation(
    request: Request,
    evaluation_id: int,
    principal: StaffForm,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Delete a draft; back to its course."""
    service = EvaluationService(session, principal)
    course_id = service.get_evaluation(evaluation_id).course_id
    try:
        service.delete_evaluation(evaluation_id)
    except AppError as exc:
        return _evaluation_again(
            request, principal, session, settings, evaluation_id, "edit", exc, {}
        )
    return redirect_with(request, f"/teacher/courses/{course_id}", "deleted")


@router.post("/evaluations/{evaluation_id}/extensions")
def give_extension(
    request: Request,
    evaluation_id: int,
    principal: StaffForm,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Give one student a later deadline."""
    typed = {
        "student_id": forms.text(form, "student_id"),
        "extension_deadline": forms.text(form, "deadline"),
    }
    try:
        student_id = forms.integer(form, "student_id")
        deadline = forms.local_datetime(form, "deadline")
        if student_id is None or deadline is None:
            raise Invalid("extension_incomplete")
        EvaluationService(session, principal).set_extension(evaluation_id, student_id, deadline)
    except (AppError, ValidationError) as exc:
        return _evaluation_again(
            request, principal, session, settings, evaluation_id, "extension", exc, typed
        )
    return redirect_with(request, f"/teacher/evaluations/{evaluation_id}#extensions", "extended")


@router.post("/evaluations/{evaluation_id}/extensions/{student_id}/remove")
def remove_extension(
    request: Request, evaluation_id: int, student_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Take a student's extension back."""
    EvaluationService(session, principal).remove_extension(evaluation_id, student_id)
    return redirect_with(
        request, f"/teacher/evaluations/{evaluation_id}#extensions", "changes_saved"
    )


@router.post("/evaluations/{evaluation_id}/late-members")
def include_late_members(
    request: Request,
    evaluation_id: int,
    principal: StaffForm,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Include the students who joined a team after the evaluation opened."""
    try:
        TeamChangeService(session, principal).include_late_members(evaluation_id)
    except AppError as exc:
        return _evaluation_again(
            request, principal, session, settings, evaluation_id, "late", exc, {}
        )
    return redirect_with(request, f"/teacher/evaluations/{evaluation_id}", "added")


@router.post("/courses/{course_id}/teams/{team_id}/rename")
def rename_team(
    request: Request,
    course_id: int,
    team_id: int,
    principal: StaffForm,
    form: FormDep,
    session: SessionDep,
) -> Response:
    """Give a team another name; its members stay."""
    service = CourseService(session, principal)
    try:
        course = service.get_course(course_id)
        team = next((t for t in course.teams if t.id == team_id), None)
        if team is None:
            raise Invalid("unknown_team", team_id=team_id)
        members = [m.id for m in team.members]
        service.update_team(
            course_id, team_id, TeamBase(name=forms.text(form, "name"), member_ids=members)
        )
    except (AppError, ValidationError) as exc:
        return course_page_with_errors(request, principal, session, course_id, "teams", exc)
    return redirect_with(request, f"/teacher/courses/{course_id}#teams", "changes_saved")


@router.post("/courses/{course_id}/teams/{team_id}/delete")
def delete_team(
    request: Request, course_id: int, team_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Delete an empty team."""
    try:
        TeamChangeService(session, principal).delete_team(course_id, team_id)
    except AppError as exc:
        return course_page_with_errors(request, principal, session, course_id, "teams", exc)
    return redirect_with(request, f"/teacher/courses/{course_id}#teams", "deleted")


@router.post("/courses/{course_id}/students/remove")
def remove_student(
    request: Request, course_id: int, principal: StaffForm, form: FormDep, session: SessionDep
) -> Response:
    """Take the chosen student off the course."""
    try:
        student_id = forms.integer(form, "student_id")
        if student_id is None:
            raise Invalid("student_not_on_course", user_id="")
        TeamChangeService(session, principal).remove_student(course_id, student_id)
    except (AppError, ValidationError) as exc:
        return course_page_with_errors(
            request, principal, session, course_id, "student_remove", exc
        )
    return redirect_with(request, f"/teacher/courses/{course_id}#roster", "removed")


@router.post("/courses/{course_id}/students/{student_id}/team")
def move_student(
    request: Request,
    course_id: int,
    student_id: int,
    principal: StaffForm,
    form: FormDep,
    session: SessionDep,
) -> Response:
    """Put a student in another team, or in none."""
    try:
        team_id = forms.integer(form, "team_id")
        CourseService(session, principal).move_student(course_id, student_id, team_id)
    except (AppError, ValidationError) as exc:
        return course_page_with_errors(request, principal, session, course_id, "teams", exc)
    return redirect_with(request, f"/teacher/courses/{course_id}#teams", "moved")
