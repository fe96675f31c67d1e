"""Teacher pages: courses and evaluations, a course's teams and roster, adding students."""

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from teameval.auth.principal import Principal
from teameval.bodylimit import UPLOAD_BODY_MAX
from teameval.courses.roster_import import RosterImportResult, RosterImportService
from teameval.courses.schemas import CourseCreate, TeamBase
from teameval.courses.service import CourseService
from teameval.courses.staff import CourseStaffService
from teameval.db import SessionDep
from teameval.errors import AppError, InvalidLines
from teameval.evaluations.schemas import EvaluationCreate
from teameval.evaluations.service import EvaluationService
from teameval.pagination import MAX_LIMIT
from teameval.users.csv_import import decode_upload
from teameval.users.schemas import UserCreate
from teameval.web import forms
from teameval.web.dependencies import FormDep, StaffForm, StaffPage
from teameval.web.flash import redirect_with
from teameval.web.templating import page_language, render

router = APIRouter(prefix="/teacher", include_in_schema=False)


def _problem(request: Request, exc: AppError | ValidationError) -> str:
    """The message of a refused form, in the page's language."""
    return forms.problem(exc, page_language(request))


@router.get("")
def teacher_home(request: Request, principal: StaffPage, session: SessionDep) -> Response:
    """The school's courses, each with its evaluations, and a form for a new course."""
    return _home(request, principal, session)


def _home(
    request: Request,
    principal: Principal,
    session: SessionDep,
    error: str = "",
    typed: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    courses, _ = CourseService(session, principal).list_courses(MAX_LIMIT, 0)
    evaluations, _ = EvaluationService(session, principal).list_evaluations(MAX_LIMIT, 0)
    by_course: dict[int, list[Any]] = defaultdict(list)
    for evaluation in evaluations:
        by_course[evaluation.course_id].append(evaluation)
    context = {
        "courses": courses,
        "by_course": by_course,
        "error": error,
        "typed": typed or {},
    }
    return render(request, "teacher/index.html", context, status_code=status_code)


@router.post("/courses")
def create_course(
    request: Request, principal: StaffForm, form: FormDep, session: SessionDep
) -> Response:
    """Create a course run by the signed-in teacher."""
    try:
        data = CourseCreate(name=forms.text(form, "name"), code=forms.text(form, "code") or None)
        course = CourseService(session, principal).create_course(data)
    except (AppError, ValidationError) as exc:
        return _home(request, principal, session, _problem(request, exc), forms.keep(form), 422)
    return redirect_with(request, f"/teacher/courses/{course.id}", "created")


def _course_page(
    request: Request,
    principal: Principal,
    session: SessionDep,
    course_id: int,
    errors: dict[str, str] | None = None,
    typed: dict[str, Any] | None = None,
    preview: RosterImportResult | None = None,
    csv_text: str = "",
    status_code: int = 200,
    imported: str = "",
) -> Response:
    course = CourseService(session, principal).get_course(course_id)
    evaluations, _ = EvaluationService(session, principal).list_evaluations(
        MAX_LIMIT, 0, course_id=course_id
    )
    in_team = {m.id for team in course.teams for m in team.members}
    staff = CourseStaffService(session, principal)
    context = {
        "course": course,
        "staff": staff.staff_of(course_id),
        "staff_candidates": staff.candidates(course_id),
        "evaluations": evaluations,
        "teamless": [s for s in course.students if s.id not in in_team],
        "errors": errors or {},
        "typed": typed or {},
        "preview": preview,
        "preview_rows": _preview_rows(preview) if preview else [],
        "csv_text": csv_text,
        "imported": imported,
    }
    return render(request, "teacher/course.html", context, status_code=status_code)


def course_page_with_errors(
    request: Request,
    principal: Principal,
    session: SessionDep,
    course_id: int,
    section: str,
    exc: AppError | ValidationError,
) -> Response:
    """The course page again (422) with the refusal shown in `section`; a 404 stays a 404."""
    if isinstance(exc, AppError) and exc.status_code == 404:
        raise exc
    errors = {section: _problem(request, exc)}
    return _course_page(request, principal, session, course_id, errors, status_code=422)


@router.get("/courses/{course_id}")
def course_page(
    request: Request, course_id: int, principal: StaffPage, session: SessionDep
) -> Response:
    """A course: its teams and members, the roster, its evaluations, and forms to add to them."""
    return _course_page(request, principal, session, course_id)


@router.post("/courses/{course_id}/students")
def add_student(
    request: Request, course_id: int, principal: StaffForm, form: FormDep, session: SessionDep
) -> Response:
    """Enrol one student, creating them in the school when the e-mail is new."""
    try:
        data = UserCreate(
            email=forms.text(form, "email"),
            name=forms.text(form, "name"),
            class_name=forms.text(form, "class_name") or None,
            role="student",
        )
        CourseService(session, principal).add_student(course_id, data)
    except (AppError, ValidationError) as exc:
        if isinstance(exc, AppError) and exc.status_code == 404:
            raise
        errors = {"student": _problem(request, exc)}
        return _course_page(
            request, principal, session, course_id, errors, forms.keep(form), status_code=422
        )
    return redirect_with(request, f"/teacher/courses/{course_id}#roster", "added")


async def _csv_bytes(form: FormDep) -> bytes:
    """The uploaded file of the import form, or the previewed text sent back on confirmation."""
    uploaded = await forms.upload(form, "file")
    return uploaded if uploaded is not None else forms.text(form, "csv_text").encode()


@router.post("/courses/{course_id}/import", max_body_size=UPLOAD_BODY_MAX)
async def import_students(
    request: Request, course_id: int, principal: StaffForm, form: FormDep, session: SessionDep
) -> Response:
    """Step 1 shows what the file would do and every bad line; step 2 (`confirm`) imports it.

    The course API's import: students and teams (a `team` column), all or nothing.
    """
    data = await _csv_bytes(form)
    confirm = forms.text(form, "confirm") == "yes"

    def work() -> Response:
        service = RosterImportService(session, principal)
        errors: dict[str, str] = {}
        try:
            try:
                preview = service.import_roster(course_id, data, dry_run=not confirm)
            except InvalidLines as exc:  # the file changed under the preview: show it again
                errors["import"] = _problem(request, exc)
                preview = service.import_roster(course_id, data, dry_run=True)
        except AppError as exc:
            if exc.status_code == 404:
                raise
            errors = {"import": _problem(request, exc)}
            return _course_page(request, principal, session, course_id, errors, status_code=422)
        if preview.applied:  # shown at once: the sentence says what the import did
            return _course_page(
                request, principal, session, course_id, imported=preview.message or ""
            )
        return _course_page(
            request,
            principal,
            session,
            course_id,
            errors,
            preview=preview,
            csv_text=decode_upload(data).text,  # sent back as UTF-8 to apply what was seen
            status_code=422 if errors else 200,
        )

    return await run_in_threadpool(work)


def _preview_rows(preview: RosterImportResult) -> list[dict[str, Any]]:
    """The preview's good and bad lines in file order, one table row each."""
    rows: list[dict[str, Any]] = [{"line": x.line, "row": x, "error": ""} for x in preview.lines]
    rows += [{"line": e.line, "row": None, "error": e.message} for e in preview.errors]
    return sorted(rows, key=lambda r: r["line"])


@router.post("/courses/{course_id}/teams")
def create_team(
    request: Request, course_id: int, principal: StaffForm, form: FormDep, session: SessionDep
) -> Response:
    """Form a team of the checked students."""
    try:
        data = TeamBase(name=forms.text(form, "name"), member_ids=forms.ids(form, "member_ids"))
        CourseService(session, principal).create_team(course_id, data)
    except (AppError, ValidationError) as exc:
        if isinstance(exc, AppError) and exc.status_code == 404:
            raise
        errors = {"team": _problem(request, exc)}
        return _course_page(
            request, principal, session, course_id, errors, forms.keep(form), status_code=422
        )
    return redirect_with(request, f"/teacher/courses/{course_id}#teams", "created")


@router.post("/courses/{course_id}/evaluations")
def create_evaluation(
    request: Request, course_id: int, principal: StaffForm, form: FormDep, session: SessionDep
) -> Response:
    """Create a draft evaluation: title, rubric (one criterion per line), scale and release."""
    try:
        typed = {
            "course_id": course_id,
            "title": forms.text(form, "title"),
            "criteria": forms.criteria_lines(forms.text(form, "criteria")),
            "scale_min": forms.integer(form, "scale_min"),
            "scale_max": forms.integer(form, "scale_max"),
            "include_self": forms.text(form, "include_self") == "on",
            "close_at_deadline": forms.text(form, "close_at_deadline") == "on",
            "deadline": forms.local_datetime(form, "deadline"),
            "summary_release": forms.text(form, "summary_release"),
        }
        # A field left empty takes the schema's default (the API's), not one of the page's own.
        data = EvaluationCreate.model_validate(
            {k: v for k, v in typed.items() if v is not None and v != ""}
        )
        CourseService(session, principal).get_course(course_id)
        evaluation = EvaluationService(session, principal).create_evaluation(data)
    except (AppError, ValidationError) as exc:
        if isinstance(exc, AppError) and exc.status_code == 404:
            raise
        errors = {"evaluation": _problem(request, exc)}
        return _course_page(
            request, principal, session, course_id, errors, forms.keep(form), status_code=422
        )
    return redirect_with(request, f"/teacher/evaluations/{evaluation.id}", "created")
