"""Staff pages that give students access: a course's codes and invitations, printable slips."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from teameval.access.schemas import IssuedCodes
from teameval.access.service import AccessService
from teameval.auth.principal import Principal
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.errors import AppError
from teameval.i18n import translate
from teameval.web import forms
from teameval.web.dependencies import FormDep, StaffForm, StaffPage
from teameval.web.templating import page_language, render

router = APIRouter(prefix="/teacher", include_in_schema=False)


def _page_service(
    request: Request, principal: StaffPage, session: SessionDep, settings: SettingsDep
) -> AccessService:
    return AccessService(session, principal, settings, str(request.base_url))


def _form_service(
    request: Request, principal: StaffForm, session: SessionDep, settings: SettingsDep
) -> AccessService:
    return AccessService(session, principal, settings, str(request.base_url))


# The access service of the signed-in staff member (a form post: CSRF checked), linking to
# where the request came in.
AccessPage = Annotated[AccessService, Depends(_page_service)]
AccessForm = Annotated[AccessService, Depends(_form_service)]


def _course_access_page(
    request: Request,
    service: AccessService,
    course_id: int,
    error: str = "",
    status_code: int = 200,
) -> Response:
    context = {"access": service.course_access(course_id), "error": error}
    return render(request, "access/course.html", context, status_code=status_code)


def render_slips(
    request: Request, issued: IssuedCodes, back: str, heading: str, created_name: str = ""
) -> Response:
    """The printable slips of new codes: shown this once, never cached."""
    context = {
        "issued": issued,
        "back": back,
        "heading": heading,
        "created_name": created_name,
        # The slips answer a form post: switching language returns to where they came from.
        "language_back": back,
    }
    return render(request, "access/slips.html", context)


def _back_to(form_course: int | None, principal: Principal) -> str:
    """Where the slips page leads back: the course's access page, else the users page."""
    if form_course:
        return f"/teacher/courses/{form_course}/access"
    return "/admin/users" if principal.role == "admin" else "/teacher"


@router.get("/courses/{course_id}/access")
def course_access(
    request: Request,
    course_id: int,
    access: AccessPage,
) -> Response:
    """The course's students, whether each has a password, and the ways to give them a code."""
    return _course_access_page(request, access, course_id)


@router.post("/courses/{course_id}/sign-in-codes")
def course_codes(
    request: Request,
    course_id: int,
    access: AccessForm,
    form: FormDep,
) -> Response:
    """New codes for the course's students, as slips to print."""
    include = forms.text(form, "include_with_password") == "yes"
    issued = access.issue_for_course(course_id, include)
    heading = translate("page_slips_title_of", page_language(request), name=issued.course_name)
    return render_slips(request, issued, f"/teacher/courses/{course_id}/access", heading)


@router.post("/courses/{course_id}/invitations")
def course_invitations(
    request: Request,
    course_id: int,
    access: AccessForm,
    form: FormDep,
) -> Response:
    """E-mail the course's students their invitations; the page says how many went out."""
    include = forms.text(form, "include_with_password") == "yes"
    try:
        report = access.invite_course(course_id, include)
    except AppError as exc:
        if exc.status_code == 404:
            raise
        message = translate(exc.code, page_language(request), **exc.params)
        return _course_access_page(request, access, course_id, message, exc.status_code)
    back = f"/teacher/courses/{course_id}/access"
    context = {"report": report, "back": back, "language_back": back}
    return render(request, "access/invited.html", context)


@router.post("/users/{user_id}/sign-in-code")
def user_code(
    request: Request,
    user_id: int,
    access: AccessForm,
    form: FormDep,
) -> Response:
    """A new code for one person, as a slip to print."""
    back = _back_to(forms.integer(form, "course_id", 0), access.principal)
    issued = access.issue_for_user(user_id)
    name = issued.slips[0].name
    heading = translate("page_slips_title_of", page_language(request), name=name)
    return render_slips(request, issued, back, heading)


@router.post("/users/{user_id}/invitation")
def user_invitation(
    request: Request,
    user_id: int,
    access: AccessForm,
    form: FormDep,
) -> Response:
    """E-mail one person an invitation."""
    back = _back_to(forms.integer(form, "course_id", 0), access.principal)
    report = access.invite_user(user_id)
    context = {"report": report, "back": back, "language_back": back}
    return render(request, "access/invited.html", context)
